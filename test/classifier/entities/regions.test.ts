import { describe, expect, it } from 'vitest';
import {
  extractEntities,
  extractLocations,
  inferRegion,
  languageOtherRegions,
} from '../../../classifier/entities/index.ts';

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

describe('numbers without a country code', () => {
  it('reads a number in the country of a city the ad names before the language', () => {
    const text = 'Nouvelle à Genève, appelle-moi : 078 767 01 20';
    const region = inferRegion({ language: 'fr', text });
    expect(extractEntities(text, { defaultRegion: region }).phones).toEqual(['+41787670120']);
  });

  it("tries the language's other countries for a mobile that is invalid in the default region", () => {
    const text = 'Contact me: 085 433 2478';
    expect(extractEntities(text, { defaultRegion: 'GB' }).phones).toEqual([]);
    expect(
      extractEntities(text, { defaultRegion: 'GB', otherRegions: languageOtherRegions('en') }).phones,
    ).toEqual(['+353854332478']);
  });

  it('keeps a number valid in the default region there', () => {
    const text = 'Call 07911 123456';
    expect(
      extractEntities(text, { defaultRegion: 'GB', otherRegions: languageOtherRegions('en') }).phones,
    ).toEqual(['+447911123456']);
  });

  it('reads a number in the country of a single-country currency the ad quotes, before the language', () => {
    const text = 'Запись по телефону 604 679 727. 2600 Kč 30 мин.';
    expect(extractEntities(text, { languageRegion: 'RU' }).phones).toEqual(['+420604679727']);
    // The euro names no country: the language decides.
    expect(extractEntities('Call 07911 123456, 150 EUR', { languageRegion: 'GB' }).phones).toEqual([
      '+447911123456',
    ]);
  });

  it('counts a wa.me link as a phone number', () => {
    expect(extractEntities('WhatsApp: wa.me/41787670120').phones).toEqual(['+41787670120']);
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
