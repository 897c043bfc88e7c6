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
  for (const [script, languages] of Object.entries(data)) {
    const allowed = Object.keys(languages).filter((language) => only.includes(language));
    const ranks = new Map<number, Int32Array>();
    allowed.forEach((language, k) => {
      for (const [trigram, rank] of rankMap(languages[language]!)) {
        // The text's trigrams are three UTF-16 units; a model entry of another length never matches.
        if (trigram.length !== 3) continue;
        const key = trigramKey(trigram, 0);
        let row = ranks.get(key);
        if (!row) {
          row = new Int32Array(allowed.length).fill(-1);
          ranks.set(key, row);
        }
        row[k] = rank;
      }
    });
    modelsOf.set(script, { languages: allowed, ranks });
  }
  const counts = new Int32Array(SCRIPTS.length);
  return {
    detect(input: string): string {
      if (!input || input.length < minLength) return UNDETERMINED;
      const value = input.slice(0, MAX_LENGTH);
      const script = topScript(value, counts);
      const models = modelsOf.get(script.name);
      if (!models) {
        // A script of one language: franc answers with the script's language when allowed.
        return script.count > 0 && only.includes(script.name) ? script.name : UNDETERMINED;
      }
      const { languages, ranks } = models;
      if (languages.length === 0) return UNDETERMINED;
      if (languages.length === 1) return languages[0]!;
      const distances = new Float64Array(languages.length);
      for (const [key, count] of trigramCounts(value)) {
        const row = ranks.get(key);
        for (let k = 0; k < languages.length; k++) {
          const rank = row ? row[k]! : -1;
          distances[k]! += rank < 0 ? MAX_DIFFERENCE : Math.abs(count - rank - 1);
        }
      }
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
  ranks: Map<number, Int32Array>;
}

/** The three UTF-16 units of a trigram as one exact number (below 2^48), cheaper to hash than a string. */
function trigramKey(text: string, at: number): number {
  return (text.charCodeAt(at) * 0x10000 + text.charCodeAt(at + 1)) * 0x10000 + text.charCodeAt(at + 2);
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

/** Counts of the padded trigrams of franc's cleaned text (trigram-utils `asDictionary`), by key. */
function trigramCounts(value: string): Map<number, number> {
  const cleaned = ` ${value.replace(PUNCTUATION, ' ').replace(WHITE_SPACE, ' ').trim().toLowerCase()} `;
  const out = new Map<number, number>();
  for (let i = 0; i + 3 <= cleaned.length; i++) {
    const key = trigramKey(cleaned, i);
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}
