// Runs lexicon rules over an ad's text. A match counts unless a negator stands in the few words
// before it in the same clause ("not new in town", "no agency") or one of the rule's exclusion
// patterns occurs in that clause ("independent", "18+ only"). Evidence is the matched words as
// written in the ad.
import type { CompiledLanguage, CompiledRule, Lexicon } from './lexicon.ts';
import { scanAll } from './rule-prefilter.ts';

/** Attacker-controlled text is cut here before any regular expression sees it. */
export const MAX_MATCH_TEXT_CHARS = 20_000;
/** Evidence strings are cut to this length. */
const MAX_EVIDENCE_CHARS = 80;
/** At most this many evidence strings are kept per rule. */
const MAX_MATCHES_PER_RULE = 5;

/** Clause breaks: . ! ? ; newline, carriage return, | and •, tested by code unit (no regex per character). */
function isClauseBreak(code: number): boolean {
  switch (code) {
    case 0x2e: // .
    case 0x21: // !
    case 0x3f: // ?
    case 0x3b: // ;
    case 0x0a:
    case 0x0d:
    case 0x7c: // |
    case 0x2022: // •
      return true;
    default:
      return false;
  }
}
const TOKEN_SPLIT = /[^\p{L}\p{N}'’]+/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const UNKNOWN_UNIT = 2;

export interface RuleMatch {
  rule: CompiledRule;
  evidence: string[];
}

/** The languages whose rules run on an ad: its own, English (the lingua franca of ad sites), shared codes. */
export function languagesFor(language: string, lexicon: Lexicon): CompiledLanguage[] {
  if (language === 'und') return [...lexicon.languages.values()];
  const out: CompiledLanguage[] = [];
  for (const key of [language, 'en', 'shared']) {
    const lang = lexicon.languages.get(key);
    if (lang && !out.includes(lang)) out.push(lang);
  }
  return out;
}

/** Every rule of `languages` that fires on `text`, with its evidence. */
export function matchRules(text: string, languages: CompiledLanguage[]): RuleMatch[] {
  const sample = text.length > MAX_MATCH_TEXT_CHARS ? text.slice(0, MAX_MATCH_TEXT_CHARS) : text;
  const out: RuleMatch[] = [];
  // Only the rules whose required words occur in the text can match (exact; see rule-prefilter.ts),
  // found for all the languages in one scan.
  const scans = scanAll(
    languages.map((lang) => lang.prefilter),
    sample,
  );
  for (let k = 0; k < languages.length; k++) {
    const lang = languages[k]!;
    const { candidates, starts } = scans[k]!;
    for (let i = 0; i < lang.rules.length; i++) {
      if (!candidates.has(i)) continue;
      const rule = lang.rules[i]!;
      const evidence = matchRule(sample, rule, lang, starts?.(i));
      if (evidence.length > 0) out.push({ rule, evidence });
    }
  }
  return out;
}

/**
 * The rule's first match starting at `from` or later, as its global regex finds it. With `starts`
 * (the only places a match can start, ascending; see RuleScan) the sticky regex is tried at those
 * places instead, from `cursor.next` on.
 */
function nextMatch(
  text: string,
  rule: CompiledRule,
  from: number,
  starts: readonly number[] | undefined,
  cursor: { next: number },
): RegExpExecArray | null {
  // A `u` regex started inside a surrogate pair steps back to the pair: only the global one knows.
  if (starts === undefined || insidePair(text, from)) {
    rule.regex.lastIndex = from;
    return rule.regex.exec(text);
  }
  const sticky = rule.sticky;
  for (; cursor.next < starts.length; cursor.next++) {
    const at = starts[cursor.next]!;
    if (at < from) continue;
    // A match there would start inside a word, and matchRule would go on one character later.
    if (rule.wholeWord && at > 0 && isWordUnit(text.charCodeAt(at - 1))) continue;
    sticky.lastIndex = at;
    const m = sticky.exec(text);
    if (m !== null) return m;
  }
  return null;
}

/** WORD_CHAR's answer per UTF-16 unit (as matchRule tests `text[start - 1]`), filled on first sight. */
const WORD_UNIT = new Uint8Array(0x10000).fill(UNKNOWN_UNIT);

function isWordUnit(code: number): boolean {
  let known = WORD_UNIT[code]!;
  if (known === UNKNOWN_UNIT) {
    known = WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 0;
    WORD_UNIT[code] = known;
  }
  return known === 1;
}

function insidePair(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return false;
  const code = text.charCodeAt(index);
  const before = text.charCodeAt(index - 1);
  return code >= 0xdc00 && code <= 0xdfff && before >= 0xd800 && before <= 0xdbff;
}

function matchRule(
  text: string,
  rule: CompiledRule,
  lang: CompiledLanguage,
  starts: readonly number[] | undefined,
): string[] {
  const evidence: string[] = [];
  const cursor = { next: 0 };
  let from = 0;
  for (
    let m = nextMatch(text, rule, 0, starts, cursor);
    m !== null;
    m = nextMatch(text, rule, from, starts, cursor)
  ) {
    const start = m.index;
    if (m[0].length === 0) {
      from = start + 1;
      continue;
    }
    if (rule.wholeWord && start > 0 && isWordUnit(text.charCodeAt(start - 1))) {
      // Inside a word: retry one character on, as a lookbehind would have.
      from = start + 1;
      continue;
    }
    const end = start + m[0].length;
    from = end;
    const clauseStart = lastBreakBefore(text, start);
    const clauseEnd = nextBreakAfter(text, end);
    if (rule.negatable && isNegated(text.slice(clauseStart, start), lang)) continue;
    const clause = text.slice(clauseStart, clauseEnd);
    if (rule.excludeRegexes.some((re) => re.test(clause))) continue;
    const words = m[0].trim().replace(/\s+/gu, ' ').slice(0, MAX_EVIDENCE_CHARS);
    if (!evidence.includes(words)) evidence.push(words);
    if (evidence.length >= MAX_MATCHES_PER_RULE) break;
  }
  return evidence;
}

function isNegated(before: string, lang: CompiledLanguage): boolean {
  if (lang.negators.size === 0 || lang.negationWindow === 0) return false;
  // A negator governs its own list item: in "no protection, bareback welcome" the "no" belongs to
  // "protection", not to what follows the comma.
  const item = before.slice(before.lastIndexOf(',') + 1);
  const tokens = item.toLowerCase().split(TOKEN_SPLIT).filter(Boolean);
  for (let i = Math.max(0, tokens.length - lang.negationWindow); i < tokens.length; i++) {
    if (lang.negators.has(tokens[i]!.replace(/’/gu, "'"))) return true;
  }
  return false;
}

function lastBreakBefore(text: string, index: number): number {
  for (let i = index - 1; i >= 0; i--) if (isClauseBreak(text.charCodeAt(i))) return i + 1;
  return 0;
}

function nextBreakAfter(text: string, index: number): number {
  for (let i = index; i < text.length; i++) if (isClauseBreak(text.charCodeAt(i))) return i;
  return text.length;
}
