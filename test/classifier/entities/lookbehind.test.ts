import { describe, expect, it } from 'vitest';
import {
  execAll,
  noDigitBefore,
  noLetterBefore,
  notAfterClass,
  scan,
} from '../../../classifier/entities/lookbehind.ts';

/** [index, match] of every match, for comparing `scan` with the lookbehind pattern it replaces. */
const spans = (matches: Iterable<RegExpMatchArray>) => [...matches].map((m) => [m.index, m[0]]);

// Astral letters (𝐚, 𝐀), a mark that is a letter only under case folding (U+0345), a lone
// surrogate, non-ASCII digits and letters: the places where a hand-written check could drift.
const TEXTS = [
  'age 22, Age 23, page 24, 𝐚age 25, \u0345age 26, ١age 27, \udc00age 28, éage 29 age',
  '𝐀nna 22 | 𝐀𝐀nna (33) xAnna (34) Anna (35) \u0345Anna (36)',
  '1999 2008 12008 x2010 𝟘2011 ٣2012 2013',
  '',
];

describe('scan', () => {
  it('finds the matches of the pattern with a caseless letter-or-number lookbehind', () => {
    for (const text of TEXTS) {
      const withLookbehind = /(?<![\p{L}\p{N}])age\s?\d*/giu;
      const without = /age\s?\d*/giu;
      expect(spans(scan(without, text, (t, i) => noLetterBefore(t, i, true)))).toEqual(
        spans(text.matchAll(withLookbehind)),
      );
    }
  });

  it('finds the matches of the pattern with a case-sensitive lookbehind, astral letters included', () => {
    for (const text of TEXTS) {
      const withLookbehind = /(?<![\p{L}\p{N}])\p{Lu}\p{L}+ \(?\d\d/gu;
      const without = /\p{Lu}\p{L}+ \(?\d\d/gu;
      expect(spans(scan(without, text, (t, i) => noLetterBefore(t, i, false)))).toEqual(
        spans(text.matchAll(withLookbehind)),
      );
    }
  });

  it('finds the matches of the pattern with a digit lookbehind', () => {
    for (const text of TEXTS) {
      expect(spans(scan(/(?:19|20)\d\d/gu, text, noDigitBefore))).toEqual(
        spans(text.matchAll(/(?<!\d)(?:19|20)\d\d/gu)),
      );
    }
    expect(spans(scan(/(?:19|20)\d\d/gu, '12008 2008', noDigitBefore))).toEqual([[6, '2008']]);
  });

  it('tells a letter under case folding apart from one without it', () => {
    expect(noLetterBefore('\u0345a', 1, true)).toBe(!/[\p{L}\p{N}]/iu.test('\u0345'));
    expect(noLetterBefore('\u0345a', 1, false)).toBe(true);
    expect(noLetterBefore('𝐚a', 2, false)).toBe(false);
    expect(noLetterBefore('a', 0, false)).toBe(true);
  });
});

describe('notAfterClass', () => {
  it('finds the matches of the pattern with a caseless letter, number, underscore or dot lookbehind', () => {
    const before = notAfterClass(/[\p{L}\p{N}_.]/iu);
    for (const text of [...TEXTS, '_age 1 .age 2 -age 3 kage 4 \u212Aage 5']) {
      expect(spans(scan(/age\s?\d*/giu, text, before))).toEqual(
        spans(text.matchAll(/(?<![\p{L}\p{N}_.])age\s?\d*/giu)),
      );
    }
  });
});

describe('execAll', () => {
  it('gives the matches of matchAll, also after an earlier loop stopped early', () => {
    const pattern = /\d+/g;
    for (const m of execAll(pattern, '1 22 333')) if (m[0] === '22') break;
    expect(spans(execAll(pattern, '1 22 333'))).toEqual(spans('1 22 333'.matchAll(/\d+/g)));
  });
});
