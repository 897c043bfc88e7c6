// The indicator lexicon: rules are data (one JSON file per language in ./lexicon/, plus shared
// emoji and slang codes), validated here and compiled to regular expressions once. The lexicon's
// version is the hash of its files, so stored scores can be redone when an analyst edits a rule.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError, describeIssues } from '../../core/errors.ts';
import { INDICATOR_CODES, type IndicatorCode } from '../types.ts';
import { buildRulePrefilter, type RulePrefilter } from './rule-prefilter.ts';

export const LEXICON_DIR = join(dirname(fileURLToPath(import.meta.url)), 'lexicon');
/** Language key of the file whose rules apply to every ad (emoji, international slang). */
export const SHARED_LANGUAGE = 'shared';
/** Words before a match that are searched for a negator, within the same clause. */
export const DEFAULT_NEGATION_WINDOW = 3;

const ruleSchema = z
  .object({
    /** Stable id `<lang>.<code>.<name>`; per-rule precision statistics are keyed by it. */
    id: z.string().regex(/^[a-z]+\.[a-z_]+\.[a-z0-9_]+$/),
    code: z.enum(INDICATOR_CODES),
    /** Regular expression source, matched case-insensitively with the `u` flag; see expandSpaces. */
    pattern: z.string().min(1),
    /** Strength of this wording within its indicator, 0..1; the profile weighs the indicator. */
    weight: z.number().gt(0).max(1),
    /** Keys of sources.json that support the rule, separated by `;`. */
    provenance: z.string().min(1),
    /** Patterns that, found near the match (same clause), mean the wording is innocent here. */
    exclude: z.array(z.string().min(1)).default([]),
    /** False when a negator before the match does not undo it (e.g. "no condom"). */
    negatable: z.boolean().default(true),
    /** Match whole words only (letters or digits may not touch the match); false for emoji. */
    wholeWord: z.boolean().default(true),
    note: z.string().optional(),
    examples: z.object({
      positive: z.array(z.string()).min(1),
      negative: z.array(z.string()).min(1),
    }),
  })
  .strict();

const lexiconFileSchema = z
  .object({
    language: z.string().min(2),
    /** Words that undo a following match ("no agency", "not new in town"). */
    negators: z.array(z.string()).default([]),
    negationWindow: z.number().int().min(0).max(8).default(DEFAULT_NEGATION_WINDOW),
    rules: z.array(ruleSchema),
  })
  .strict();

export type LexiconRule = z.infer<typeof ruleSchema>;
export type LexiconFile = z.infer<typeof lexiconFileSchema>;

export interface CompiledRule extends LexiconRule {
  language: string;
  regex: RegExp;
  /** `regex` tried at one place only (flag `y`), where the prefilter found a leading literal. */
  sticky: RegExp;
  excludeRegexes: RegExp[];
}

export interface CompiledLanguage {
  language: string;
  negators: Set<string>;
  negationWindow: number;
  rules: CompiledRule[];
  /** Which of `rules` can match a text (see rule-prefilter.ts). */
  prefilter: RulePrefilter;
}

export interface Lexicon {
  version: string;
  languages: Map<string, CompiledLanguage>;
  sources: Record<string, string>;
}

// Whole-word matching: the end is a lookahead; the start is checked by the engine (a lookbehind
// at the head of every pattern halves the regex engine's speed).
const WORD_END = '(?![\\p{L}\\p{N}])';

/** Loads, validates and compiles every lexicon file of `dir`. Throws ConfigError on a bad rule. */
export function loadLexicon(dir: string = LEXICON_DIR): Lexicon {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const hash = createHash('sha256');
  const languages = new Map<string, CompiledLanguage>();
  let sources: Record<string, string> = {};
  for (const name of files) {
    const text = readFileSync(join(dir, name), 'utf8');
    hash.update(name).update('\0').update(text).update('\0');
    const raw = parseJson(text, name);
    if (name === 'sources.json') {
      sources = z.record(z.string(), z.string()).parse(raw);
      continue;
    }
    const parsed = lexiconFileSchema.safeParse(raw);
    if (!parsed.success) throw new ConfigError(`lexicon ${name}: ${describeIssues(parsed.error.issues)}`);
    languages.set(parsed.data.language, compileFile(parsed.data, name));
  }
  const seen = new Set<string>();
  for (const lang of languages.values()) {
    for (const rule of lang.rules) {
      if (seen.has(rule.id)) throw new ConfigError(`lexicon: duplicate rule id ${rule.id}`);
      seen.add(rule.id);
      for (const key of rule.provenance.split(';').map((s) => s.trim())) {
        if (!(key in sources)) throw new ConfigError(`lexicon rule ${rule.id}: unknown source "${key}"`);
      }
    }
  }
  return { version: `lex-${hash.digest('hex').slice(0, 12)}`, languages, sources };
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`lexicon ${name} is not valid JSON: ${(error as Error).message}`);
  }
}

function compileFile(file: LexiconFile, name: string): CompiledLanguage {
  const patterns = file.rules.map((rule) => expandSpaces(rule.pattern));
  const rules = file.rules.map((rule, index): CompiledRule => {
    try {
      const pattern = patterns[index]!;
      const source = rule.wholeWord ? `(?:${pattern})${WORD_END}` : pattern;
      return {
        ...rule,
        language: file.language,
        regex: new RegExp(source, 'giu'),
        sticky: new RegExp(source, 'iuy'),
        excludeRegexes: rule.exclude.map((p) => new RegExp(p, 'iu')),
      };
    } catch (error) {
      throw new ConfigError(`lexicon ${name} rule ${rule.id}: bad pattern: ${(error as Error).message}`);
    }
  });
  return {
    language: file.language,
    negators: new Set(file.negators.map((w) => w.toLowerCase())),
    negationWindow: file.negationWindow,
    rules,
    // Checked against running every rule on each rule's examples in
    // test/classifier/indicators/rule-prefilter.test.ts; patterns it cannot read always run.
    prefilter: buildRulePrefilter(patterns),
  };
}

/**
 * Ads space words irregularly, so in a pattern " ?" means any whitespace or none and " " means
 * any run of whitespace; analysts can then write phrases as they read.
 */
function expandSpaces(pattern: string): string {
  return pattern.replaceAll(' ?', '\\s*').replaceAll(' ', '\\s+');
}

let cached: Lexicon | undefined;

/** The lexicon shipped in the repository, loaded once per process. */
export function defaultLexicon(): Lexicon {
  cached ??= loadLexicon();
  return cached;
}

export function rulesByCode(lexicon: Lexicon): Map<IndicatorCode, CompiledRule[]> {
  const out = new Map<IndicatorCode, CompiledRule[]>();
  for (const lang of lexicon.languages.values()) {
    for (const rule of lang.rules) out.set(rule.code, [...(out.get(rule.code) ?? []), rule]);
  }
  return out;
}
