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

/** The gaps between tokens, as natural's RegexpTokenizer was configured (the model was trained so). */
const TOKEN_GAP = /[^\p{L}\p{N}]+/u;
const TOKEN_CHAR = /^[\p{L}\p{N}]$/u;
/** Emoji are read from this many first UTF-16 units of the text. */
const MAX_EMOJI_SCAN_CHARS = 4_000;
const EMOJI_CHAR = /^\p{Extended_Pictographic}$/u;

// Per BMP code unit, in bits: whether it is a token character (TOKEN_GAP's complement) and whether
// it is an emoji (EMOJI_CHAR), filled on first sight from the expressions themselves, so one pass
// over the text replaces a regex split and a regex scan (both ran for every ad).
const IS_TOKEN_CHAR = 1;
const IS_EMOJI = 2;
const UNKNOWN_CLASS = 0xff;
const BMP_CLASS = new Uint8Array(0x10000).fill(UNKNOWN_CLASS);
/** Astral code points seen, with their class bits. */
const ASTRAL_CLASS = new Map<number, number>();

function classOf(char: string): number {
  return (TOKEN_CHAR.test(char) ? IS_TOKEN_CHAR : 0) | (EMOJI_CHAR.test(char) ? IS_EMOJI : 0);
}

function bmpClass(code: number): number {
  let bits = BMP_CLASS[code]!;
  if (bits === UNKNOWN_CLASS) {
    // A lone surrogate is a code point of its own for the `u` flag, neither letter nor emoji.
    bits = code >= 0xd800 && code <= 0xdfff ? 0 : classOf(String.fromCharCode(code));
    BMP_CLASS[code] = bits;
  }
  return bits;
}

function astralClass(codePoint: number): number {
  let bits = ASTRAL_CLASS.get(codePoint);
  if (bits === undefined) {
    bits = classOf(String.fromCodePoint(codePoint));
    ASTRAL_CLASS.set(codePoint, bits);
  }
  return bits;
}

/**
 * Class bits of the code point at `i` of `text` and its length in UTF-16 units (a surrogate
 * pair is one code point, as for the `u` flag; a pair cut by `end` is two lone surrogates).
 */
function codePointClass(text: string, i: number, end: number): number {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff && i + 1 < end) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff)
      return astralClass((code - 0xd800) * 0x400 + next - 0xdc00 + 0x10000) | PAIR;
  }
  return bmpClass(code);
}
/** Set in codePointClass's answer when the code point is a surrogate pair. */
const PAIR = 4;

/**
 * Lower-case words and numbers, as natural's RegexpTokenizer returns them (split on gaps, empty
 * strings dropped) without its per-call array copies: tokenizing runs for every ad.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  forEachToken(text.toLowerCase(), (token) => out.push(token));
  return out;
}

/** Calls `visit` with each token of the lower-cased text, the first MAX_TOKENS of them. */
function forEachToken(lower: string, visit: (token: string) => void): void {
  let count = 0;
  let start = -1;
  const end = lower.length;
  for (let i = 0; i < end; ) {
    const bits = codePointClass(lower, i, end);
    if (bits & IS_TOKEN_CHAR) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      visit(lower.slice(start, i));
      start = -1;
      if (++count >= MAX_TOKENS) return;
    }
    i += bits & PAIR ? 2 : 1;
  }
  if (start >= 0) visit(lower.slice(start));
}

/** Equals `TOKEN_GAP`'s split: kept to document (and test) what forEachToken reproduces. */
export function tokenizeByRegex(text: string): string[] {
  return text
    .toLowerCase()
    .split(TOKEN_GAP)
    .filter((t) => t !== '')
    .slice(0, MAX_TOKENS);
}

/** Shorter words are not stemmed. */
const MIN_STEMMED_CHARS = 4;

export function stem(word: string, language: string): string {
  const stemmer = STEMMERS[language];
  if (!stemmer || word.length < MIN_STEMMED_CHARS || /\d/.test(word)) return word;
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
  // Buckets are collected with repeats in a reused buffer, then sorted and deduplicated: the same
  // sorted distinct indexes a Set would give, without hashing every feature into it.
  const buckets = new BucketBuffer();
  let previous = 0;
  let first = true;
  // Words after a negator get their own features ("no agency" is not "agency"), the classic
  // negation marking of bag-of-words models, with the lexicon's negators and window.
  const negation = negationOf(language);
  let negatedFor = 0;
  const stems = stemCache(language);
  forEachToken(text.toLowerCase(), (token) => {
    let h = stemHash(token, language, stems);
    if (negation.negators.has(token)) negatedFor = negation.window;
    else if (negatedFor > 0) {
      h = mix(h, NEGATED);
      negatedFor--;
    }
    buckets.push(mix(h, UNIGRAM) & mask);
    if (!first) buckets.push(mix(Math.imul(previous, 0x9e3779b1) ^ h, BIGRAM) & mask);
    previous = h;
    first = false;
  });
  const emojiEnd = Math.min(text.length, MAX_EMOJI_SCAN_CHARS);
  for (let i = 0; i < emojiEnd; ) {
    const code = text.charCodeAt(i);
    // Every Extended_Pictographic character is at U+00A9 or above: ASCII skips the lookup.
    if (code < 0xa9) {
      i++;
      continue;
    }
    const bits = codePointClass(text, i, emojiEnd);
    const width = bits & PAIR ? 2 : 1;
    if (bits & IS_EMOJI) buckets.push(mix(fnv1a(text.slice(i, i + width)), EMOJI_GRAM) & mask);
    i += width;
  }
  for (const signal of signals) buckets.push(mix(fnv1a(signal), SIGNAL) & mask);
  return buckets.sortedDistinct();
}

/** A growable list of bucket indexes over one module-level array (scoring is single-threaded). */
class BucketBuffer {
  private length = 0;

  push(bucket: number): void {
    if (this.length === sharedBuckets.length) {
      const grown = new Uint32Array(sharedBuckets.length * 2);
      grown.set(sharedBuckets);
      sharedBuckets = grown;
    }
    sharedBuckets[this.length++] = bucket;
  }

  sortedDistinct(): Uint32Array {
    const sorted = sharedBuckets.subarray(0, this.length).sort();
    let distinct = 0;
    for (let i = 0; i < sorted.length; i++) {
      if (i === 0 || sorted[i] !== sorted[distinct - 1]) sorted[distinct++] = sorted[i]!;
    }
    return sorted.slice(0, distinct);
  }
}
/** Enough for MAX_TOKENS unigrams and bigrams; grows for emoji-heavy texts. */
let sharedBuckets = new Uint32Array(2 * MAX_TOKENS + 64);

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
  // Words `stem` leaves as they are: hashing them is cheaper than looking them up.
  if (token.length < MIN_STEMMED_CHARS || STEMMERS[language] === undefined) return fnv1a(token);
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
