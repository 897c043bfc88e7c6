// Site mapping from page analyses, country inference, the discovery classifier and site profiles.
import { describe, expect, it } from 'vitest';
import {
  analyzePage,
  mergeSite,
  parseProfile,
  pickExpansions,
  SiteAccumulator,
  scoreCandidate,
  shouldExpand,
} from '../../../crawler/analysis/index.ts';
import type { FetchedPage, PageAnalysis } from '../../../crawler/types.ts';

function blank(overrides: Partial<PageAnalysis> = {}): PageAnalysis {
  return {
    role: 'other',
    ads: [],
    links: [],
    externalLinks: [],
    signals: {},
    typeHints: [],
    cities: [],
    needsBrowser: false,
    ...overrides,
  };
}

function fetched(url: string, html: string): FetchedPage {
  return { url, status: 200, contentType: 'text/html', html, headers: {}, rendered: false };
}

describe('mergeSite', () => {
  it('reports no indicators observed as none/false, never as safe', () => {
    const site = mergeSite('quiet.example', [{ url: 'https://quiet.example/', analysis: blank() }]);
    expect(site.compliance).toEqual({
      ageGate: { value: 'none' },
      reportMechanism: { value: false },
      advertiserVerification: { claimed: false },
      antiTraffickingNotice: { value: false },
      robotsTxt: { present: false, disallows: [] },
    });
    expect(JSON.stringify(site)).not.toMatch(/safe/i);
    expect(site.type).toBe('other');
  });

  it('keeps the strongest signal of each kind with the URL and text it was found in', () => {
    const acc = new SiteAccumulator('Atlas.example.de');
    acc.add(
      blank({ signals: { contactPoint: { value: 'https://atlas.example.de/kontakt' } } }),
      'https://atlas.example.de/',
    );
    acc.add(
      blank({
        signals: {
          ageGate: {
            value: 'click_through',
            evidence: { url: 'https://atlas.example.de/', text: 'Ich bin 18' },
          },
          contactPoint: {
            value: 'dsa@atlas.example.de',
            evidence: { url: 'https://atlas.example.de/kontakt', text: 'Kontaktstelle nach DSA' },
          },
        },
        typeHints: [
          {
            type: 'escort_directory',
            weight: 5,
            evidence: { url: 'https://atlas.example.de/', text: 'Escort-Verzeichnis' },
          },
        ],
        language: 'de',
      }),
    );
    const site = acc.result({ robots: { present: true, disallows: ['/intern/'] } });
    expect(site.host).toBe('atlas.example.de');
    expect(site.compliance.ageGate.evidence?.text).toBe('Ich bin 18');
    expect(site.compliance.contactPoint?.value).toBe('dsa@atlas.example.de');
    expect(site.compliance.robotsTxt).toEqual({ present: true, disallows: ['/intern/'] });
    expect(site.type).toBe('escort_directory');
    expect(site.typeEvidence?.[0]?.text).toBe('Escort-Verzeichnis');
    expect(site.country).toBe('DE');
    expect(site.countryBasis).toBe('tld');
  });

  it('infers the country from seed, then TLD, then phone prefixes, then language', () => {
    const ad = {
      url: 'http://127.0.0.9/ad/1',
      contacts: ['+48 512 345 678', 'tel:+48601234567'],
      images: [],
      via: 'test',
    };
    const pages = [blank({ role: 'ad', ads: [ad], language: 'ro' })];
    expect(mergeSite('127.0.0.9:8080', pages, { seedCountry: 'at' })).toMatchObject({
      country: 'AT',
      countryBasis: 'seed',
    });
    expect(mergeSite('anunturi.example.ro', pages)).toMatchObject({ country: 'RO', countryBasis: 'tld' });
    expect(mergeSite('127.0.0.9:8080', pages)).toMatchObject({ country: 'PL', countryBasis: 'phone_prefix' });
    expect(mergeSite('127.0.0.9:8080', [blank({ language: 'it' })])).toMatchObject({
      country: 'IT',
      countryBasis: 'language',
    });
    expect(mergeSite('127.0.0.9:8080', [blank({ language: 'en' })]).country).toBeUndefined();
  });

  it('accepts the bare analyses the crawler stores, and counts ads', () => {
    const ad = { url: 'https://a.example/ad/1', contacts: [], images: [], via: 'test' };
    const site = mergeSite('a.example', [blank({ role: 'ad', ads: [ad] }), blank({ role: 'ad' })]);
    expect(site.adsFound).toBe(1);
    expect(mergeSite('a.example', [blank({ role: 'ad' }), blank({ role: 'ad' })]).adsFound).toBe(2);
  });
});

