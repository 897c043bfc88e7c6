// Scoring end to end: language, indicators with evidence in the ad's words, model, fusion, levels.
import { describe, expect, it } from 'vitest';
import { cachedProfile } from '../../classifier/profiles/index.ts';
import { fuse, levelOf, MINOR_AGE_MIN_RISK, scoreAd, scoreAdText } from '../../classifier/score.ts';

describe('scoreAdText', () => {
  it('marks an implied minor urgent and high whatever the rest says', () => {
    const result = scoreAdText({ id: 'm1', title: 'Mia', text: 'Mia 16 yo, independent, call me' });
    expect(result.urgent).toBe(true);
    expect(result.level).toBe('high');
    expect(result.risk).toBeGreaterThanOrEqual(MINOR_AGE_MIN_RISK);
    const minor = result.indicators.find((h) => h.code === 'minor_age')!;
    expect(minor.evidence).toContain('16 yo');
  });

  it.each([
    ['a spelled-out age', { text: 'Mam szesnaście lat, piszcie grzecznie.' }],
    [
      'a birth year read against the posting date',
      { text: 'Born in 2009, sweet and shy.', postedAt: '2026-05-01T10:00:00Z' },
    ],
    ['school wording', { text: 'Todavía voy al instituto, escríbeme.' }],
  ])('marks %s urgent and high', (_label, fields) => {
    const result = scoreAdText({ id: 'mw', ...fields });
    expect(result.urgent).toBe(true);
    expect(result.level).toBe('high');
  });

  it.each([
    'Adults only, 18+. I am 25 years old.',
    'Open since 2009, twenty years of experience.',
    'I am over 18, no schoolgirl role play.',
  ])('does not mark %j as a minor', (text) => {
    const result = scoreAdText({ id: 'ma', text, postedAt: '2026-05-01T10:00:00Z' });
    expect(result.urgent).toBe(false);
    expect(result.indicators.some((h) => h.code === 'minor_age')).toBe(false);
  });

  it('gives each indicator the words that triggered it, in the ad’s language', () => {
    const result = scoreAdText({
      id: 'd1',
      text: 'Neu in der Stadt! Sehr junge Asiatin, tabulos, 100% echte Fotos.',
    });
    expect(result.language).toBe('de');
    const evidence = Object.fromEntries(result.indicators.map((h) => [h.code, h.evidence]));
    expect(evidence.movement).toEqual(['Neu in der Stadt']);
    expect(evidence.youth).toContain('junge');
    expect(evidence.foreign_origin).toEqual(['Asiatin']);
    expect(evidence.restricted_autonomy).toEqual(['tabulos']);
    expect(result.indicators.every((h) => (h.rules ?? []).length > 0)).toBe(true);
  });

  it('weighs movement language low and ethnicity and youth high (JRSA/NIJ 2022)', () => {
    const moving = scoreAdText({ id: 'x', text: 'New in town, leaving soon, limited time' });
    const young = scoreAdText({ id: 'y', text: 'Sweet young Asian girl' });
    const movement = moving.indicators.find((h) => h.code === 'movement')!;
    expect(movement.weight).toBeLessThan(0.15);
    expect(young.indicators.find((h) => h.code === 'youth')!.weight).toBeGreaterThan(movement.weight * 3);
  });

  it('scores an independent adult ad with negated wording low, with no indicator', () => {
    const result = scoreAdText({
      id: 'i1',
      text: 'Independent companion, no agency. I am 32, not new in town. Always with condom. 18+ only.',
    });
    expect(result.indicators).toEqual([]);
    expect(result.level).toBe('low');
    expect(result.urgent).toBe(false);
  });

  it('reports versions of the model and the lexicon, and the model probability', () => {
    const result = scoreAdText({ id: 'v', text: 'Hello' });
    expect(result.model.version).toMatch(/^v1-/);
    expect(result.lexiconVersion).toMatch(/^lex-/);
    expect(result.model.probability).toBeGreaterThanOrEqual(0);
    expect(result.model.probability).toBeLessThanOrEqual(1);
  });

  it('merges network hits from the networks stage, weighted by the profile', () => {
    const hit = { code: 'shared_contact' as const, weight: 1, evidence: ['+491712345678 in 7 ads, 4 names'] };
    const without = scoreAdText({ id: 'n', text: 'Hello, call me' });
    const withHit = scoreAdText({ id: 'n', text: 'Hello, call me' }, { networkHits: [hit] });
    const merged = withHit.indicators.find((h) => h.code === 'shared_contact')!;
    expect(merged.weight).toBe(cachedProfile().base.weights.shared_contact.weight);
    expect(merged.evidence).toEqual(hit.evidence);
    expect(withHit.risk).toBeGreaterThan(without.risk);
  });

  it('reads OCR text given with images for indicators', () => {
    const result = scoreAdText({
      id: 'o',
      text: 'Hi',
      images: [{ ocrText: 'NEW GIRLS every week, hotel only' }],
    });
    expect(result.ocrText).toEqual(['NEW GIRLS every week, hotel only']);
    expect(result.indicators.map((h) => h.code)).toContain('multiple_persons');
  });

  it('uses the thresholds it is given', () => {
    const ad = { id: 't', text: 'Hello, nice evening' };
    const { risk } = scoreAdText(ad);
    expect(scoreAdText(ad, { thresholds: { high: risk + 0.01, medium: risk + 0.005 } }).level).toBe('low');
    expect(scoreAdText(ad, { thresholds: { high: risk + 0.01, medium: risk - 0.001 } }).level).toBe('medium');
    expect(scoreAdText(ad, { thresholds: { high: risk - 0.001, medium: risk / 2 } }).level).toBe('high');
  });

  it('is deterministic', () => {
    const ad = { id: 'det', text: 'Nuova in città, giovanissima ragazza rumena, senza limiti' };
    expect(scoreAdText(ad)).toEqual(scoreAdText(ad));
  });
});

describe('scoreAd', () => {
  it('uses OCR text already present without reading images again', async () => {
    const result = await scoreAd({ id: 'a', text: 'Hi', images: [{ ocrText: 'no limits' }] });
    expect(result.indicators.map((h) => h.code)).toContain('restricted_autonomy');
  });
});

describe('fusion', () => {
  const profile = cachedProfile().base;
  it('rises with indicator weight and with model probability', () => {
    const weak = [{ code: 'youth' as const, weight: 0.2, evidence: [] }];
    const strong = [
      { code: 'youth' as const, weight: 0.45, evidence: [] },
      { code: 'foreign_origin' as const, weight: 0.45, evidence: [] },
    ];
    expect(fuse(strong, 0.5, profile)).toBeGreaterThan(fuse(weak, 0.5, profile));
    expect(fuse(weak, 0.9, profile)).toBeGreaterThan(fuse(weak, 0.1, profile));
    expect(fuse([], 0.5, profile)).toBeLessThan(0.1);
  });

  it('bands risk into levels at the thresholds', () => {
    const t = { high: 0.6, medium: 0.3 };
    expect([levelOf(0.6, t), levelOf(0.3, t), levelOf(0.29, t)]).toEqual(['high', 'medium', 'low']);
  });
});
