// Which lexicon rules of a language can match a text at all. Each rule's pattern is read for the
// literal words every match must contain ("girls|ladies" in "(many|new) (girls|ladies)"); one scan
// of the text for all those words of a language then tells which rules to run, instead of running
// every rule's regular expression over every ad. Exact: a rule is skipped only when none of its
// required words occurs, matched with the rule's own flags (`iu`), so it could not have matched.
// Rules whose patterns give no required word always run. When every match of a rule starts with
// one of its words ("my", "our" in "(my|our) (girls|ladies)"), the scan also records where they
// occur, and the engine tries the rule's regular expression only there (sticky) instead of
// searching the whole text with it: the same matches, since no match can start anywhere else.

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
  /** Lower-cased literal → the anchored rules it leads (every match starts with one of theirs). */
  leading: ReadonlyMap<string, readonly number[]>;
  /** Rules with leading literals. */
  anchored: ReadonlySet<number>;
  /** Characters that make lower-case search inexact (see oddCaseVariants). */
  oddChars: RegExp | undefined;
}

/** One prefilter's answer for a text. */
export interface RuleScan {
  /** As `RulePrefilter.candidates`. */
  candidates: Set<number>;
  /**
   * For each anchored candidate: the ascending indexes of the text at which one of its leading
   * literals occurs, the only places a match can start (anchored rules with none are not
   * candidates). Undefined when places are not exact (an odd-case character, lower-casing that
   * changes the length): then rules search the whole text.
   */
  starts: ((rule: number) => readonly number[] | undefined) | undefined;
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

/** A pattern read as a tree: alternatives of sequences of quantified atoms. */
type Alternatives = Quantified[][];
interface Quantified {
  atom: PatternAtom;
  /** 0 when optional. */
  min: number;
  /** Exactly once (no quantifier, or `{1}`). */
  once: boolean;
  /** Once or not at all (`?`). */
  optional: boolean;
}
type PatternAtom =
  | { kind: 'char'; char: string }
  /** A class of a few characters (`[ae]`, `[2-7]`, `\d`); `\s` is left out: literals ending in
   * each white-space character ("i ", "7 ") occur so often that trying the rule there costs more
   * than searching for it. */
  | { kind: 'set'; chars: string[] }
  | { kind: 'group'; alternatives: Alternatives }
  | { kind: 'assertion' }
  | { kind: 'other' };

/** Escapes that consume nothing. */
const ASSERTION_ESCAPES = new Set(['b', 'B']);
/** Leading literals are given up beyond this many (alternatives multiply). */
const MAX_LEADING_LITERALS = 64;
/** Classes of more characters than this are not spelt out. */
const MAX_SET_CHARS = 32;
/** What `\d` matches under the `u` flag (ASCII digits only). */
const DIGITS = [...'0123456789'];

/**
 * The characters a class body (between the brackets) lists, or undefined for a negated class, a
 * class escape inside it or too many characters. Case variants are left to the lower-casing and
 * odd-case checks, as for literal characters.
 */
function classMembers(body: string): string[] | undefined {
  if (body.startsWith('^')) return undefined;
  const points = new Set<number>();
  let at = 0;
  const member = (): number | undefined => {
    if (body[at] === '\\') {
      const escaped = body[at + 1];
      if (escaped === undefined || CLASS_ESCAPES.has(escaped)) return undefined;
      at += 2;
      return escaped.charCodeAt(0);
    }
    const point = body.codePointAt(at)!;
    at += point > 0xffff ? 2 : 1;
    return point;
  };
  while (at < body.length) {
    const low = member();
    if (low === undefined) return undefined;
    let high = low;
    if (body[at] === '-' && at + 1 < body.length) {
      at++;
      const end = member();
      if (end === undefined || end < low || end - low >= MAX_SET_CHARS) return undefined;
      high = end;
    }
    for (let c = low; c <= high; c++) points.add(c);
    if (points.size > MAX_SET_CHARS) return undefined;
  }
  return [...points].map((c) => String.fromCodePoint(c));
}

/** Parses a `u`-flag pattern of the lexicon's subset; throws on anything else. */
function parsePattern(source: string): Alternatives {
  let at = 0;
  const alternatives = (): Alternatives => {
    const out: Alternatives = [sequence()];
    while (source[at] === '|') {
      at++;
      out.push(sequence());
    }
    return out;
  };
  const sequence = (): Quantified[] => {
    const out: Quantified[] = [];
    while (at < source.length && source[at] !== '|' && source[at] !== ')') {
      const atom = parseAtom();
      out.push({ atom, ...quantifier() });
    }
    return out;
  };
  const parseAtom = (): PatternAtom => {
    const ch = source[at]!;
    if (ch === '(') {
      at++;
      let assertion = false;
      if (source.startsWith('?:', at)) at += 2;
      else if (/^\?<?[=!]/.test(source.slice(at, at + 3))) {
        at += source[at + 1] === '<' ? 3 : 2;
        assertion = true;
      } else if (source.startsWith('?<', at)) at = source.indexOf('>', at) + 1;
      else if (source[at] === '?') throw new Error('unknown group');
      const inner = alternatives();
      if (source[at] !== ')') throw new Error('unbalanced group');
      at++;
      return assertion ? { kind: 'assertion' } : { kind: 'group', alternatives: inner };
    }
    if (ch === '[') {
      const open = ++at;
      while (at < source.length && source[at] !== ']') at += source[at] === '\\' ? 2 : 1;
      if (source[at] !== ']') throw new Error('unbalanced class');
      const chars = classMembers(source.slice(open, at++));
      return chars ? { kind: 'set', chars } : { kind: 'other' };
    }
    if (ch === '\\') {
      const next = source[at + 1];
      if (next === undefined) throw new Error('trailing backslash');
      at += 2;
      if (ASSERTION_ESCAPES.has(next)) return { kind: 'assertion' };
      if (next === 'd') return { kind: 'set', chars: DIGITS };
      if (CLASS_ESCAPES.has(next)) {
        if (source[at] === '{') at = source.indexOf('}', at) + 1;
        return { kind: 'other' };
      }
      return { kind: 'char', char: next };
    }
    if (ch === '^' || ch === '$') {
      at++;
      return { kind: 'assertion' };
    }
    if (ch === '.') {
      at++;
      return { kind: 'other' };
    }
    if ('?*+{]}'.includes(ch)) throw new Error(`unexpected ${ch}`);
    const char = String.fromCodePoint(source.codePointAt(at)!);
    at += char.length;
    return { kind: 'char', char };
  };
  const quantifier = (): { min: number; once: boolean; optional: boolean } => {
    const ch = source[at];
    let range: { min: number; once: boolean; optional: boolean };
    if (ch === '?' || ch === '*') range = { min: 0, once: false, optional: ch === '?' };
    else if (ch === '+') range = { min: 1, once: false, optional: false };
    else if (ch === '{') {
      const close = source.indexOf('}', at);
      const m = /^\{(\d+)(,\d*)?\}$/.exec(source.slice(at, close + 1));
      if (!m) throw new Error('bad quantifier');
      const min = Number(m[1]);
      range = { min, once: m[2] === undefined && min === 1, optional: min === 0 && m[2] === ',1' };
      at = close;
    } else return { min: 1, once: true, optional: false };
    at++;
    if (source[at] === '?') at++;
    return range;
  };
  const tree = alternatives();
  if (at !== source.length) throw new Error('unbalanced group');
  return tree;
}

/**
 * What every match of a part of a pattern is: one of `whole` exactly ("" when it can be empty),
 * or a string starting with one of `partial`. Null: not known.
 */
type Leading = { partial: Set<string>; whole: Set<string> } | null;

/**
 * Literals one of which every match of `source` starts with (null when none is known).
 * `source` is a pattern for the `u` flag, as the lexicon compiles it.
 */
export function leadingLiterals(source: string): string[] | null {
  let leading: Leading;
  try {
    leading = leadingOfAlternatives(parsePattern(source), 0);
  } catch {
    return null;
  }
  if (leading === null || leading.whole.has('')) return null;
  const literals = [...new Set([...leading.partial, ...leading.whole])];
  return literals.some((l) => l.length < MIN_LITERAL_CHARS) ? null : literals;
}

/** `spelt`: how many characters the callers have already fixed (sets are spelt out only to reach the minimum). */
function leadingOfAlternatives(alternatives: Alternatives, spelt: number): Leading {
  const out = { partial: new Set<string>(), whole: new Set<string>() };
  for (const sequence of alternatives) {
    const leading = leadingOfSequence(sequence, 0, spelt);
    if (leading === null) return null;
    for (const l of leading.partial) out.partial.add(l);
    for (const l of leading.whole) out.whole.add(l);
  }
  return out.partial.size + out.whole.size > MAX_LEADING_LITERALS ? null : out;
}

function leadingOfSequence(sequence: readonly Quantified[], from: number, spelt: number): Leading {
  if (from === sequence.length) return { partial: new Set(), whole: new Set(['']) };
  const head = leadingOfQuantified(sequence[from]!, spelt);
  if (head === null) return null;
  const out = { partial: new Set(head.partial), whole: new Set<string>() };
  // Heads already long enough and shorter ones continue separately, so that a set after a word
  // ("we\s+") is spelt out only after the short heads ("i\s+").
  const wholes = [...head.whole];
  for (const long of [false, true]) {
    const heads = wholes.filter((w) => spelt + w.length >= MIN_LITERAL_CHARS === long);
    if (heads.length === 0) continue;
    const rest = leadingOfSequence(sequence, from + 1, spelt + Math.min(...heads.map((w) => w.length)));
    if (rest !== null && heads.length * (rest.partial.size + rest.whole.size) <= MAX_LEADING_LITERALS) {
      for (const w of heads) {
        for (const l of rest.partial) out.partial.add(w + l);
        for (const l of rest.whole) out.whole.add(w + l);
      }
      continue;
    }
    // The literals end with the heads; where the head can be empty, the rest leads.
    if (heads.includes('')) {
      if (rest === null) return null;
      for (const l of rest.partial) out.partial.add(l);
      for (const l of rest.whole) out.whole.add(l);
    }
    for (const w of heads) if (w !== '') out.partial.add(w);
  }
  return out;
}

function leadingOfQuantified({ atom, min, once, optional }: Quantified, spelt: number): Leading {
  if (atom.kind === 'assertion') return { partial: new Set(), whole: new Set(['']) };
  if (atom.kind === 'other') return null;
  // Past the minimum length a set would only multiply the literals: they end before it.
  if (atom.kind === 'set' && spelt >= MIN_LITERAL_CHARS) return null;
  const own: Leading =
    atom.kind === 'group'
      ? leadingOfAlternatives(atom.alternatives, spelt)
      : { partial: new Set(), whole: new Set(atom.kind === 'char' ? [atom.char] : atom.chars) };
  if (own === null || once) return own;
  if (optional) return { partial: own.partial, whole: new Set([...own.whole, '']) };
  // Repeated: a match is empty (min 0) or starts with one of the atom's own matches.
  const partial = new Set(own.partial);
  for (const w of own.whole) if (w !== '') partial.add(w);
  const whole = new Set<string>(min === 0 || own.whole.has('') ? [''] : []);
  return { partial, whole };
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
  const leadsOf = new Map<string, Set<number>>();
  const add = (to: Map<string, Set<number>>, literal: string, rule: number) =>
    to.set(literal, (to.get(literal) ?? new Set()).add(rule));
  patterns.forEach((pattern, index) => {
    const literals = alwaysRun.has(index) ? undefined : searchable(requiredLiterals(pattern));
    if (!literals) {
      always.add(index);
      return;
    }
    for (const literal of literals) add(rulesOf, literal, index);
    for (const literal of searchable(leadingLiterals(pattern)) ?? []) add(leadsOf, literal, index);
  });
  const every = new Set(patterns.map((_, i) => i));
  const literals = new Map([...rulesOf].map(([literal, rules]) => [literal, [...rules]]));
  const leading = new Map([...leadsOf].map(([literal, rules]) => [literal, [...rules]]));
  const literalChars = new Set<string>();
  for (const literal of [...literals.keys(), ...leading.keys()])
    for (const char of literal) literalChars.add(char);
  let oddChars: RegExp | undefined;
  if (literalChars.size > 0) {
    const odd = oddCaseVariants(literalChars, flags);
    odd.add('\u03a3');
    oddChars = oddClass(odd);
  }
  const anchored = new Set([...leading.values()].flat());
  const tables: PrefilterTables = { always, every, literals, leading, anchored, oddChars };
  const scanner = new LiteralScanner([tables]);
  return { tables, candidates: (text: string) => scanner.candidates(text)[0]! };
}

/**
 * The literals lower-cased, or undefined when one is too short to scan for or starts with a low
 * surrogate (no match of a `u` regex starts inside a surrogate pair, so its place would mislead).
 */
function searchable(literals: string[] | null): string[] | undefined {
  const lowered = literals?.map((l) => l.toLowerCase());
  if (!lowered || lowered.some((l) => l.length < MIN_LITERAL_CHARS || isLowSurrogate(l.charCodeAt(0))))
    return undefined;
  return lowered;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Candidates of several prefilters in one scan of the text (an ad runs the rules of its own
 * language, English and the shared codes): the same sets as each prefilter's `candidates`.
 * Prefilters without tables (hand-made ones) are asked themselves.
 */
export function candidatesOfAll(prefilters: readonly RulePrefilter[], text: string): Set<number>[] {
  return scanAll(prefilters, text).map((scan) => scan.candidates);
}

/** As candidatesOfAll, with where the anchored rules' leading literals occur (see RuleScan). */
export function scanAll(prefilters: readonly RulePrefilter[], text: string): RuleScan[] {
  const scanner = scannerFor(prefilters);
  if (!scanner) return prefilters.map((p) => ({ candidates: p.candidates(text), starts: undefined }));
  return scanner.scan(text);
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
  /**
   * Hashed prefixes of two, three and four code units that some literal starts with, a bit each:
   * 8 KiB a table, so the three stay in the processor's nearest caches while a text is scanned.
   */
  private readonly bits2 = new Uint32Array(PREFIX_BITS_SIZE / 32);
  private readonly bits3 = new Uint32Array(PREFIX_BITS_SIZE / 32);
  private readonly bits4 = new Uint32Array(PREFIX_BITS_SIZE / 32);
  /** Literals of two, three, and four or more units by the hash of their prefix, as in the bits. */
  private readonly byHash2 = new Map<number, Array<[string, Selection]>>();
  private readonly byHash3 = new Map<number, Array<[string, Selection]>>();
  private readonly byHash4 = new Map<number, Array<[string, Selection]>>();
  /** Any prefilter's odd characters: only then is each prefilter's own class tested. */
  private readonly anyOdd: RegExp | undefined;
  /** Rule r of prefilter k is slot `offsets[k] + r` in the per-scan tables below. */
  private readonly offsets: number[];
  /** Per slot: number of the last scan that found one of the rule's required literals. */
  private readonly required: Int32Array;
  /** Per slot: number of the last scan that found one of its leading literals, and where. */
  private readonly led: Int32Array;
  private readonly startLists: number[][];
  private scans = 0;

  constructor(private readonly tables: readonly PrefilterTables[]) {
    this.offsets = [];
    let slots = 0;
    for (const t of tables) {
      this.offsets.push(slots);
      slots += t.every.size;
    }
    this.required = new Int32Array(slots);
    this.led = new Int32Array(slots);
    this.startLists = Array.from({ length: slots }, () => []);
    const byLiteral = new Map<string, Selection>();
    tables.forEach((t, k) => {
      const slotsOf = (rules: readonly number[] | undefined) =>
        (rules ?? []).map((r) => this.offsets[k]! + r);
      for (const literal of new Set([...t.literals.keys(), ...t.leading.keys()])) {
        const selection = byLiteral.get(literal) ?? { rules: [], leads: [] };
        selection.rules.push(...slotsOf(t.literals.get(literal)));
        selection.leads.push(...slotsOf(t.leading.get(literal)));
        byLiteral.set(literal, selection);
      }
    });
    for (const [literal, selection] of byLiteral) {
      const [a, b, c, d] = [0, 1, 2, 3].map((i) => literal.charCodeAt(i)) as [number, number, number, number];
      const [bits, byHash, hash] =
        literal.length === 2
          ? [this.bits2, this.byHash2, hash2(a, b)]
          : literal.length === 3
            ? [this.bits3, this.byHash3, hash3(hash2(a, b), c)]
            : [this.bits4, this.byHash4, hash4(hash3(hash2(a, b), c), d)];
      setBit(bits, hash);
      byHash.set(hash, [...(byHash.get(hash) ?? []), [literal, selection]]);
    }
    const odd = tables.flatMap((t) => (t.oddChars ? [t.oddChars.source.slice(1, -1)] : []));
    this.anyOdd = odd.length > 0 ? new RegExp(`[${odd.join('')}]`, 'u') : undefined;
  }

  candidates(text: string): Set<number>[] {
    return this.scan(text).map((scan) => scan.candidates);
  }

  /** The answer per prefilter; its `starts` lists are valid until the next scan. */
  scan(text: string): RuleScan[] {
    const oddIn = this.anyOdd?.test(text)
      ? this.tables.map((t) => t.oddChars?.test(text) ?? false)
      : undefined;
    // Prefilters that answer "every rule" need no scan.
    if (oddIn?.every(Boolean))
      return this.tables.map((t) => ({ candidates: new Set(t.every), starts: undefined }));
    const scan = ++this.scans;
    const lower = lowerCase(text);
    this.findLiterals(lower, scan);
    // Places in the lower-cased text are places in the text only if no character changed length.
    const placed = lower.length === text.length;
    return this.tables.map((t, k) => {
      if (oddIn?.[k]) return { candidates: new Set(t.every), starts: undefined };
      const offset = this.offsets[k]!;
      const candidates = new Set(t.always);
      for (let r = 0; r < t.every.size; r++) {
        // With places known, a rule none of whose leading literals occurs cannot match.
        if (
          this.required[offset + r] === scan &&
          (!placed || !t.anchored.has(r) || this.led[offset + r] === scan)
        )
          candidates.add(r);
      }
      const starts = placed
        ? (rule: number) => (this.led[offset + rule] === scan ? this.startLists[offset + rule] : undefined)
        : undefined;
      return { candidates, starts };
    });
  }

  /** Marks, in `required` and `led`, the slots whose literals occur in `lower`. */
  private findLiterals(lower: string, scan: number): void {
    const { bits2, bits3, bits4, byHash2, byHash3, byHash4 } = this;
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
      if (hasBit(bits2, h2)) this.mark(byHash2.get(h2), lower, i, scan);
      const h3 = hash3(h2, c2);
      if (hasBit(bits3, h3)) this.mark(byHash3.get(h3), lower, i, scan);
      const h4 = hash4(h3, c3);
      if (hasBit(bits4, h4)) this.mark(byHash4.get(h4), lower, i, scan);
    }
  }

  /** Marks the slots of those of `literals` that occur at `i`. */
  private mark(
    literals: Array<[string, Selection]> | undefined,
    lower: string,
    i: number,
    scan: number,
  ): void {
    if (literals === undefined) return;
    const { required, led, startLists } = this;
    for (const [literal, { rules, leads }] of literals) {
      if (!lower.startsWith(literal, i)) continue;
      for (const slot of rules) required[slot] = scan;
      for (const slot of leads) {
        if (led[slot] !== scan) {
          led[slot] = scan;
          startLists[slot] = [i];
          continue;
        }
        const list = startLists[slot]!;
        if (list[list.length - 1] !== i) list.push(i);
      }
    }
  }
}

/** The slots (rules) that literals starting with the same two code units require and lead. */
interface Selection {
  rules: number[];
  leads: number[];
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
