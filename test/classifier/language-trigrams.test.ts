// The fast trigram detector answers exactly as franc does with the same options, on ad texts and
// on texts built to reach its edge cases (scripts, surrogates, ties, lengths).
import { franc } from 'franc';
import { describe, expect, it } from 'vitest';
import { trigramDetector } from '../../classifier/language-trigrams.ts';
import { syntheticAds } from '../../classifier/model/synthetic-corpus.ts';

const ONLY = ['eng', 'deu', 'fra', 'spa', 'ita', 'rus', 'pol', 'ron'];
const MIN_LENGTH = 10;
const detector = trigramDetector(ONLY, MIN_LENGTH);
const expected = (text: string) => franc(text, { only: ONLY, minLength: MIN_LENGTH });

/** Deterministic pseudo-random texts over characters of many scripts, digits, emoji and surrogates. */
function randomTexts(count: number): string[] {
  const pool = [
    ...'abcdefghijklmnopqrstuvwxyzäöüßéèçñąęłșțăABCDÉ',
    ...'абвгдеёжзийклмнопрстуфхцчшщыэюяАБВ',
    ...'的一是不了人我在有他这中大来上国',
    ...'مرحباשלוםनमस्तेこんにちは안녕ไทยგამარჯობა',
    ...'0123456789 .,;:!?-+()@#\n\t',
    '😀',
    '🌹',
    '𝐀',
    '\ud800',
    '\udc00',
    '\u0130',
  ];
  let seed = 12345;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  return Array.from({ length: count }, () => {
    const length = Math.floor(next() * 120);
    // Texts leaning to one part of the pool, so that every script gets to be the top script.
    const from = Math.floor(next() * pool.length);
    return Array.from({ length }, () => pool[(from + Math.floor(next() * next() * 40)) % pool.length]).join(
      '',
    );
  });
}

describe('trigramDetector', () => {
  it('answers as franc on synthetic ads, whole and cut to a sample', () => {
    const texts = syntheticAds({ seed: 7, offset: 0, count: 600 }).map(({ ad }) =>
      [ad.title, ad.text].filter(Boolean).join('\n'),
    );
    for (const text of texts) {
      expect(detector.detect(text)).toBe(expected(text));
      expect(detector.detect(text.slice(0, 120))).toBe(expected(text.slice(0, 120)));
    }
  });

  it('answers as franc on mixed scripts, surrogates and odd lengths', () => {
    const texts = [
      ...randomTexts(3_000),
      '',
      'short',
      '123456789012345',
      '!!!!!!!!!!!!!!!!!!!!',
      '😀😀😀😀😀😀😀😀😀😀',
      '\ud800\ud800\ud800\ud800\ud800 lone surrogates',
      'Привет hello привет hello',
      'x'.repeat(3_000),
      `${'hello there '.repeat(300)}Привет`,
      'İstanbul İzmir İİİİİ',
    ];
    const differing = texts.filter((text) => detector.detect(text) !== expected(text));
    expect(differing).toEqual([]);
  });

  it('returns franc answers other than und, not only und', () => {
    const answers = new Set(randomTexts(500).map((text) => detector.detect(text)));
    expect(answers.size).toBeGreaterThan(3);
  });
});
