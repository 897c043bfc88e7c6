// franc's language identification restricted to a list of languages, computed exactly as franc
// 6.2 computes `franc(value, { only, minLength })` (same script counts, same trigrams, same
// distances, same tie order) but without its per-call costs: a regular-expression match array per
// script (30 of them) over the text, the trigram dictionary as an object with string keys, and
// distances against every model of the script before the `only` filter is applied.
// test/classifier/language-trigrams.test.ts compares it with franc on the corpus and tricky texts.
import { franc } from 'franc';
import { data } from 'franc/data.js';
import { expressions } from 'franc/expressions.js';

/** franc's constants (franc/index.js). */
const MAX_LENGTH = 2048;
const MAX_DIFFERENCE = 300;
const UNDETERMINED = 'und';
/** franc's `clean` (trigram-utils): punctuation, symbols and digits become spaces. */
const PUNCTUATION = /[\u0021-\u0040]+/g;
const WHITE_SPACE = /\s+/g;

const SCRIPTS = Object.keys(expressions);
/** Each script's expression, anchored: does this one code point (1 or 2 units) match it? */
const WHOLE_MATCH = SCRIPTS.map((s) => new RegExp(`^(?:${expressions[s]!.source})$`));

/**
 * Counting by code point reproduces `value.match(expression)` only if no expression matches a lone
 * surrogate (then a surrogate pair either matches as a whole or not at all). franc's expressions
 * are generated from code points, so this holds; if a future version breaks it, franc runs itself.
 */
const COUNTS_BY_CODE_POINT = (() => {
  const lone = Array.from({ length: 0x800 }, (_, k) => String.fromCharCode(0xd800 + k)).join(' ');
  return SCRIPTS.length <= 31 && SCRIPTS.every((s) => !new RegExp(expressions[s]!.source).test(lone));
})();

/** Bit k set: SCRIPTS[k]'s expression matches the code unit; -1 until first seen. */
const BMP_SCRIPTS = new Int32Array(0x10000).fill(-1);
const ASTRAL_SCRIPTS = new Map<number, number>();

function scriptsOf(char: string): number {
  let bits = 0;
  for (let k = 0; k < WHOLE_MATCH.length; k++) if (WHOLE_MATCH[k]!.test(char)) bits |= 1 << k;
  return bits;
}

export interface TrigramDetector {
  /** `franc(value, { only, minLength })`: an ISO 639-3 code of `only`, or 'und'. */
  detect(value: string): string;
}

