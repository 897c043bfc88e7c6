// Runs lexicon rules over an ad's text. A match counts unless a negator stands in the few words
// before it in the same clause ("not new in town", "no agency") or one of the rule's exclusion
// patterns occurs in that clause ("independent", "18+ only"). Evidence is the matched words as
// written in the ad.
import type { CompiledLanguage, CompiledRule, Lexicon } from './lexicon.ts';
import { candidatesOfAll } from './rule-prefilter.ts';

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
  const candidatesPerLanguage = candidatesOfAll(
    languages.map((lang) => lang.prefilter),
    sample,
  );
  for (let k = 0; k < languages.length; k++) {
    const lang = languages[k]!;
    const candidates = candidatesPerLanguage[k]!;
    for (let i = 0; i < lang.rules.length; i++) {
      if (!candidates.has(i)) continue;
      const rule = lang.rules[i]!;
      const evidence = matchRule(sample, rule, lang);
      if (evidence.length > 0) out.push({ rule, evidence });
    }
  }
  return out;
}

function matchRule(text: string, rule: CompiledRule, lang: CompiledLanguage): string[] {
  const evidence: string[] = [];
  rule.regex.lastIndex = 0;
  for (let m = rule.regex.exec(text); m !== null; m = rule.regex.exec(text)) {
    if (m[0].length === 0) {
      rule.regex.lastIndex++;
      continue;
    }
    const start = m.index;
    if (rule.wholeWord && start > 0 && WORD_CHAR.test(text[start - 1]!)) {
      // Inside a word: retry one character on, as a lookbehind would have.
      rule.regex.lastIndex = start + 1;
      continue;
    }
    const end = start + m[0].length;
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
