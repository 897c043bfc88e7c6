import { franc } from 'franc';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { INDICATOR_CODES } from '../../classifier/types.ts';
import { imageSvg } from '../../scripts/marketplace/images.ts';
import { adAt, createGroundTruth, generateAds, LANGS, SITE_KEYS } from '../../scripts/marketplace/index.ts';
import { defaultOrigins } from '../../scripts/marketplace/site-keys.ts';

const SEED = 7;
const SAMPLE = 1500;
const ads = [...generateAds({ seed: SEED, count: SAMPLE })];

// franc's ISO 639-3 codes for the marketplace's languages, as [iso3, iso1] pairs.
const FRANC = Object.fromEntries(
  'eng:en deu:de fra:fr spa:es ita:it rus:ru pol:pl ron:ro'.split(' ').map((pair) => pair.split(':')),
) as Record<string, string>;

describe('generateAds', () => {
  it('is deterministic: the same seed and index give the same ad, in any order', () => {
    expect(adAt(SEED, 321)).toEqual(ads[321]);
    const window = [...generateAds({ seed: SEED, count: 10, offset: 100 })];
    expect(window).toEqual(ads.slice(100, 110));
    expect(adAt(SEED + 1, 321).ad.text).not.toEqual(ads[321]!.ad.text);
  });

  it('is lazy: the first ad of a billion-ad run arrives at once', () => {
    const it = generateAds({ seed: SEED, count: 1_000_000_000 });
    expect(it.next().value).toEqual(ads[0]);
  });

  it('yields ads in the adrisk score input format', () => {
    for (const { ad } of ads.slice(0, 50)) {
      expect(typeof ad.id).toBe('string');
      expect(ad.title.length).toBeGreaterThan(0);
      expect(ad.text.length).toBeGreaterThan(20);
      expect(SITE_KEYS).toContain(ad.site);
      expect(new URL(ad.url).hostname).toMatch(/^127\.0\.0\.\d+$/);
      expect(Number.isNaN(Date.parse(ad.postedAt))).toBe(false);
    }
  });

  it('gives every phone as a valid mobile number of its country, shown in the text or image', () => {
    for (const { ad, truth } of ads) {
      expect(truth.phones.length).toBeGreaterThan(0);
      for (const phone of truth.phones) {
        const parsed = parsePhoneNumberFromString(phone.e164);
        expect(parsed?.isValid(), phone.e164).toBe(true);
        expect(parsed?.getType(), phone.e164).toBe('MOBILE');
        expect(parsed?.country).toBe(phone.country);
        if (phone.role === 'own') expect(phone.country).toBe(truth.country);
        if (phone.style === 'image') expect(truth.images.map((i) => i.text)).toContain(phone.shown);
        else expect(ad.text).toContain(phone.shown);
      }
      for (const email of truth.emails) expect(ad.text).toContain(email.shown);
      for (const handle of truth.handles) expect(ad.text).toContain(handle.shown);
    }
  });

  it('shows phones in every style, including words in each language', () => {
    const styles = new Set(ads.flatMap((a) => a.truth.phones.map((p) => p.style)));
    expect([...styles].sort()).toEqual(
      [
        'emoji_keycap',
        'fullwidth',
        'image',
        'lookalike',
        'mixed_words',
        'plain',
        'separators',
        'spaced',
        'split_lines',
        'words',
      ].sort(),
    );
    const wordLangs = new Set(
      ads.filter((a) => a.truth.phones.some((p) => p.style === 'words')).map((a) => a.truth.language),
    );
    expect([...wordLangs].sort()).toEqual([...LANGS].sort());
  });

  it('writes the text in the labelled language', () => {
    let agree = 0;
    for (const { ad, truth } of ads) {
      if (FRANC[franc(`${ad.title}\n${ad.text}`, { only: Object.keys(FRANC) })] === truth.language) agree++;
    }
    expect(agree / ads.length).toBeGreaterThan(0.97);
    expect(new Set(ads.map((a) => a.truth.language)).size).toBe(LANGS.length);
  });

  it('labels indicators from the contract, with a share of risky ads and a share of hard negatives', () => {
    const codes = new Set(ads.flatMap((a) => a.truth.indicators));
    for (const code of codes) expect(INDICATOR_CODES).toContain(code);
    for (const code of INDICATOR_CODES) expect(codes, code).toContain(code);
    const high = ads.filter((a) => a.truth.risk === 'high').length / ads.length;
    const negatives = ads.filter((a) => a.truth.hardNegative).length / ads.length;
    expect(high).toBeGreaterThan(0.15);
    expect(high).toBeLessThan(0.6);
    expect(negatives).toBeGreaterThan(0.12);
  });

  it('rates minors, recruitment and controlled ads high, and hard negatives low', () => {
    for (const { truth } of ads) {
      const t = truth.textIndicators;
      if (t.includes('minor_age') || t.includes('recruitment')) expect(truth.risk).toBe('high');
      if (t.includes('third_party') && t.includes('restricted_autonomy')) expect(truth.risk).toBe('high');
      if (truth.hardNegative && !truth.networkId) {
        expect(t.filter((c) => c !== 'coded_language')).toEqual([]);
        expect(truth.risk).toBe('low');
      }
      if (t.includes('minor_age')) expect(t).not.toContain('risky_services');
    }
  });

  it('varies its wording: many distinct sentences per language', () => {
    for (const lang of LANGS) {
      const sentences = new Set(
        ads
          .filter((a) => a.truth.language === lang)
          .flatMap((a) => a.ad.text.split(/\n|(?<=[.!])\s/).map((s) => s.replace(/\d+/g, '#'))),
      );
      expect(sentences.size, lang).toBeGreaterThan(60);
    }
  });

  it('marks furniture, jobs, cars and electronics ads on the classifieds site as not adult', () => {
    const classified = ads.filter((a) => a.truth.site === 'classifieds');
    const other = classified.filter((a) => !a.truth.adult);
    expect(other.length).toBeGreaterThan(10);
    for (const a of other) {
      expect(a.truth.kind).toBe('non_adult');
      expect(['furniture', 'jobs', 'cars', 'electronics']).toContain(a.truth.category);
      expect(a.truth.risk).toBe('low');
    }
  });
});