/** A detector of `only` (ISO 639-3 codes) answering exactly as franc with these options. */
export function trigramDetector(only: readonly string[], minLength: number): TrigramDetector {
  if (!COUNTS_BY_CODE_POINT) return { detect: (value) => franc(value, { only: [...only], minLength }) };
  // Per script: the allowed languages in franc's order, and each trigram of their models with its
  // rank in each of them (-1: not in that model), so one lookup serves every language.
  const modelsOf = new Map<string, ScriptModels>();
  const alphabet = new Alphabet(
    Object.values(data).flatMap((languages) =>
      Object.keys(languages)
        .filter((language) => only.includes(language))
        .flatMap((language) => languages[language]!.split('|')),
    ),
  );
  if (!alphabet.keysAreSmall) return { detect: (value) => franc(value, { only: [...only], minLength }) };
  for (const [script, languages] of Object.entries(data)) {
    const allowed = Object.keys(languages).filter((language) => only.includes(language));
    const ranks = new Map<number, Int32Array>();
    allowed.forEach((language, k) => {
      for (const [trigram, rank] of rankMap(languages[language]!)) {
        // The text's trigrams are three UTF-16 units; a model entry of another length never matches.
        if (trigram.length !== 3) continue;
        const key = alphabet.key(trigram.charCodeAt(0), trigram.charCodeAt(1), trigram.charCodeAt(2));
        let row = ranks.get(key);
        if (!row) {
          row = new Int32Array(allowed.length).fill(-1);
          ranks.set(key, row);
        }
        row[k] = rank;
      }
    });
    modelsOf.set(script, { languages: allowed, ranks: new RankTable(ranks, allowed.length) });
  }
  const scriptCounts = new Int32Array(SCRIPTS.length);
  /** Trigram counts of the text being detected, reused. */
  const counts = new KeyCounter();
  return {
    detect(input: string): string {
      if (!input || input.length < minLength) return UNDETERMINED;
      const value = input.slice(0, MAX_LENGTH);
      const script = topScript(value, scriptCounts);
      const models = modelsOf.get(script.name);
      if (!models) {
        // A script of one language: franc answers with the script's language when allowed.
        return script.count > 0 && only.includes(script.name) ? script.name : UNDETERMINED;
      }
      const { languages, ranks } = models;
      if (languages.length === 0) return UNDETERMINED;
      if (languages.length === 1) return languages[0]!;
      const n = languages.length;
      const distances = new Float64Array(n);
      const unmodelled = countTrigrams(value, alphabet, counts);
      const { keys, counts: times } = counts;
      for (let e = 0; e < counts.size; e++) {
        const row = ranks.rowOf(keys[e]!);
        const count = times[e]!;
        for (let k = 0; k < n; k++) {
          const rank = row < 0 ? -1 : ranks.ranks[row * n + k]!;
          distances[k]! += rank < 0 ? MAX_DIFFERENCE : Math.abs(count - rank - 1);
        }
      }
      // Each distinct trigram no model has is as far from every language (distances are integers,
      // so adding them at once changes nothing).
      for (let k = 0; k < languages.length; k++) distances[k]! += unmodelled * MAX_DIFFERENCE;
      // franc sorts stably by distance and takes the first: ties go to the earlier language.
      let best = 0;
      for (let k = 1; k < languages.length; k++) if (distances[k]! < distances[best]!) best = k;
      return languages[best]!;
    },
  };
}

interface ScriptModels {
  languages: string[];
  /** Trigram key → rank per language (-1 when the language's model lacks it). */
  ranks: RankTable;
}

/** Multiplier of the tables' hashes (Fibonacci hashing: the high bits pick the slot). */
const GOLDEN = 0x9e3779b1;

/**
 * The models' trigrams of one script by alphabet key, each with its rank per language, in an
 * open-addressing table of typed arrays (a Map of number keys cost more than the rest of detect).
 */
class RankTable {
  /** Row r holds the ranks of one trigram in each language, -1 where a model lacks it. */
  readonly ranks: Int16Array;
  private readonly slotKeys: Int32Array;
  private readonly slotRows: Int32Array;
  private readonly shift: number;

  constructor(rows: ReadonlyMap<number, Int32Array>, languages: number) {
    const bits = Math.max(4, Math.ceil(Math.log2(2 * rows.size + 1)));
    this.slotKeys = new Int32Array(1 << bits).fill(-1);
    this.slotRows = new Int32Array(1 << bits);
    this.shift = 32 - bits;
    this.ranks = new Int16Array(rows.size * languages);
    let r = 0;
    for (const [key, row] of rows) {
      this.ranks.set(row, r * languages);
      let slot = Math.imul(key, GOLDEN) >>> this.shift;
      while (this.slotKeys[slot] !== -1) slot = (slot + 1) & (this.slotKeys.length - 1);
      this.slotKeys[slot] = key;
      this.slotRows[slot] = r++;
    }
  }

  /** The row of `key`, or -1 when no model of the script has the trigram. */
  rowOf(key: number): number {
    const mask = this.slotKeys.length - 1;
    for (let slot = Math.imul(key, GOLDEN) >>> this.shift; ; slot = (slot + 1) & mask) {
      const found = this.slotKeys[slot]!;
      if (found === key) return this.slotRows[slot]!;
      if (found === -1) return -1;
    }
  }
}

/** Counts of alphabet keys of one text (distinct `keys[e]` seen `counts[e]` times), reused. */
class KeyCounter {
  keys = new Int32Array(0);
  counts = new Int32Array(0);
  size = 0;
  /** Per slot, the entry + 1 it holds when its stamp is the current one. */
  private entries = new Int32Array(0);
  private stamps = new Int32Array(0);
  private stamp = 0;
  private shift = 32;

