// "Greta (33)", "Holly, 22 –", "TIA 22 |": a capitalised name followed by the age, as in ad titles.
// The pattern starts with a capital, so as a whole-text regex it is tried at every capital of an
// ad and reads each word before failing; here it is tried only at the capitals that can start a
// match, found by reading back from each run of digits, which gives exactly the same matches.
import { noLetterBefore } from './lookbehind.ts';

/** The pattern, less its `(?<![\p{L}\p{N}])` (see `nameAgeMatches`). */
const NAME_AGE = /\p{Lu}[\p{L}'’-]{1,20},?\s?(?:\((\d{2})\)|(\d{2})\s?(?=[–—|•]|-\s|\n|$))/muy;
/** Most characters of the name after its capital (`{1,20}` in NAME_AGE). */
const MAX_NAME_TAIL = 20;
const DIGIT_RUN = /\d{2,}/g;
const NAME_CHAR = /[\p{L}'’-]/u;
const UPPERCASE = /\p{Lu}/u;
const WHITESPACE = /\s/u;
const OPEN_PAREN = 0x28;
const COMMA = 0x2c;

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Start of the code point that ends just before `index`. */
function codePointStartBefore(text: string, index: number): number {
  return index >= 2 && isLow(text.charCodeAt(index - 1)) && isHigh(text.charCodeAt(index - 2))
    ? index - 2
    : index - 1;
}

/**
 * The matches of `(?<![\p{L}\p{N}])` + NAME_AGE, as a global search gives them. The two digits of a
 * match start a run of digits (no digit can precede them in a match). Reading back from a run,
 * `,?\s?\(?` leaves one place for the end of the name, since none of those is a name character;
 * the name is the name characters before it, so a match can only start at a capital among its
 * last 21 code points.
 */
export function* nameAgeMatches(text: string): Generator<RegExpExecArray> {
  /** Positions below this one are inside the last match. */
  let next = 0;
  DIGIT_RUN.lastIndex = 0;
  for (let run = DIGIT_RUN.exec(text); run !== null; run = DIGIT_RUN.exec(text)) {
    const resume = DIGIT_RUN.lastIndex;
    for (const at of startsBefore(text, run.index, next)) {
      NAME_AGE.lastIndex = at;
      const m = NAME_AGE.exec(text);
      if (m === null) continue;
      next = NAME_AGE.lastIndex;
      yield m;
      // Every other start for this run lies before the digits, inside the match.
      break;
    }
    DIGIT_RUN.lastIndex = Math.max(resume, next);
  }
}

/** Capitals at or after `from` at which a match with its digits at `digits` may start, in order. */
function startsBefore(text: string, digits: number, from: number): number[] {
  let end = digits;
  if (text.charCodeAt(end - 1) === OPEN_PAREN) end--;
  if (end > 0 && WHITESPACE.test(text[end - 1]!)) end--;
  if (text.charCodeAt(end - 1) === COMMA) end--;
  const starts: number[] = [];
  let at = end;
  for (let count = 0; count <= MAX_NAME_TAIL && at > from; count++) {
    const start = codePointStartBefore(text, at);
    if (start < from) break;
    const char = text.slice(start, at);
    if (!NAME_CHAR.test(char)) break;
    // A capital followed by at least one name character, with no letter before it.
    if (count > 0 && UPPERCASE.test(char) && noLetterBefore(text, start, false)) starts.push(start);
    at = start;
  }
  return starts.reverse();
}