describe('networks', () => {
  const truth = createGroundTruth(SEED, SAMPLE, [], defaultOrigins());
  const networks = [...truth.networks()];
  const byId = new Map(ads.map((a) => [a.truth.id, a]));

  it('has networks of every link type', () => {
    expect(new Set(networks.map((n) => n.link))).toEqual(
      new Set(['phone', 'handle', 'email', 'image', 'text']),
    );
    expect(networks.some((n) => n.agency)).toBe(true);
    expect(networks.some((n) => n.duplicate)).toBe(true);
  });

  it('makes every member really share the network link', () => {
    for (const n of networks) {
      const members = n.adIds.map((id) => byId.get(id)!);
      for (const m of members) {
        expect(m.truth.networkId).toBe(n.networkId);
        switch (n.link) {
          case 'phone':
            expect(m.truth.phones.map((p) => p.e164)).toContain(n.value);
            break;
          case 'handle':
            expect(m.truth.handles.map((h) => `${h.platform}:${h.value}`)).toContain(n.value);
            break;
          case 'email':
            expect(m.truth.emails.map((e) => e.value)).toContain(n.value);
            break;
          case 'image':
            expect(m.truth.images.map((i) => i.id)).toContain(n.value);
            break;
          case 'text': {
            // The same template: the same sentence skeleton once names, places and numbers are removed.
            const skeleton = (a: typeof m) =>
              a.ad.text
                .replace(/^[^\p{L}]+/u, '')
                .split('\n')[0]!
                .replace(a.truth.name, 'NAME')
                .replace(/\d+/g, '#')
                .slice(0, 12);
            expect(skeleton(m)).toBe(skeleton(members[0]!));
            break;
          }
        }
        expect(m.truth.risk).toBe(n.traffickingLike ? 'high' : m.truth.risk);
      }
      if (n.traffickingLike && !n.agency && members.length >= 4) {
        expect(
          new Set(members.map((m) => `${m.truth.name}|${m.truth.city}|${m.truth.age}`)).size,
        ).toBeGreaterThan(1);
      }
      if (n.duplicate) expect(new Set(members.map((m) => m.truth.name)).size).toBe(1);
    }
  });

  it('shares no phone, handle or email between ads outside a common network', () => {
    const holders = new Map<string, Set<string>>();
    for (const { truth: t } of ads) {
      const keys = [
        ...t.phones.filter((p) => p.role !== 'site_support').map((p) => `phone:${p.e164}`),
        ...t.handles.map(
          (h) =>
            `${h.platform === 'whatsapp' ? 'phone' : h.platform}:${h.platform === 'whatsapp' ? `+${h.value}` : h.value}`,
        ),
        ...t.emails.map((e) => `email:${e.value}`),
      ];
      for (const key of new Set(keys))
        holders.set(key, (holders.get(key) ?? new Set()).add(t.networkId ?? t.id));
    }
    for (const [key, groups] of holders) expect(groups.size, key).toBe(1);
  });

  it('draws different images with different layouts, and a network image identically', () => {
    const svgs = new Set(
      ads.flatMap((a) => a.truth.images.map((i) => imageSvg(i.id, 'same text').replace(/>same text</g, ''))),
    );
    const ids = new Set(ads.flatMap((a) => a.truth.images.map((i) => i.id)));
    expect(svgs.size).toBe(ids.size);
    expect(imageSvg('nw-x', 'A')).toBe(imageSvg('nw-x', 'A'));
  });

  it('spreads networks across sites', () => {
    expect(networks.filter((n) => !n.agency).some((n) => n.sites.length > 1)).toBe(true);
  });

  it('prints a site-wide support number on many unrelated classifieds ads, outside any network', () => {
    const support = ads.filter((a) => a.truth.phones.some((p) => p.role === 'site_support'));
    expect(support.length).toBeGreaterThan(10);
    const numbers = new Set(
      support.flatMap((a) => a.truth.phones.filter((p) => p.role === 'site_support').map((p) => p.e164)),
    );
    expect(numbers.size).toBe(1);
    expect(networks.map((n) => n.value)).not.toContain([...numbers][0]);
  });
});