  /** Empties the counter for at most `most` additions. */
  reset(most: number): void {
    if (this.keys.length < most) {
      const bits = Math.max(4, Math.ceil(Math.log2(2 * most + 1)));
      this.entries = new Int32Array(1 << bits);
      this.stamps = new Int32Array(1 << bits);
      this.shift = 32 - bits;
      this.keys = new Int32Array(most);
      this.counts = new Int32Array(most);
      this.stamp = 0;
    }
    if (this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
    this.size = 0;
  }

  add(key: number): void {
    const mask = this.stamps.length - 1;
    for (let slot = Math.imul(key, GOLDEN) >>> this.shift; ; slot = (slot + 1) & mask) {
      if (this.stamps[slot] !== this.stamp) {
        this.stamps[slot] = this.stamp;
        this.entries[slot] = this.size;
        this.keys[this.size] = key;
        this.counts[this.size++] = 1;
        return;
      }
      const entry = this.entries[slot]!;
      if (this.keys[entry] === key) {
        this.counts[entry]!++;
        return;
      }
    }
  }
}

/** franc's trigram model: trigram → its rank, the first occurrence winning. */
function rankMap(model: string): Map<string, number> {
  const trigrams = model.split('|');
  const out = new Map<string, number>();
  for (let rank = trigrams.length - 1; rank >= 0; rank--) out.set(trigrams[rank]!, rank);
  return out;
}

/** The script whose expression matches most code points; the first such on ties (franc's getTopScript). */
function topScript(value: string, counts: Int32Array): { name: string; count: number } {
  counts.fill(0);
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    let bits: number;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        const codePoint = (code - 0xd800) * 0x400 + next - 0xdc00 + 0x10000;
        let astral = ASTRAL_SCRIPTS.get(codePoint);
        if (astral === undefined) {
          astral = scriptsOf(String.fromCodePoint(codePoint));
          ASTRAL_SCRIPTS.set(codePoint, astral);
        }
        bits = astral;
        i++;
      } else bits = bmpScripts(code);
    } else bits = bmpScripts(code);
    for (let k = 0; bits !== 0; k++, bits >>>= 1) if (bits & 1) counts[k]!++;
  }
  let top = 0;
  for (let k = 1; k < counts.length; k++) if (counts[k]! > counts[top]!) top = k;
  return { name: SCRIPTS[top]!, count: counts[top]! };
}

function bmpScripts(code: number): number {
  let bits = BMP_SCRIPTS[code]!;
  if (bits === -1) {
    bits = scriptsOf(String.fromCharCode(code));
    BMP_SCRIPTS[code] = bits;
  }
  return bits;
}

/**
 * Counts the padded trigrams of franc's cleaned text (trigram-utils `asDictionary`) into `counts`,
 * by alphabet key; returns how many distinct trigrams have a character outside the alphabet
 * (those no model has, whatever their count).
 */
function countTrigrams(value: string, alphabet: Alphabet, counts: KeyCounter): number {
  let length = cleanUnits(value);
  if (length < 0) {
    // Lower case that depends on context or changes length: as franc does it, on the string.
    const cleaned = ` ${value.replace(PUNCTUATION, ' ').replace(WHITE_SPACE, ' ').trim().toLowerCase()} `;
    length = cleaned.length;
    if (units.length < length) units = new Uint16Array(length);
    for (let i = 0; i < length; i++) units[i] = cleaned.charCodeAt(i);
  }
  counts.reset(length);
  unmodelledSeen.clear();
  for (let i = 0; i + 3 <= length; i++) {
    const key = alphabet.key(units[i]!, units[i + 1]!, units[i + 2]!);
    if (key >= 0) counts.add(key);
    else unmodelledSeen.add((units[i]! * 0x10000 + units[i + 1]!) * 0x10000 + units[i + 2]!);
  }
  return unmodelledSeen.size;
}

/** The cleaned text's code units, reused. */
let units = new Uint16Array(MAX_LENGTH + 2);

