// Language of an ad, as ISO 639-1, limited to the languages the lexicon covers ('und' otherwise).
// franc's trigrams are reliable on paragraphs but guess on a title-length text; short texts are
// decided by script (Cyrillic → ru), by letters only one language uses, and by function words.
import { trigramDetector } from './language-trigrams.ts';

export const SUPPORTED_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'ru', 'pl', 'ro'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];
export type DetectedLanguage = SupportedLanguage | 'und';

const ISO3_TO_ISO1: Record<string, SupportedLanguage> = {
  eng: 'en',
  deu: 'de',
  fra: 'fr',
  spa: 'es',
  ita: 'it',
  rus: 'ru',
  pol: 'pl',
  ron: 'ro',
};
const FRANC_ONLY = Object.keys(ISO3_TO_ISO1);
/** franc's answer for texts this short is 'und'. */
const FRANC_MIN_LENGTH = 10;
/** franc with `only: FRANC_ONLY`, computed faster with the same answers (language-trigrams.ts). */
const TRIGRAMS = trigramDetector(FRANC_ONLY, FRANC_MIN_LENGTH);

/** Below this many letters franc's trigram statistics are unreliable; hints decide first. */
export const SHORT_TEXT_CHARS = 80;
/** Text read for detection; franc's cost grows with it and a paragraph is plenty. */
const MAX_SAMPLE_CHARS = 400;
/** Function-word evidence that decides without franc: this score, and this many times the runner-up. */
const DECISIVE_HINT_SCORE = 6;
const DECISIVE_HINT_RATIO = 2;

/** Letters that (among the supported languages) only one language writes. */
const UNIQUE_LETTERS: Array<[RegExp, SupportedLanguage]> = [
  [/[ßäöü]/giu, 'de'],
  [/[łąęśźżćń]/giu, 'pl'],
  [/[șşțţă]/giu, 'ro'],
  [/[ñ¿¡]/giu, 'es'],
  [/[çœêëâ]/giu, 'fr'],
];

/** Frequent function words; a short text with two or more of one language is that language. */
const FUNCTION_WORDS: Record<Exclude<SupportedLanguage, 'ru'>, string[]> = {
  en: ['the', 'and', 'i', 'am', 'you', 'with', 'for', 'new', 'in', 'my', 'is', 'me', 'call', 'only', 'girl'],
  de: ['ich', 'und', 'bin', 'mit', 'der', 'die', 'das', 'neu', 'nur', 'für', 'bei', 'mich', 'dich', 'ohne'],
  fr: ['je', 'suis', 'et', 'avec', 'le', 'la', 'les', 'pour', 'nouvelle', 'sans', 'moi', 'vous', 'pas'],
  es: ['soy', 'y', 'con', 'el', 'los', 'las', 'para', 'nueva', 'sin', 'muy', 'tengo', 'años', 'chica'],
  it: ['sono', 'e', 'con', 'il', 'per', 'nuova', 'senza', 'molto', 'ragazza', 'anni', 'della', 'ciao'],
  pl: ['jestem', 'i', 'z', 'w', 'na', 'nowa', 'bez', 'dla', 'mam', 'lat', 'tylko', 'się'],
  ro: ['sunt', 'și', 'si', 'cu', 'pentru', 'noua', 'fără', 'fara', 'ani', 'doar', 'foarte', 'fată'],
};
const FUNCTION_WORD_LOOKUP = new Map<string, SupportedLanguage[]>();
for (const [lang, words] of Object.entries(FUNCTION_WORDS) as Array<[SupportedLanguage, string[]]>) {
  for (const word of words) FUNCTION_WORD_LOOKUP.set(word, [...(FUNCTION_WORD_LOOKUP.get(word) ?? []), lang]);
}

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LETTER = /\p{L}/u;

// What each character of a sample counts as, in bits, so one pass counts letters, Cyrillic letters
// and unique letters (a regular expression per class, run over the sample, cost several passes).
const IS_LETTER = 1;
const IS_CYRILLIC = 2;
/** Bit of UNIQUE_LETTERS[k] is 1 << (UNIQUE_SHIFT + k). */
const UNIQUE_SHIFT = 2;
const UNKNOWN_CLASS = 0xff;
/** Classes of the BMP, filled on first sight of each character from the expressions themselves. */
const CLASS_TABLE = new Uint8Array(0x10000).fill(UNKNOWN_CLASS);

function classOf(ch: string): number {
  let bits = 0;
  if (LETTER.test(ch)) bits |= IS_LETTER;
  if (CYRILLIC.test(ch)) bits |= IS_CYRILLIC;
  UNIQUE_LETTERS.forEach(([pattern], k) => {
    pattern.lastIndex = 0;
    if (pattern.test(ch)) bits |= 1 << (UNIQUE_SHIFT + k);
  });
  return bits;
}

interface SampleCounts {
  letters: number;
  cyrillic: number;
  /** Matches of each of UNIQUE_LETTERS. */
  unique: number[];
}

