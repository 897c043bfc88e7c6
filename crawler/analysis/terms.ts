// Term matching for the lexicons: whole words or phrases, case-insensitive, any script. A trailing
// `*` in a lexicon term matches any word ending (a stem), so one entry covers inflections.

/** Characters kept around a match when it is quoted as evidence. */
export const EVIDENCE_CONTEXT_CHARS = 60;
/** Longest evidence text stored with a signal. */
export const MAX_EVIDENCE_CHARS = 200;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A letter or digit: the word boundary that works in any script (\b is ASCII-only). */
const WORD_CHAR = '[\\p{L}\\p{N}]';
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function termBody(term: string): string {
  const stem = term.endsWith('*');
  return escapeRegExp((stem ? term.slice(0, -1) : term).trim()).replace(/\s+/g, '\\s+');
}

function termPattern(term: string): string {
  const stem = term.endsWith('*');
  const body = termBody(term);
  // Terms such as "18+" end in a non-letter: the closing boundary only applies after a letter/digit.
  const closing = stem ? '' : LETTER_OR_DIGIT.test(term.at(-1) ?? '') ? `(?!${WORD_CHAR})` : '';
  const opening = LETTER_OR_DIGIT.test(term[0] ?? '') ? `(?<!${WORD_CHAR})` : '';
  return `${opening}${body}${stem ? `${WORD_CHAR}*` : ''}${closing}`;
}

/**
 * One regular expression matching any of the terms (longest first, so phrases win over words).
 * Whole-word terms share one pair of boundaries instead of one per term: under the `iu` flags V8
 * case-folds every `[\p{L}\p{N}]` class it compiles, and with one per term the first match of a
 * large lexicon took a second or more (this was the crawler's warm-up cost).
 */
export function compileTerms(terms: readonly string[], flags = 'iu'): RegExp {
  const sorted = [...new Set(terms)].sort((a, b) => b.length - a.length);
  const words: string[] = [];
  const stems: string[] = [];
  const others: string[] = [];
  for (const term of sorted) {
    const trimmed = term.trim();
    const stem = trimmed.endsWith('*');
    const opensOnLetter = LETTER_OR_DIGIT.test(trimmed[0] ?? '');
    const closesOnLetter = LETTER_OR_DIGIT.test(trimmed.at(-1) ?? '');
    if (opensOnLetter && stem) stems.push(termBody(trimmed));
    else if (opensOnLetter && closesOnLetter) words.push(termBody(trimmed));
    else others.push(termPattern(trimmed));
  }
  const parts: string[] = [];
  // A stem eats the rest of its word, so the shared closing boundary holds after it as well.
  const whole = [
    ...(words.length > 0 ? [`(?:${words.join('|')})`] : []),
    ...(stems.length > 0 ? [`(?:${stems.join('|')})${WORD_CHAR}*`] : []),
  ];
  if (whole.length > 0) parts.push(`(?<!${WORD_CHAR})(?:${whole.join('|')})(?!${WORD_CHAR})`);
  parts.push(...others);
  return new RegExp(parts.join('|'), flags);
}

/** The first match of `re` in `text`, or undefined. */
export function firstMatch(re: RegExp, text: string): string | undefined {
  const found = re.exec(text);
  return found ? found[0] : undefined;
}

/** Number of matches of a global version of `re` in `text`, capped. */
const GLOBAL_VERSIONS = new WeakMap<RegExp, RegExp>();

export function countMatches(re: RegExp, text: string, cap = 1000): number {
  // Lexicon patterns are large alternations: compile the global twin once, not per call.
  let global = GLOBAL_VERSIONS.get(re);
  if (!global) {
    global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    GLOBAL_VERSIONS.set(re, global);
  }
  global.lastIndex = 0;
  let count = 0;
  while (count < cap && global.exec(text)) count++;
  return count;
}

/** The text around the first match, as quoted evidence. */
export function snippetAround(re: RegExp, text: string): string | undefined {
  const found = re.exec(text);
  if (!found) return undefined;
  const start = Math.max(0, found.index - EVIDENCE_CONTEXT_CHARS);
  const end = Math.min(text.length, found.index + found[0].length + EVIDENCE_CONTEXT_CHARS);
  return clip(text.slice(start, end), MAX_EVIDENCE_CHARS);
}

/** Collapses whitespace and trims. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Squashed text cut to `max` characters. */
export function clip(text: string, max: number): string {
  const clean = squash(text);
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
