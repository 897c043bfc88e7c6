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

export function guessLanguage(text: string): LanguageGuess | undefined {
  const words =
    text
      .toLowerCase()
      .match(/[\p{L}']+/gu)
      ?.slice(0, MAX_WORDS) ?? [];
  if (words.length === 0) return undefined;
  const scores = new Map<string, number>();
  for (const word of words) {
    for (const [lang, set] of STOPWORD_SETS) if (set.has(word)) scores.set(lang, (scores.get(lang) ?? 0) + 1);
  }
  const sample = text.slice(0, 20_000);
  const cyrillic = sample.match(/[\u0400-\u04ff]/g)?.length ?? 0;
  const latin = sample.match(/[a-z]/gi)?.length ?? 0;
  if (cyrillic > latin) scores.set('ru', (scores.get('ru') ?? 0) + Math.max(MIN_HITS, words.length / 4));
  for (const [re, lang] of DISTINCT_LETTERS) {
    const n = sample.match(re)?.length ?? 0;
    if (n > 0) scores.set(lang, (scores.get(lang) ?? 0) + Math.min(n, 10) * 0.5);
  }
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
