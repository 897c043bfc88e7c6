// Text → hashed features for the risk model: a tokenizer splitting as natural's RegexpTokenizer
// does, natural's per-language Porter stemmers,
// unigrams and bigrams of stems plus emoji, hashed into a fixed number of buckets so the model
// file stays small and unseen words cost nothing.
import { createRequire } from 'node:module';
import { defaultLexicon } from '../indicators/lexicon.ts';

// natural's index pulls in every module it has (≈0.7 s); worker threads start faster when only
// the stemmers are loaded.
const require = createRequire(import.meta.url);
interface Stemmer {
  stem(word: string): string;
}
const STEMMERS: Record<string, Stemmer> = {
  en: require('natural/lib/natural/stemmers/porter_stemmer.js') as Stemmer,
  de: require('natural/lib/natural/stemmers/porter_stemmer_de.js') as Stemmer,
  fr: require('natural/lib/natural/stemmers/porter_stemmer_fr.js') as Stemmer,
  es: require('natural/lib/natural/stemmers/porter_stemmer_es.js') as Stemmer,
  it: require('natural/lib/natural/stemmers/porter_stemmer_it.js') as Stemmer,
  ru: require('natural/lib/natural/stemmers/porter_stemmer_ru.js') as Stemmer,
};

export const DEFAULT_HASH_BITS = 18;
/** Tokens read per ad; the rest of a very long text adds little and costs time. */
const MAX_TOKENS = 400;
/** Stem hashes remembered per language; ad vocabulary is small, so the hit rate is high. */
const STEM_CACHE_SIZE = 50_000;
const EMOJI = /\p{Extended_Pictographic}/gu;

/** The gaps between tokens, as natural's RegexpTokenizer was configured (the model was trained so). */
const TOKEN_GAP = /[^\p{L}\p{N}]+/u;

/**
 * Lower-case words and numbers, as natural's RegexpTokenizer returns them (split on gaps, empty
 * strings dropped) without its per-call array copies: tokenizing runs for every ad.
 */
export function tokenize(text: string): string[] {
  const parts = text.toLowerCase().split(TOKEN_GAP);
  const out: string[] = [];
  for (let i = 0; i < parts.length && out.length < MAX_TOKENS; i++) if (parts[i] !== '') out.push(parts[i]!);
  return out;
}

export function stem(word: string, language: string): string {
  const stemmer = STEMMERS[language];
  if (!stemmer || word.length < 4 || /\d/.test(word)) return word;
  return stemmer.stem(word);
}

/** Sorted, distinct bucket indexes of the text's features. */
export function featureIndexes(
  text: string,
  language: string,
  hashBits = DEFAULT_HASH_BITS,
  signals: string[] = [],
): Uint32Array {
  const mask = (1 << hashBits) - 1;
  const seen = new Set<number>();
  let previous = 0;
  let first = true;
  // Words after a negator get their own features ("no agency" is not "agency"), the classic
  // negation marking of bag-of-words models, with the lexicon's negators and window.
  const negation = negationOf(language);
  let negatedFor = 0;
  const stems = stemCache(language);
  for (const token of tokenize(text)) {
    let h = stemHash(token, language, stems);
    if (negation.negators.has(token)) negatedFor = negation.window;
    else if (negatedFor > 0) {
      h = mix(h, NEGATED);
      negatedFor--;
    }
    seen.add(mix(h, UNIGRAM) & mask);
    if (!first) seen.add(mix(Math.imul(previous, 0x9e3779b1) ^ h, BIGRAM) & mask);
    previous = h;
    first = false;
  }
  for (const e of text.slice(0, 4_000).matchAll(EMOJI)) seen.add(mix(fnv1a(e[0]), EMOJI_GRAM) & mask);
  for (const signal of signals) seen.add(mix(fnv1a(signal), SIGNAL) & mask);
  return Uint32Array.from(seen).sort();
}

// Feature kinds, mixed into the hash so a unigram, a bigram and an emoji never share a bucket by kind.
const UNIGRAM = 1;
const BIGRAM = 2;
const EMOJI_GRAM = 3;
const SIGNAL = 4;
const NEGATED = 5;
const NO_NEGATION = { negators: new Set<string>(), window: 0 };

function negationOf(language: string): { negators: ReadonlySet<string>; window: number } {
  const lang = defaultLexicon().languages.get(language);
  return lang ? { negators: lang.negators, window: lang.negationWindow } : NO_NEGATION;
}
const stemHashes = new Map<string, Map<string, number>>();

function stemCache(language: string): Map<string, number> {
  let cache = stemHashes.get(language);
  if (!cache) {
    cache = new Map();
    stemHashes.set(language, cache);
  }
  return cache;
}

/** FNV-1a hash of the token's stem, cached per language (stemming is the costly part). */
function stemHash(token: string, language: string, cache: Map<string, number>): number {
  let h = cache.get(token);
  if (h === undefined) {
    h = fnv1a(stem(token, language));
    if (cache.size >= STEM_CACHE_SIZE) cache.clear();
    cache.set(token, h);
  }
  return h;
}

/** Finaliser of murmur3: spreads the bits of a combined hash over the whole word. */
function mix(h: number, kind: number): number {
  let x = (h ^ Math.imul(kind, 0x85ebca6b)) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** 32-bit FNV-1a over UTF-16 code units: fast, stable across runs and platforms. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
