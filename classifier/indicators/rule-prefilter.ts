// Which lexicon rules of a language can match a text at all. Each rule's pattern is read for the
// literal words every match must contain ("girls|ladies" in "(many|new) (girls|ladies)"); one scan
// of the text for all those words of a language then tells which rules to run, instead of running
// every rule's regular expression over every ad. Exact: a rule is skipped only when none of its
// required words occurs, matched with the rule's own flags (`iu`), so it could not have matched.
// Rules whose patterns give no required word always run.

/** A literal shorter than this is not worth scanning for; such rules always run. */
const MIN_LITERAL_CHARS = 2;
/** Escapes that stand for a class of characters or an assertion, not a literal character. */
const CLASS_ESCAPES = new Set([...'dDsSwWbBpPuxck0123456789nrtvf']);

export interface RulePrefilter {
  /** Indexes (into the language's rules) that may match `text`; rules without literals always. */
  candidates(text: string): Set<number>;
  /** What `candidates` searches for, so several languages' prefilters can share one scan. */
  readonly tables?: PrefilterTables;
}

export interface PrefilterTables {
  /** Rules that always run. */
  always: ReadonlySet<number>;
  /** Every rule: the answer for a text with an odd-case character. */
  every: ReadonlySet<number>;
  /** Lower-cased literal → the rules that require it (one of their literals). */
  literals: ReadonlyMap<string, readonly number[]>;
  /** Characters that make lower-case search inexact (see oddCaseVariants). */
  oddChars: RegExp | undefined;
}

type Required = string[] | null;

/**
 * Literals of which every match of `source` contains at least one (null when none is known).
 * `source` is a pattern for the `u` flag, as the lexicon compiles it.
 */
export function requiredLiterals(source: string): Required {
  let at = 0;
  const peek = () => source[at];

  function parseAlternation(): Required {
    const branches: Required[] = [parseSequence()];
    while (peek() === '|') {
      at++;
      branches.push(parseSequence());
    }
    if (branches.length === 1) return branches[0]!;
    if (branches.some((b) => b === null)) return null;
    return [...new Set(branches.flat() as string[])];
  }

  function parseSequence(): Required {
    let best: Required = null;
    let run = '';
    const consider = (req: Required) => {
      if (req === null || req.length === 0) return;
      if (best === null || score(req) > score(best)) best = req;
    };
    const flush = () => {
      if (run.length > 0) consider([run]);
      run = '';
    };
    while (at < source.length && peek() !== '|' && peek() !== ')') {
      const atom = parseAtom();
      const min = parseQuantifier();
      if (atom.kind === 'char') {
        if (min === 0) flush();
        else {
          run += atom.char;
          if (min !== 1 || atom.repeats) flush();
        }
        continue;
      }
      flush();
      if (atom.kind === 'group' && min > 0) consider(atom.required);
    }
    flush();
    return best;
  }

  type Atom =
    | { kind: 'char'; char: string; repeats?: boolean }
    | { kind: 'group'; required: Required }
    | { kind: 'other' };

  function parseAtom(): Atom {
    const ch = source[at]!;
    if (ch === '(') {
      at++;
      let zeroWidth = false;
      if (source.startsWith('?:', at)) at += 2;
      else if (source.startsWith('?=', at) || source.startsWith('?!', at)) {
        at += 2;
        zeroWidth = true;
      } else if (source.startsWith('?<=', at) || source.startsWith('?<!', at)) {
        at += 3;
        zeroWidth = true;
      } else if (source.startsWith('?<', at)) at = source.indexOf('>', at) + 1;
      else if (source[at] === '?') throw new Error('unknown group');
      const required = parseAlternation();
      if (source[at] !== ')') throw new Error('unbalanced group');
      at++;
      return zeroWidth ? { kind: 'other' } : { kind: 'group', required };
    }
    if (ch === '[') {
      at++;
      while (at < source.length && source[at] !== ']') at += source[at] === '\\' ? 2 : 1;
      if (source[at] !== ']') throw new Error('unbalanced class');
      at++;
      return { kind: 'other' };
    }
    if (ch === '\\') {
      const next = source[at + 1];
      if (next === undefined) throw new Error('trailing backslash');
      at += 2;
      if (CLASS_ESCAPES.has(next)) {
        // \p{…}, \u{…}: skip the braces; \xHH and \uHHHH are read as "not a literal".
        if (source[at] === '{') at = source.indexOf('}', at) + 1;
        return { kind: 'other' };
      }
      return { kind: 'char', char: next };
    }
    if (ch === '.' || ch === '^' || ch === '$') {
      at++;
      return { kind: 'other' };
    }
    if (ch === '?' || ch === '*' || ch === '+' || ch === '{' || ch === ']' || ch === '}')
      throw new Error(`unexpected ${ch}`);
    // One code point: a quantifier after an astral character repeats all of it.
    const cp = source.codePointAt(at)!;
    const char = String.fromCodePoint(cp);
    at += char.length;
    return { kind: 'char', char };
  }

  /** The quantifier's minimum (1 without one); marks unbounded or repeated atoms via return. */
  function parseQuantifier(): number {
    const ch = source[at];
    let min = 1;
    if (ch === '?' || ch === '*') {
      min = 0;
      at++;
    } else if (ch === '+') {
      min = 2; // at least once, possibly more: the run of literals ends here
      at++;
    } else if (ch === '{') {
      const close = source.indexOf('}', at);
      const m = /^\{(\d+)(,\d*)?\}$/.exec(source.slice(at, close + 1));
      if (!m) throw new Error('bad quantifier');
      const low = Number(m[1]);
      min = low === 0 ? 0 : m[2] === undefined && low === 1 ? 1 : 2;
      at = close + 1;
    } else return 1;
    if (source[at] === '?') at++;
    return min;
  }

  try {
    const required = parseAlternation();
    if (at !== source.length) return null;
    if (required === null || required.some((l) => l.length < MIN_LITERAL_CHARS)) return null;
    return required;
  } catch {
    return null;
  }
}

