// Indicator detection: the lexicon (rules as data, per language), the rule engine with negation and
// exclusions, and signals read from entities (ages, hidden contacts, prices).
export { type DetectOptions, detectIndicators } from './detect.ts';
export { languagesFor, matchRules, type RuleMatch } from './engine.ts';
export {
  ADULT_AGE,
  batchPriceNorms,
  entitySignals,
  type PriceNorms,
  YOUTH_MAX_AGE,
} from './entity-signals.ts';
export {
  type CompiledRule,
  defaultLexicon,
  LEXICON_DIR,
  type Lexicon,
  type LexiconRule,
  loadLexicon,
  rulesByCode,
} from './lexicon.ts';
