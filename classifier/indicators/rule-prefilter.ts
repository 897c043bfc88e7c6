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
  if (rulesOf.size === 0) return { candidates: () => new Set(always) };
  // Literals by their first two code units: most positions of a text are rejected by one lookup.
  const byPair = new Map<number, Array<[string, number[]]>>();
  // A bit per hashed pair: the Map is consulted only at positions whose pair some literal starts with.
  const pairBits = new Uint8Array(PAIR_BITS_SIZE);
  const literalChars = new Set<string>();
  for (const [literal, rules] of rulesOf) {
    const first = literal.charCodeAt(0);
    const second = literal.charCodeAt(1);
    const pair = first * 0x10000 + second;
    byPair.set(pair, [...(byPair.get(pair) ?? []), [literal, [...rules]]]);
    pairBits[pairHash(first, second)] = 1;
    for (const char of literal) literalChars.add(char);
  }
  const odd = oddCaseVariants(literalChars, flags);
  odd.add('\u03a3');
  const oddChars = new RegExp(`[${[...odd].map(escapeClassChar).join('')}]`, 'u');
  return {
    candidates(text: string): Set<number> {
      if (oddChars.test(text)) return new Set(every);
      const out = new Set(always);
      const lower = lowerCase(text);
      let next = lower.charCodeAt(0);
      for (let i = 0; i + 1 < lower.length; i++) {
        const first = next;
        next = lower.charCodeAt(i + 1);
        if (pairBits[pairHash(first, next)] === 0) continue;
        const found = byPair.get(first * 0x10000 + next);
        if (!found) continue;
        for (const [literal, rules] of found)
          if (lower.startsWith(literal, i)) for (const r of rules) out.add(r);
      }
      return out;
    },
  };
}

const PAIR_BITS_SIZE = 1 << 16;

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

function pairHash(first: number, second: number): number {
  return (Math.imul(first, 0x9e37) ^ second) & (PAIR_BITS_SIZE - 1);
}

function escapeClassChar(char: string): string {
  return /[\\\][^-]/.test(char) ? `\\${char}` : char;
}