/** Higher is more selective: the shortest literal of the set, then fewer literals. */
function score(req: string[]): number {
  let shortest = Number.POSITIVE_INFINITY;
  for (const l of req) shortest = Math.min(shortest, l.length);
  return shortest * 1000 - req.length;
}

function escapeLiteral(literal: string): string {
  // Only syntax characters: the `u` flag rejects escapes of anything else ("\-").
  return literal.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** Every BMP character but surrogates, to find the literal characters' case variants. */
let bmp: string | undefined;
/** Per flags and literal character: the characters that match it but lower-case differently. */
const variantsOf = new Map<string, string[]>();

/**
 * Characters that match one of `chars` under the rules' flags but whose `toLowerCase` differs from
 * that character's ("ſ" for s, the Kelvin sign for k): in a text, they make lower-case search miss
 * what the regular expression would find. One scan of the BMP per new set of characters (a class
 * of all of them), then each character's own test only on the few that matched the class.
 */
function oddCaseVariants(chars: ReadonlySet<string>, flags: string): Set<string> {
  const fresh = [...chars].filter((c) => !variantsOf.has(`${flags}:${c}`));
  if (fresh.length > 0) {
    bmp ??= Array.from({ length: 0x10000 }, (_, c) =>
      c >= 0xd800 && c <= 0xdfff ? '' : String.fromCharCode(c),
    ).join('');
    const near = bmp.match(new RegExp(`[${fresh.map(escapeClassChar).join('')}]`, `g${flags}`)) ?? [];
    for (const char of fresh) {
      const own = new RegExp(`^${escapeLiteral(char)}$`, flags);
      const lower = char.toLowerCase();
      variantsOf.set(
        `${flags}:${char}`,
        near.filter((c) => own.test(c) && c.toLowerCase() !== lower),
      );
    }
  }
  const out = new Set<string>();
  for (const c of chars) for (const v of variantsOf.get(`${flags}:${c}`)!) out.add(v);
  return out;
}

/**
 * Builds the prefilter of a language's rules from their patterns (as compiled, before the
 * whole-word suffix). `flags` are the rules' own, so literals match exactly as in the rules.
 * The text is lower-cased once and searched for the lower-cased literals, two characters at a
 * time through an index; a text with a character that lower-cases unlike its `iu` equivalents
 * ("ſ", Greek capital sigma, whose lower case depends on context) runs every rule.
 */
export function buildRulePrefilter(
  patterns: string[],
  flags = 'iu',
  alwaysRun: ReadonlySet<number> = new Set(),
): RulePrefilter {
  const always = new Set<number>();
  const rulesOf = new Map<string, Set<number>>();
  patterns.forEach((pattern, index) => {
    const literals = alwaysRun.has(index) ? null : requiredLiterals(pattern);
    const lowered = literals?.map((l) => l.toLowerCase());
    if (!lowered || lowered.some((l) => l.length < MIN_LITERAL_CHARS)) {
      always.add(index);
      return;
    }
    for (const literal of lowered) rulesOf.set(literal, (rulesOf.get(literal) ?? new Set()).add(index));
  });
  const every = new Set(patterns.map((_, i) => i));
  const literals = new Map([...rulesOf].map(([literal, rules]) => [literal, [...rules]]));
  const literalChars = new Set<string>();
  for (const literal of literals.keys()) for (const char of literal) literalChars.add(char);
  let oddChars: RegExp | undefined;
  if (literals.size > 0) {
    const odd = oddCaseVariants(literalChars, flags);
    odd.add('\u03a3');
    oddChars = oddClass(odd);
  }
  const tables: PrefilterTables = { always, every, literals, oddChars };
  const scanner = new LiteralScanner([tables]);
  return { tables, candidates: (text: string) => scanner.candidates(text)[0]! };
}

/**
 * Candidates of several prefilters in one scan of the text (an ad runs the rules of its own
 * language, English and the shared codes): the same sets as each prefilter's `candidates`.
 * Prefilters without tables (hand-made ones) are asked themselves.
 */
export function candidatesOfAll(prefilters: readonly RulePrefilter[], text: string): Set<number>[] {
  const scanner = scannerFor(prefilters);
  if (!scanner) return prefilters.map((p) => p.candidates(text));
  return scanner.candidates(text);
}

/** Combinations of prefilters kept (a lexicon has one per ad language; tests load many lexicons). */
const MAX_SCANNERS = 32;
/** Scanners of the combinations of prefilters seen, oldest first. */
const scanners: Array<{ prefilters: readonly RulePrefilter[]; scanner: LiteralScanner }> = [];

function scannerFor(prefilters: readonly RulePrefilter[]): LiteralScanner | undefined {
  const found = scanners.find(
    (s) => s.prefilters.length === prefilters.length && s.prefilters.every((p, i) => p === prefilters[i]),
  );
  if (found) return found.scanner;
  const tables = prefilters.map((p) => p.tables);
  if (tables.some((t) => t === undefined)) return undefined;
  const scanner = new LiteralScanner(tables as PrefilterTables[]);
  if (scanners.length >= MAX_SCANNERS) scanners.shift();
  scanners.push({ prefilters: [...prefilters], scanner });
  return scanner;
}

/**
 * Searches the lower-cased text for the literals of several prefilters. Most positions of a text
 * are rejected by a bit table of hashed prefixes: literals of four or more code units by their
 * first four, shorter ones by all of them (three tables, so no literal needs more text than it
 * has). Only at positions that pass is the Map of literals by their first two units consulted.
 */
class LiteralScanner {
  /** Literals by their first two code units, each with the rules it selects per prefilter. */
  private readonly byPair = new Map<number, Array<[string, Array<[number, readonly number[]]>]>>();
  /**
   * Hashed prefixes of two, three and four code units that some literal starts with, a bit each:
   * 8 KiB a table, so the three stay in the processor's nearest caches while a text is scanned.
   */
  private readonly bits2 = new Uint32Array(PREFIX_BITS_SIZE / 32);
  private readonly bits3 = new Uint32Array(PREFIX_BITS_SIZE / 32);
  private readonly bits4 = new Uint32Array(PREFIX_BITS_SIZE / 32);
  /** Any prefilter's odd characters: only then is each prefilter's own class tested. */
  private readonly anyOdd: RegExp | undefined;

  constructor(private readonly tables: readonly PrefilterTables[]) {
    const byLiteral = new Map<string, Array<[number, readonly number[]]>>();
    tables.forEach((t, k) => {
      for (const [literal, rules] of t.literals)
        byLiteral.set(literal, [...(byLiteral.get(literal) ?? []), [k, rules]]);
    });
    for (const [literal, selected] of byLiteral) {
      const [a, b, c, d] = [0, 1, 2, 3].map((i) => literal.charCodeAt(i)) as [number, number, number, number];
      const pair = a * 0x10000 + b;
      this.byPair.set(pair, [...(this.byPair.get(pair) ?? []), [literal, selected]]);
      if (literal.length === 2) setBit(this.bits2, hash2(a, b));
      else if (literal.length === 3) setBit(this.bits3, hash3(hash2(a, b), c));
      else setBit(this.bits4, hash4(hash3(hash2(a, b), c), d));
    }
    const odd = tables.flatMap((t) => (t.oddChars ? [t.oddChars.source.slice(1, -1)] : []));
    this.anyOdd = odd.length > 0 ? new RegExp(`[${odd.join('')}]`, 'u') : undefined;
  }

  candidates(text: string): Set<number>[] {
    const oddIn = this.anyOdd?.test(text)
      ? this.tables.map((t) => t.oddChars?.test(text) ?? false)
      : undefined;
    const out = this.tables.map((t, k) => new Set(oddIn?.[k] ? t.every : t.always));
    // Prefilters that answered "every rule" need no scan.
    const scanned = this.tables.map((_, k) => !oddIn?.[k]);
    if (!scanned.some(Boolean)) return out;
    const lower = lowerCase(text);
    const { bits2, bits3, bits4 } = this;
    const n = lower.length;
    // A window of four code units slides over the text; past the end it reads 0, a false pass at
    // worst (a literal longer than what is left cannot start there), never a miss.
    let c1 = n > 0 ? lower.charCodeAt(0) : 0;
    let c2 = n > 1 ? lower.charCodeAt(1) : 0;
    let c3 = n > 2 ? lower.charCodeAt(2) : 0;
    for (let i = 0; i + 1 < n; i++) {
      const c0 = c1;
      c1 = c2;
      c2 = c3;
      c3 = i + 3 < n ? lower.charCodeAt(i + 3) : 0;
      const h2 = hash2(c0, c1);
      const h3 = hash3(h2, c2);
      if (!hasBit(bits2, h2) && !hasBit(bits3, h3) && !hasBit(bits4, hash4(h3, c3))) continue;
      const found = this.byPair.get(c0 * 0x10000 + c1);
      if (!found) continue;
      for (const [literal, selected] of found) {
        if (!lower.startsWith(literal, i)) continue;
        for (const [k, rules] of selected) if (scanned[k]) for (const r of rules) out[k]!.add(r);
      }
    }
    return out;
  }
}

const PREFIX_BITS_SIZE = 1 << 16;

function setBit(bits: Uint32Array, index: number): void {
  bits[index >>> 5]! |= 1 << (index & 31);
}

function hasBit(bits: Uint32Array, index: number): boolean {
  return (bits[index >>> 5]! & (1 << (index & 31))) !== 0;
}

// Prefix hashes, each built from the shorter one: multiply-xor, masked to the bit tables.
function hash2(first: number, second: number): number {
  return (Math.imul(first, 0x9e37) ^ second) & (PREFIX_BITS_SIZE - 1);
}

function hash3(h2: number, third: number): number {
  return (Math.imul(h2 ^ 0x5bd1, 0x27d4eb2d) ^ third) & (PREFIX_BITS_SIZE - 1);
}

function hash4(h3: number, fourth: number): number {
  return (Math.imul(h3 ^ 0x3c6e, 0x165667b1) ^ fourth) & (PREFIX_BITS_SIZE - 1);
}

function oddClass(odd: ReadonlySet<string>): RegExp | undefined {
  return odd.size > 0 ? new RegExp(`[${[...odd].map(escapeClassChar).join('')}]`, 'u') : undefined;
}

/** The last text lower-cased: each language's prefilter reads the same ad in turn. */
let lastText: string | undefined;
let lastLower = '';

function lowerCase(text: string): string {
  if (text !== lastText) {
    lastLower = text.toLowerCase();
    lastText = text;
  }
  return lastLower;
}

function escapeClassChar(char: string): string {
  return /[\\\][^-]/.test(char) ? `\\${char}` : char;
}
