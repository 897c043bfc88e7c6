// Near-duplicate text, in the manner of InfoShield's template detection: an ad's text is reduced
// to its template (names, numbers and capitalised words dropped, so the same template with
// different names and prices matches), cut into word shingles and summarised by a MinHash
// signature whose equal bands make candidate pairs (LSH), verified by estimated Jaccard.

/** Hash functions in a signature; the estimate's standard error is about sqrt(J(1-J)/64) ≈ 0.06. */
export const MINHASH_SIZE = 64;
/** LSH bands × rows = MINHASH_SIZE. 16 × 4 puts the candidate threshold near J ≈ 0.5. */
export const LSH_BANDS = 16;
export const LSH_ROWS = MINHASH_SIZE / LSH_BANDS;
/** Words per shingle. */
export const SHINGLE_WORDS = 3;
/** Texts shorter than this (in template words) say too little to be a template. */
export const MIN_TEMPLATE_WORDS = 12;
/** Only this much text is read: the input is attacker-controlled. */
export const MAX_SIGNATURE_TEXT_CHARS = 20_000;

const SEEDS = Uint32Array.from({ length: MINHASH_SIZE }, (_, i) => fmix32((i + 1) * 0x9e3779b1));

/** Murmur3's finaliser: a cheap, well-mixed 32-bit permutation. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu;
const HAS_DIGIT = /\p{N}/u;
const CAPITALISED = /^\p{Lu}/u;

/**
 * The template words of a text: lower-cased words, without numbers (prices, ages, phones), the
 * ad's own name and city, and capitalised words that do not start a sentence (other names,
 * places). What remains is what an organiser copies from ad to ad.
 */
export function templateWords(text: string, exclude: Array<string | undefined> = []): string[] {
  const excluded = new Set<string>();
  for (const e of exclude) {
    if (!e) continue;
    for (const w of e.toLowerCase().match(WORD) ?? []) excluded.add(w);
  }
  const words: string[] = [];
  let sentenceStart = true;
  const input = text.slice(0, MAX_SIGNATURE_TEXT_CHARS).normalize('NFKC');
  for (const m of input.matchAll(WORD)) {
    const raw = m[0];
    const before = input.slice(Math.max(0, m.index - 3), m.index);
    const startsSentence = sentenceStart || /[.!?\n]\s*$/.test(before);
    sentenceStart = false;
    if (HAS_DIGIT.test(raw)) continue;
    if (!startsSentence && CAPITALISED.test(raw)) continue;
    const w = raw.toLowerCase();
    if (excluded.has(w)) continue;
    words.push(w);
  }
  return words;
}

/** Hashed word shingles of the template words; empty when the text is too short to judge. */
export function shingleHashes(words: string[]): Uint32Array {
  if (words.length < MIN_TEMPLATE_WORDS) return new Uint32Array(0);
  const set = new Set<number>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) {
    set.add(hashString(words.slice(i, i + SHINGLE_WORDS).join(' ')));
  }
  return Uint32Array.from(set);
}

/** MinHash signature of a shingle set, or undefined for an empty set. */
export function minHash(shingles: Uint32Array): Uint32Array | undefined {
  if (shingles.length === 0) return undefined;
  const sig = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
  for (let s = 0; s < shingles.length; s++) {
    const x = shingles[s]!;
    for (let i = 0; i < MINHASH_SIZE; i++) {
      const h = fmix32(x ^ SEEDS[i]!);
      if (h < sig[i]!) sig[i] = h;
    }
  }
  return sig;
}

/** The signature of an ad's title and text, excluding its own name and city. */
export function textSignature(
  text: string,
  exclude: Array<string | undefined> = [],
): Uint32Array | undefined {
  return minHash(shingleHashes(templateWords(text, exclude)));
}

/** Fraction of equal positions: an unbiased estimate of the shingle sets' Jaccard similarity. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array, aOffset = 0, bOffset = 0): number {
  let equal = 0;
  for (let i = 0; i < MINHASH_SIZE; i++) if (a[aOffset + i] === b[bOffset + i]) equal++;
  return equal / MINHASH_SIZE;
}

/** One 32-bit key per LSH band: signatures equal in a band share that band's key. */
export function bandKeys(sig: Uint32Array, offset = 0): Uint32Array {
  const keys = new Uint32Array(LSH_BANDS);
  for (let b = 0; b < LSH_BANDS; b++) {
    let h = b + 1;
    for (let r = 0; r < LSH_ROWS; r++) h = fmix32(h ^ Math.imul(sig[offset + b * LSH_ROWS + r]!, 0x9e3779b1));
    keys[b] = h;
  }
  return keys;
}

/** Compact storage form (base64 of the little-endian words). */
export function encodeSignature(sig: Uint32Array): string {
  return Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength).toString('base64');
}

export function decodeSignature(encoded: string): Uint32Array | undefined {
  const buf = Buffer.from(encoded, 'base64');
  if (buf.length !== MINHASH_SIZE * 4) return undefined;
  const out = new Uint32Array(MINHASH_SIZE);
  for (let i = 0; i < MINHASH_SIZE; i++) out[i] = buf.readUInt32LE(i * 4);
  return out;
}
