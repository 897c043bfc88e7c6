// Language of a page or ad text: a stop-word vote over the eight languages of the study, helped by
// script and diacritics, falling back to the page's `lang` attribute when the text says too little.
import { STOPWORDS } from './lexicon.ts';

/** Words read from a text for the vote. */
const MAX_WORDS = 2_000;
/** Fewer stop-word hits than this and the text is not trusted over the `lang` attribute. */
const MIN_HITS = 4;

const STOPWORD_SETS = new Map(Object.entries(STOPWORDS).map(([lang, words]) => [lang, new Set(words)]));

/** Letters only one language of the eight uses: each occurrence is a strong vote. */
const DISTINCT_LETTERS: Array<[RegExp, string]> = [
  [/[șțăȘȚĂ]/g, 'ro'],
  [/[łąęśżźćńŁĄĘŚŻŹĆŃ]/g, 'pl'],
  [/[ßäöüÄÖÜ]/g, 'de'],
  [/[ñ¿¡Ñ]/g, 'es'],
  [/[çœèêëÇ]/g, 'fr'],
];

export interface LanguageGuess {
  lang: string;
  hits: number;
  confident: boolean;
}

/** Letter counts of a text sample, by code unit, in one pass (as the regexes above count them). */
const DISTINCT_LANG_OF = new Map<number, number>();
DISTINCT_LETTERS.forEach(([re, _lang], i) => {
  for (const char of re.source.slice(1, -1)) DISTINCT_LANG_OF.set(char.charCodeAt(0), i);
});

export function guessLanguage(text: string): LanguageGuess | undefined {
  // The first MAX_WORDS words of the lower-cased text, as `match(WORD).slice(0, MAX_WORDS)` gives
  // them without listing every word of a 200,000-character page first.
  const lower = text.toLowerCase();
  const wordRe = /[\p{L}']+/gu;
  const words: string[] = [];
  for (let m = wordRe.exec(lower); m && words.length < MAX_WORDS; m = wordRe.exec(lower)) words.push(m[0]);
  if (words.length === 0) return undefined;
  const scores = new Map<string, number>();
  for (const word of words) {
    for (const [lang, set] of STOPWORD_SETS) if (set.has(word)) scores.set(lang, (scores.get(lang) ?? 0) + 1);
  }
  const sample = text.slice(0, 20_000);
  // Cyrillic (U+0400–U+04FF), ASCII letters and each language's distinct letters, counted at once.
  let cyrillic = 0;
  let latin = 0;
  const distinct = DISTINCT_LETTERS.map(() => 0);
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code >= 0x400 && code <= 0x4ff) cyrillic++;
    else if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) latin++;
    else if (code >= 0xa1) {
      const lang = DISTINCT_LANG_OF.get(code);
      if (lang !== undefined) distinct[lang]!++;
    }
  }
  if (cyrillic > latin) scores.set('ru', (scores.get('ru') ?? 0) + Math.max(MIN_HITS, words.length / 4));
  DISTINCT_LETTERS.forEach(([_re, lang], i) => {
    const n = distinct[i]!;
    if (n > 0) scores.set(lang, (scores.get(lang) ?? 0) + Math.min(n, 10) * 0.5);
  });
  const ranked = [...scores].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] === 0) return undefined;
  const confident = best[1] >= MIN_HITS && best[1] >= 1.5 * (second?.[1] ?? 0);
  return { lang: best[0], hits: best[1], confident };
}

/** Page language: confident text vote, else the `lang` attribute, else a weak text vote. */
export function pageLanguage(text: string, langAttr?: string): string | undefined {
  const guess = guessLanguage(text);
  if (guess?.confident) return guess.lang;
  return langAttr ?? guess?.lang;
}
