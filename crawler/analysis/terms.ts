// Term matching for the lexicons: whole words or phrases, case-insensitive, any script. A trailing
// `*` in a lexicon term matches any word ending (a stem), so one entry covers inflections.

/** Characters kept around a match when it is quoted as evidence. */
export const EVIDENCE_CONTEXT_CHARS = 60;
/** Longest evidence text stored with a signal. */
export const MAX_EVIDENCE_CHARS = 200;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function termPattern(term: string): string {
  const stem = term.endsWith('*');
  const body = escapeRegExp((stem ? term.slice(0, -1) : term).trim()).replace(/\s+/g, '\\s+');
  // Terms such as "18+" end in a non-letter: the closing boundary only applies after a letter/digit.
  const closing = stem ? '' : /[\p{L}\p{N}]$/u.test(term) ? '(?![\\p{L}\\p{N}])' : '';
  const opening = /^[\p{L}\p{N}]/u.test(term) ? '(?<![\\p{L}\\p{N}])' : '';
  return `${opening}${body}${stem ? '[\\p{L}\\p{N}]*' : ''}${closing}`;
}

/** One regular expression matching any of the terms (longest first, so phrases win over words). */
export function compileTerms(terms: readonly string[], flags = 'iu'): RegExp {
  const sorted = [...new Set(terms)].sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map(termPattern).join('|'), flags);
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
