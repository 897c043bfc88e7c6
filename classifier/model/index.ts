// The risk model: hashed n-gram logistic regression (natural tokenizer and stemmers), calibrated
// with Platt scaling, stored as versioned JSON; and its trainer for `{text, label}` records.
export { featureIndexes, stem, tokenize } from './features.ts';
export {
  DEFAULT_MODEL_FILE,
  defaultModel,
  loadModel,
  type ModelFile,
  modelFileSchema,
  RiskModel,
  sigmoid,
} from './model.ts';
export { fitPlatt, type LabelledText, type TrainOptions, trainModel } from './trainer.ts';
