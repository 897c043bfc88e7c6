// The model's one-pass feature scan reads tokens exactly as the regular-expression split it replaced,
// and emoji only within the first 4,000 UTF-16 units, as the model was trained.
import { describe, expect, it } from 'vitest';
import { featureIndexes, tokenize, tokenizeByRegex } from '../../classifier/model/features.ts';

/** Deterministic pseudo-random texts over letters of several scripts, digits, marks, emoji and surrogates. */
function randomTexts(count: number): string[] {
  const pool = [
    ...'abcXYZ äöüß éç ñ łś șț',
    ...'абвЖЗИ',
    ...'的一是',
    ...'0123456789 .,;:!?-+()@#\n\t_',
    '\u0301',
    '\u0130',
    '\u03a3',
    '😀',
    '𝐀',
    '𝟘',
    '\ud800',
    '\udc00',
    '\u20e3',
  ];
  let seed = 99;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: Math.floor(next() * 80) }, () => pool[Math.floor(next() * pool.length)]).join(''),
  );
}

describe('tokenize', () => {
  it('gives the tokens of the regular-expression split on tricky texts', () => {
    const texts = [...randomTexts(2_000), '', '   ', 'İstanbul ΣΑΣ', 'a'.repeat(50), 'w '.repeat(500)];
    for (const text of texts) expect(tokenize(text)).toEqual(tokenizeByRegex(text));
  });

  it('stops at 400 tokens', () => {
    expect(tokenize('w '.repeat(500))).toHaveLength(400);
  });
});

describe('featureIndexes', () => {
  // Replacing an emoji by a space keeps the tokens, so only the emoji's own feature differs.
  const at = (offset: number, emoji: string) => `${'x'.repeat(offset)} ${emoji} girls`;

  it('counts an emoji inside the first 4,000 units', () => {
    const withEmoji = featureIndexes(at(3_990, '😀'), 'en');
    const without = featureIndexes(at(3_990, '  '), 'en');
    expect(withEmoji.length).toBe(without.length + 1);
  });

  it('ignores an emoji cut by the 4,000-unit limit and one past it', () => {
    // The text is 'x'×3997 + ' ' (3998 units), so the emoji's pair takes units 3998 and 3999.
    expect(featureIndexes(at(3_997, '😀'), 'en').length).toBe(
      featureIndexes(at(3_997, '  '), 'en').length + 1,
    );
    // One unit later the pair straddles the limit: its first half alone is no emoji.
    expect([...featureIndexes(at(3_998, '😀'), 'en')]).toEqual([...featureIndexes(at(3_998, '  '), 'en')]);
    expect([...featureIndexes(at(4_100, '😀'), 'en')]).toEqual([...featureIndexes(at(4_100, '  '), 'en')]);
  });

  it('returns sorted distinct indexes', () => {
    const indexes = [...featureIndexes('girls girls girls 😀 😀 new new girls', 'en')];
    expect(indexes).toEqual([...new Set(indexes)].sort((a, b) => a - b));
  });
});
