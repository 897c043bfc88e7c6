// Leading lookbehinds done by hand. A whole-text regex that starts with a lookbehind such as
// `(?<![\p{L}\p{N}])` is several times slower (the engine tests it at every position instead of
// skipping ahead to the cheap first character of the rest), so the extractors' patterns leave it
// out and `scan` tests it at each match, resuming one code point later when it fails: that finds
// exactly the matches of the pattern with the lookbehind.

const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;
/** As LETTER_OR_NUMBER under the `i` flag (case folding adds a few marks, e.g. U+0345). */
const LETTER_OR_NUMBER_CASELESS = /[\p{L}\p{N}]/iu;
const CHAR_0 = 0x30;
const CHAR_9 = 0x39;
const CHAR_LOWER_A = 0x61;
const CHAR_LOWER_Z = 0x7a;
/** Setting this bit lower-cases an ASCII letter. */
const ASCII_CASE_BIT = 0x20;
const ASCII_LIMIT = 0x80;
const HIGH_SURROGATE_FIRST = 0xd800;
const HIGH_SURROGATE_LAST = 0xdbff;
const LOW_SURROGATE_FIRST = 0xdc00;
const LOW_SURROGATE_LAST = 0xdfff;

export function isAsciiDigit(code: number): boolean {
  return code >= CHAR_0 && code <= CHAR_9;
}

const isHigh = (code: number) => code >= HIGH_SURROGATE_FIRST && code <= HIGH_SURROGATE_LAST;
const isLow = (code: number) => code >= LOW_SURROGATE_FIRST && code <= LOW_SURROGATE_LAST;

/** The code point ending just before `index`, as a lookbehind of a `u` regex reads it. */
function codePointBefore(text: string, index: number): string {
  if (index >= 2 && isLow(text.charCodeAt(index - 1)) && isHigh(text.charCodeAt(index - 2)))
    return text.slice(index - 2, index);
  return text[index - 1]!;
}

/** `(?<![\p{L}\p{N}])` at `index`; `caseless` as under the regex's `i` flag. */
export function noLetterBefore(text: string, index: number, caseless: boolean): boolean {
  if (index === 0) return true;
  const code = text.charCodeAt(index - 1);
  if (code < ASCII_LIMIT) {
    const lower = code | ASCII_CASE_BIT;
    return !(isAsciiDigit(code) || (lower >= CHAR_LOWER_A && lower <= CHAR_LOWER_Z));
  }
  return !(caseless ? LETTER_OR_NUMBER_CASELESS : LETTER_OR_NUMBER).test(codePointBefore(text, index));
}

/**
 * `(?<!cls)` at an index, for `cls` a regex of one character class with the flags of the pattern
 * it came from (e.g. `/[\p{L}\p{N}_.]/iu`). ASCII is answered from a table built with `cls` itself.
 */
export function notAfterClass(cls: RegExp): (text: string, index: number) => boolean {
  const ascii = new Uint8Array(ASCII_LIMIT);
  for (let code = 0; code < ASCII_LIMIT; code++) ascii[code] = cls.test(String.fromCharCode(code)) ? 1 : 0;
  return (text, index) => {
    if (index === 0) return true;
    const code = text.charCodeAt(index - 1);
    if (code < ASCII_LIMIT) return ascii[code] === 0;
    return !cls.test(codePointBefore(text, index));
  };
}

/** `(?<!\d)` at `index` (`\d` is ASCII, with or without the `u` flag). */
export function noDigitBefore(text: string, index: number): boolean {
  return index === 0 || !isAsciiDigit(text.charCodeAt(index - 1));
}

/** The index one code point after `index`: a `u` regex started inside a surrogate pair steps back. */
export function nextCodePoint(text: string, index: number): number {
  return isHigh(text.charCodeAt(index)) && isLow(text.charCodeAt(index + 1)) ? index + 2 : index + 1;
}

/**
 * The matches of global `pattern` at which `before(text, index)` holds, as `matchAll` of the
 * pattern with that lookbehind at its head would give them (its matches are never empty).
 */
export function* scan(
  pattern: RegExp,
  text: string,
  before: (text: string, index: number) => boolean,
): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (before(text, m.index)) {
      const resume = pattern.lastIndex;
      yield m;
      pattern.lastIndex = resume;
    } else pattern.lastIndex = nextCodePoint(text, m.index);
  }
}

/**
 * The matches of global `pattern`, as `text.matchAll(pattern)` gives them from lastIndex 0 (its
 * matches are never empty), without the copy of the pattern that `matchAll` makes on every call
 * (a microsecond for a large pattern). The loop over them must not use `pattern` itself.
 */
export function* execAll(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const resume = pattern.lastIndex;
    yield m;
    pattern.lastIndex = resume;
  }
}