describe('scoreCandidate', () => {
  it('scores an escort site linked with marketplace wording as a marketplace, with reasons', () => {
    const front = fetched(
      'https://ladies-berlin.example/',
      '<html><head><title>Ladies Berlin – Escort und Begleitung</title></head><body><h1>Escort Berlin</h1><p>Independent escorts, incall und outcall, 18+.</p></body></html>',
    );
    const result = scoreCandidate(
      {
        host: 'ladies-berlin.example',
        foundOn: [
          { url: 'https://atlas.example/ad/1', anchorText: 'Escort Berlin – mehr Damen' },
          { url: 'https://forum.example/thread/2', anchorText: 'her profile' },
        ],
      },
      front,
    );
    expect(result.isMarketplace).toBe(true);
    expect(result.reasons.join(' ')).toMatch(/marketplace wording/);
  });

  it('does not take a platform or an unrelated shop for a marketplace', () => {
    expect(
      scoreCandidate({
        host: 'www.instagram.com',
        foundOn: [{ url: 'https://a.example/', anchorText: 'Escort insta' }],
      }).isMarketplace,
    ).toBe(false);
    const shop = fetched(
      'https://bikes.example/',
      '<html><body><h1>Fahrräder</h1><p>Neue und gebrauchte Räder.</p></body></html>',
    );
    const result = scoreCandidate(
      { host: 'bikes.example', foundOn: [{ url: 'https://a.example/', anchorText: 'bikes' }] },
      shop,
    );
    expect(result.isMarketplace).toBe(false);
    expect(result.reasons.length).toBeGreaterThan(0);
  });

  it('expands the best candidates only within the host budget', () => {
    const candidates = [
      { host: 'a.example', score: 0.9, isMarketplace: true },
      { host: 'b.example', score: 0.7, isMarketplace: true },
      { host: 'c.example', score: 0.2, isMarketplace: false },
    ];
    expect(pickExpansions(candidates, { hostBudget: 1, hostsAdded: 0 }).map((c) => c.host)).toEqual([
      'a.example',
    ]);
    expect(shouldExpand(candidates[1]!, { hostBudget: 5, hostsAdded: 5 })).toMatchObject({ expand: false });
    expect(shouldExpand(candidates[2]!, { hostBudget: 5, hostsAdded: 0 }).expand).toBe(false);
  });
});

describe('site profiles', () => {
  it('rejects an invalid profile with a readable message', () => {
    expect(() => parseProfile({ name: 'Bad Name', hosts: [] })).toThrow(/name|hosts/);
  });

  it('reads ads with a profile where the generic extractor would not', () => {
    const profile = parseProfile({
      name: 'odd-board',
      hosts: ['odd.example'],
      adBlock: 'section.x-entry',
      fields: { title: '.x-h', text: '.x-b', age: '.x-a', city: '.x-c', contacts: '.x-p' },
    });
    const html = `<html><body><section class="x-entry" id="e1"><span class="x-h">Ola</span><span class="x-a">31</span><span class="x-c">Kraków</span><span class="x-b">Zapraszam.</span><span class="x-p">+48 512 345 678</span></section></body></html>`;
    const analysis = analyzePage(fetched('https://odd.example/e', html), {
      host: 'odd.example',
      baseUrl: 'https://odd.example',
      profile,
    });
    expect(analysis.ads).toEqual([
      expect.objectContaining({
        url: 'https://odd.example/e#e1',
        title: 'Ola',
        age: 31,
        city: 'Kraków',
        via: 'profile:odd-board',
        contacts: ['+48 512 345 678'],
      }),
    ]);
  });
});