/** Counts per code point, as `\p{L}`, `\p{Script=Cyrillic}` and UNIQUE_LETTERS match them. */
function countSample(sample: string): SampleCounts {
  const counts: SampleCounts = { letters: 0, cyrillic: 0, unique: UNIQUE_LETTERS.map(() => 0) };
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    let bits: number;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < sample.length) {
      const next = sample.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        // An astral character is one code point for the `u` flag.
        bits = astralClass(sample.slice(i, i + 2));
        i++;
      } else bits = cachedClass(code);
    } else bits = cachedClass(code);
    if (bits === 0) continue;
    if (bits & IS_LETTER) counts.letters++;
    if (bits & IS_CYRILLIC) counts.cyrillic++;
    for (let k = 0; k < counts.unique.length; k++) if (bits & (1 << (UNIQUE_SHIFT + k))) counts.unique[k]!++;
  }
  return counts;
}

function cachedClass(code: number): number {
  let bits = CLASS_TABLE[code]!;
  if (bits === UNKNOWN_CLASS) {
    bits = classOf(String.fromCharCode(code));
    CLASS_TABLE[code] = bits;
  }
  return bits;
}

/** Longest function word in UTF-16 units: longer words are not looked up (nor sliced out). */
const MAX_FUNCTION_WORD_UNITS = Math.max(...[...FUNCTION_WORD_LOOKUP.keys()].map((w) => w.length));

/**
 * Adds to `scores` (by index in SUPPORTED_LANGUAGES) each function word among the runs of letters
 * of `lower` (as `split(/[^\p{L}]+/u)` would give them), in text order: a word of several
 * languages counts a share for each.
 */
function addFunctionWords(lower: string, scores: Float64Array): void {
  let start = -1;
  const end = lower.length;
  for (let i = 0; i <= end; ) {
    let letter = false;
    let width = 1;
    if (i < end) {
      const code = lower.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < end) {
        const next = lower.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          letter = (astralClass(lower.slice(i, i + 2)) & IS_LETTER) !== 0;
          width = 2;
        } else letter = (cachedClass(code) & IS_LETTER) !== 0;
      } else letter = (cachedClass(code) & IS_LETTER) !== 0;
    }
    if (letter) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      // Longer runs are no function word: not sliced out.
      const langs =
        i - start <= MAX_FUNCTION_WORD_UNITS ? FUNCTION_WORD_LOOKUP.get(lower.slice(start, i)) : undefined;
      if (langs) for (const lang of langs) scores[LANGUAGE_INDEX[lang]]! += 1 / langs.length;
      start = -1;
    }
    i += width;
  }
}

const LANGUAGE_INDEX = Object.fromEntries(SUPPORTED_LANGUAGES.map((lang, k) => [lang, k])) as Record<
  SupportedLanguage,
  number
>;
/** Hint scores per language of the text being detected, reused. */
const hintScores = new Float64Array(SUPPORTED_LANGUAGES.length);

/** Classes of astral code points seen (rare in ads: emoji, mathematical letters). */
const ASTRAL_CLASSES = new Map<string, number>();

function astralClass(pair: string): number {
  let bits = ASTRAL_CLASSES.get(pair);
  if (bits === undefined) {
    bits = classOf(pair);
    ASTRAL_CLASSES.set(pair, bits);
  }
  return bits;
}

/** Detects the language of an ad's text; 'und' when it cannot tell. */
export function detectLanguage(text: string): DetectedLanguage {
  const sample = text.slice(0, MAX_SAMPLE_CHARS);
  const counts = countSample(sample);
  const letters = counts.letters;
  if (letters === 0) return 'und';
  // Cyrillic among our languages is Russian only; ads mix in Latin brand and messenger names.
  if (counts.cyrillic / letters > 0.4) return 'ru';
  const hint = hintLanguage(sample, counts.unique);
  if (hint.language && (letters < SHORT_TEXT_CHARS || hint.decisive)) return hint.language;
  const iso3 = TRIGRAMS.detect(sample);
  return ISO3_TO_ISO1[iso3] ?? hint.language ?? 'und';
}

/**
 * Reads unique letters and function words. `language` when one leads; `decisive` when it leads
 * by so much that franc (≈5× slower) would not change the answer.
 */
function hintLanguage(
  sample: string,
  uniqueCounts: number[],
): { language?: SupportedLanguage; decisive: boolean } {
  // Per language, letters first and then words in text order: the same sums as ever.
  const scores = hintScores.fill(0);
  UNIQUE_LETTERS.forEach(([, lang], k) => {
    const n = uniqueCounts[k]!;
    if (n > 0) scores[LANGUAGE_INDEX[lang]]! += 2 * Math.min(n, 3);
  });
  addFunctionWords(sample.toLowerCase(), scores);
  // The leader and the runner-up's score; a tie for the lead is no lead, whoever came first.
  let best = 0;
  for (let k = 1; k < scores.length; k++) if (scores[k]! > scores[best]!) best = k;
  let runnerUp = 0;
  for (let k = 0; k < scores.length; k++) if (k !== best && scores[k]! > runnerUp) runnerUp = scores[k]!;
  const top = scores[best]!;
  if (top < 2 || runnerUp >= top) return { decisive: false };
  const decisive = top >= DECISIVE_HINT_SCORE && top >= DECISIVE_HINT_RATIO * runnerUp;
  return { language: SUPPORTED_LANGUAGES[best]!, decisive };
}

export function isSupportedLanguage(value: string): value is SupportedLanguage {
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}
