// Character classes for the hand-written scanners (phones, places): a lookup table is several times
// faster than Unicode-property regexes on every character of every ad.

export const DIGIT = 0;
export const LETTER = 1;
export const SPACE = 2;
export const OTHER = 3;
export type CharClass = typeof DIGIT | typeof LETTER | typeof SPACE | typeof OTHER;

const UNKNOWN = 255;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
const WHITESPACE = /\s/u;
/** Classes of the BMP, filled on first sight of each character. */
const TABLE = new Uint8Array(0x10000).fill(UNKNOWN);

function classify(ch: string): CharClass {
  if (ch >= '0' && ch <= '9') return DIGIT;
  if (LETTER_OR_MARK.test(ch)) return LETTER;
  if (WHITESPACE.test(ch)) return SPACE;
  return OTHER;
}

/** Class of the UTF-16 unit at `i` (surrogate halves of astral letters count as letters). */
export function charClassAt(text: string, i: number): CharClass {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdfff) {
    const cp = text.codePointAt(code <= 0xdbff ? i : i - 1) ?? code;
    return classify(String.fromCodePoint(cp));
  }
  const known = TABLE[code]!;
  if (known !== UNKNOWN) return known as CharClass;
  const cls = classify(String.fromCharCode(code));
  TABLE[code] = cls;
  return cls;
}

export interface Token {
  kind: CharClass;
  start: number;
  end: number;
}

/** The last text tokenized and its tokens: phones and places read the same ad text in turn. */
let lastText: string | undefined;
let lastTokens: readonly Token[] = [];

/**
 * Runs of one class: digits, letters, whitespace; every other character is its own token. The
 * result is shared with the next caller asking for the same text, hence read-only.
 */
export function tokenize(text: string): readonly Token[] {
  if (text === lastText) return lastTokens;
  const tokens = tokenizeText(text);
  lastText = text;
  lastTokens = tokens;
  return tokens;
}

function tokenizeText(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const kind = charClassAt(text, i);
    let j = i + 1;
    if (kind !== OTHER) while (j < text.length && charClassAt(text, j) === kind) j++;
    tokens.push({ kind, start: i, end: j });
    i = j;
  }
  return tokens;
}

const ASCII_LIMIT = 0x80;
const CHAR_UPPER_A = 0x41;
const CHAR_UPPER_Z = 0x5a;
/** Setting this bit lower-cases an ASCII capital. */
const ASCII_CASE_BIT = 0x20;
/** Keeps word hashes small integers, which sets compare without hashing strings. */
const HASH_MASK = 0x3fffffff;
const HASH_MULTIPLIER = 31;

/** Hash of [start, end) of `text` lower-cased, or -1 when it has a non-ASCII character. */
function asciiLowerHash(text: string, start: number, end: number): number {
  let hash = 0;
  for (let i = start; i < end; i++) {
    let code = text.charCodeAt(i);
    if (code >= ASCII_LIMIT) return -1;
    if (code >= CHAR_UPPER_A && code <= CHAR_UPPER_Z) code |= ASCII_CASE_BIT;
    hash = (hash * HASH_MULTIPLIER + code) & HASH_MASK;
  }
  return hash;
}

/**
 * A quick test of whether the word at [start, end) of a text, lower-cased (and with diacritics
 * stripped), may be one of `words` (lower-case): a word of ASCII letters is itself once lower-cased
 * and folded, so comparing hashes tells most words of an ad apart without building a string. Exact
 * when it answers false; words with other characters always get true.
 */
export function asciiWordFilter(
  words: Iterable<string>,
): (text: string, start: number, end: number) => boolean {
  const hashes = new Set<number>();
  for (const word of words) {
    const hash = asciiLowerHash(word, 0, word.length);
    if (hash >= 0) hashes.add(hash);
  }
  return (text, start, end) => {
    const hash = asciiLowerHash(text, start, end);
    return hash < 0 || hashes.has(hash);
  };
}
