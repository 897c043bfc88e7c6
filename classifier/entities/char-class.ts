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
