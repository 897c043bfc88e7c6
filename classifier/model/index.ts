// The risk model: hashed n-gram logistic regression (natural tokenizer and stemmers), calibrated
// with Platt scaling, stored as versioned JSON; and its trainer for `{text, label}` records.
export { featureIndexes, stem, tokenize } from './features.ts';
export { fitFusion } from './fusion.ts';
export {
  assertTrainable,
  buildLabelledSet,
  DEFAULT_MIN_DECISIONS,
  decisionLabel,
  type LabelledExample,
  type LabelledSet,
  POSITIVE_DECISIONS,
  type ReviewDecision,
  type ReviewedAd,
} from './labelled-set.ts';
export {
  DEFAULT_MODEL_FILE,
  defaultModel,
  loadModel,
  type ModelFile,
  modelFileSchema,
  RiskModel,
  sigmoid,
} from './model.ts';
export {
  crossValidate,
  type HeldOutMetrics,
  heldOutMetrics,
  type RetrainResult,
  retrain,
  stratifiedFolds,
  syntheticTrainingTexts,
} from './retrain.ts';
export { fitPlatt, type LabelledText, type TrainOptions, trainModel } from './trainer.ts';
