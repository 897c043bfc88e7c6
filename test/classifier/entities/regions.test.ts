import { describe, expect, it } from 'vitest';
import { extractLocations, inferRegion } from '../../../classifier/entities/index.ts';

describe('inferRegion', () => {
  it.each([
    [{ country: 'at', site: 'example.de' }, 'AT'],
    [{ city: 'Wien', site: 'example.de' }, 'AT'],
    [{ city: 'București' }, 'RO'],
    [{ city: 'Санкт-Петербург' }, 'RU'],
    [{ site: 'escort.example.de' }, 'DE'],
    [{ url: 'https://ads.example.co.uk/a/1' }, 'GB'],
    [{ site: 'example.com', language: 'pl' }, 'PL'],
    [{ site: 'example.me', language: 'it' }, 'IT'],
    [{ language: 'fr-BE' }, 'FR'],
    [{ language: 'fr', text: 'Nouvelle à Genève, appelle-moi' }, 'CH'],
    [{ site: 'example.fr', text: 'Nouvelle à Genève' }, 'FR'],
    [{ site: 'example.com' }, undefined],
    [{ country: 'ZZ', city: 'Atlantis' }, undefined],
  ] as const)('%j → %s', (hints, region) => {
    expect(inferRegion(hints)).toBe(region);
  });
});

describe('extractLocations', () => {
  it('finds cities in local spellings and several words', () => {
    expect(extractLocations('Neu in München, bald in Frankfurt am Main und Санкт-Петербург')).toEqual([
      { city: 'Munich', country: 'DE', raw: 'München' },
      { city: 'Frankfurt', country: 'DE', raw: 'Frankfurt am Main' },
      { city: 'Saint Petersburg', country: 'RU', raw: 'Санкт-Петербург' },
    ]);
  });

  it('reads names that are also ordinary words only as places', () => {
    expect(extractLocations('Nice to meet you, Sofia here')).toEqual([]);
    expect(extractLocations('new in Nice, later in Sofia')).toEqual([
      { city: 'Nice', country: 'FR', raw: 'Nice' },
      { city: 'Sofia', country: 'BG', raw: 'Sofia' },
    ]);
  });

  it('matches spellings without diacritics', () => {
    expect(extractLocations('Bucuresti, Krakow, Zurich').map((l) => l.country)).toEqual(['RO', 'PL', 'CH']);
  });
});
