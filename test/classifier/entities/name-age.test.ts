import { describe, expect, it } from 'vitest';
import { nameAgeMatches } from '../../../classifier/entities/name-age.ts';

/** The pattern as a whole-text regex with its lookbehind: what `nameAgeMatches` must agree with. */
const WITH_LOOKBEHIND =
  /(?<![\p{L}\p{N}])\p{Lu}[\p{L}'’-]{1,20},?\s?(?:\((\d{2})\)|(\d{2})\s?(?=[–—|•]|-\s|\n|$))/gmu;

const spans = (matches: Iterable<RegExpMatchArray>) => [...matches].map((m) => [m.index, m[0], m[1], m[2]]);

// Names of 20 and 21 letters after the capital, astral capitals, a name after a hyphen or an
// apostrophe, every optional separator, digits that are too many or not followed as required.
const TEXTS = [
  'Greta (33) | Holly, 22 – TIA 22 |',
  'Abcdefghijklmnopqrstu 22 | Abcdefghijklmnopqrstuv 22 |',
  '𝐀nna 22 | 𝐀𝐁𝐂𝐃𝐄𝐅𝐆𝐇𝐈𝐉𝐊𝐋𝐌𝐍𝐎𝐏𝐐𝐑𝐒𝐓𝐔 22 |',
  "x-Anna 22\nO'Neil (41) xAnna (34) ’Mia, (19)",
  'Anna ,22 | Anna,\u00a022 - Anna((22) Anna 123 | Anna 22 x',
  'ÉLISE 25\nSofia, 27\u2028Max 30',
  '',
];

describe('nameAgeMatches', () => {
  it('finds the matches of the whole-text pattern with its lookbehind', () => {
    for (const text of TEXTS)
      expect(spans(nameAgeMatches(text))).toEqual(spans(text.matchAll(WITH_LOOKBEHIND)));
  });
});
