// The classifier's public surface: plain ad records in, explained risk scores out. It knows nothing
// of HTTP or MongoDB; other stages import only this file.
export * from './entities/index.ts';
export * from './images/index.ts';
export {
  ADULT_AGE,
  batchPriceNorms,
  type DetectOptions,
  defaultLexicon,
  detectIndicators,
  type Lexicon,
  type LexiconRule,
  loadLexicon,
  type PriceNorms,
  YOUTH_MAX_AGE,
} from './indicators/index.ts';
export {
  type DetectedLanguage,
  detectLanguage,
  SUPPORTED_LANGUAGES,
  type SupportedLanguage,
} from './language.ts';
export {
  DEFAULT_MODEL_FILE,
  defaultModel,
  type LabelledText,
  loadModel,
  type ModelFile,
  RiskModel,
  trainModel,
} from './model/index.ts';
export * from './networks/index.ts';
export * from './ocr/index.ts';
export {
  cachedProfile,
  DEFAULT_PROFILE,
  loadProfile,
  type Profile,
  type ProfileSet,
  profileFor,
} from './profiles/index.ts';
export {
  type BatchResult,
  DEFAULT_THRESHOLDS,
  fuse,
  fusionInputs,
  levelOf,
  MINOR_AGE_MIN_RISK,
  type ScoreContext,
  scoreAd,
  scoreAdText,
  scoreBatchText,
  type Thresholds,
} from './score.ts';
export * from './types.ts';
export { type ScoreFailure, ScorePool, type ScorePoolOptions } from './workers/index.ts';