/**
 * Writes franc's cleaned, padded text into `units`: each run of punctuation, symbols, digits
 * (U+0021–U+0040) and white space becomes one space, none at either end (its `replace`, `replace`,
 * `trim`), then lower case and a space each side. Returns its length, or -1 when lower-casing
 * unit by unit would differ from the string's `toLowerCase` (final sigma, İ, cased astral letters).
 */
function cleanUnits(value: string): number {
  if (units.length < value.length + 2) units = new Uint16Array(value.length + 2);
  let n = 0;
  units[n++] = SPACE;
  let gap = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isGapUnit(code)) {
      gap = n > 1;
      continue;
    }
    if (gap) units[n++] = SPACE;
    gap = false;
    if (code >= 0xd800 && code <= 0xdfff) {
      // A pair lower-cases as its code point (emoji stay as they are); a lone half stays itself.
      const next = i + 1 < value.length ? value.charCodeAt(i + 1) : 0;
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        if (!keepsCase(String.fromCharCode(code, next))) return -1;
        units[n++] = code;
        units[n++] = next;
        i++;
      } else units[n++] = code;
      continue;
    }
    const lower = lowerUnit(code);
    if (lower < 0) return -1;
    units[n++] = lower;
  }
  units[n++] = SPACE;
  return n;
}

const SPACE = 0x20;
const UNKNOWN_UNIT = -1;
/** Per BMP unit: 1 when franc's cleaning makes it a space, 0 when not; filled on first sight. */
const GAP_UNITS = new Int8Array(0x10000).fill(UNKNOWN_UNIT);
/** Per BMP unit: its lower case as one unit, or -2 when that depends on context or is longer. */
const LOWER_UNITS = new Int32Array(0x10000).fill(UNKNOWN_UNIT);
/** Astral characters seen, and whether lower-casing leaves them as they are. */
const ASTRAL_KEEPS_CASE = new Map<string, boolean>();

function isGapUnit(code: number): boolean {
  let known = GAP_UNITS[code]!;
  if (known === UNKNOWN_UNIT) {
    known = (code >= 0x21 && code <= 0x40) || /\s/.test(String.fromCharCode(code)) ? 1 : 0;
    GAP_UNITS[code] = known;
  }
  return known === 1;
}

function lowerUnit(code: number): number {
  let known = LOWER_UNITS[code]!;
  if (known === UNKNOWN_UNIT) {
    const lower = String.fromCharCode(code).toLowerCase();
    // Capital sigma lower-cases by what surrounds it.
    known = code === 0x3a3 || lower.length !== 1 ? -2 : lower.charCodeAt(0);
    LOWER_UNITS[code] = known;
  }
  return known;
}

function keepsCase(pair: string): boolean {
  let known = ASTRAL_KEEPS_CASE.get(pair);
  if (known === undefined) {
    known = pair.toLowerCase() === pair;
    ASTRAL_KEEPS_CASE.set(pair, known);
  }
  return known;
}

/** Trigrams of the text being counted that no model has, by their exact key. */
const unmodelledSeen = new Set<number>();

/**
 * The characters of the models' trigrams, numbered from 1: a trigram of them gets a key below
 * 2^31 for an alphabet of up to 1,290 characters (the lexicon's languages use 77), and a trigram
 * with any other character is in no model.
 */
class Alphabet {
  private readonly index = new Uint16Array(0x10000);
  private readonly size: number;
  /** Whether every key fits the tables' 32-bit integers. */
  readonly keysAreSmall: boolean;

  constructor(trigrams: readonly string[]) {
    let size = 1;
    for (const trigram of trigrams) {
      for (let i = 0; i < trigram.length; i++) {
        const code = trigram.charCodeAt(i);
        if (this.index[code] === 0) this.index[code] = size++;
      }
    }
    this.size = size;
    this.keysAreSmall = size ** 3 < 2 ** 31;
  }

  /** Key of the trigram of these three units, or -1 when one is not in the alphabet. */
  key(first: number, second: number, third: number): number {
    const a = this.index[first]!;
    const b = this.index[second]!;
    const c = this.index[third]!;
    if (a === 0 || b === 0 || c === 0) return -1;
    return (a * this.size + b) * this.size + c;
  }
}
