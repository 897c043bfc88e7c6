// The risk model: logistic regression over hashed n-gram features, with Platt scaling fitted on a
// separate calibration split so its probability means what it says and can be fused with the
// indicators. Stored as versioned JSON (sparse weights) in this folder.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError, describeIssues } from '../../core/errors.ts';
import { detectLanguage } from '../language.ts';
import { featureIndexes } from './features.ts';

export const MODEL_DIR = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_MODEL_FILE = join(MODEL_DIR, 'model-v1.json');

export const modelFileSchema = z.object({
  format: z.literal('adrisk-logreg-1'),
  /** `v1-<hash of the weights>`: scores record it, and a change triggers rescoring. */
  version: z.string().min(1),
  hashBits: z.number().int().min(8).max(24),
  bias: z.number(),
  /** Sparse weights: [bucket index, weight] pairs. */
  weights: z.array(z.tuple([z.number().int().nonnegative(), z.number()])),
  /** Platt scaling: p = σ(a·z + b) where z is the raw logit. */
  calibration: z.object({ a: z.number(), b: z.number() }),
  /**
   * Fusion of indicators and this model, fitted on a split disjoint from training and evaluation
   * (see score.ts `fuse`); absent, the profile's fusion applies.
   */
  fusion: z
    .object({
      indicatorWeight: z.number(),
      modelWeight: z.number(),
      bias: z.number(),
      examples: z.number().int(),
    })
    .optional(),
  training: z.object({
    source: z.string(),
    examples: z.number().int(),
    positives: z.number().int(),
    calibrationExamples: z.number().int(),
    epochs: z.number().int(),
    l2: z.number(),
    /** Log loss and accuracy on the calibration split after scaling. */
    calibrationLogLoss: z.number(),
    calibrationAccuracy: z.number(),
  }),
});
export type ModelFile = z.infer<typeof modelFileSchema>;

export class RiskModel {
  readonly version: string;
  private readonly dense: Float32Array;

  constructor(readonly file: ModelFile) {
    this.version = file.version;
    this.dense = new Float32Array(1 << file.hashBits);
    for (const [i, w] of file.weights) if (i < this.dense.length) this.dense[i] = w;
  }

  /** Raw logit of the features (before calibration). */
  logit(features: Uint32Array): number {
    let z = this.file.bias;
    for (const i of features) z += this.dense[i]!;
    return z;
  }

  /**
   * Calibrated probability that the ad is high risk, from its text and, when given, structured
   * signals (indicator codes found by the lexicon, entities and networks; see score.ts).
   */
  probability(text: string, language: string = detectLanguage(text), signals: string[] = []): number {
    const z = this.logit(featureIndexes(text, language, this.file.hashBits, signals));
    return sigmoid(this.file.calibration.a * z + this.file.calibration.b);
  }
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export function loadModel(file: string = DEFAULT_MODEL_FILE): RiskModel {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`model ${file}: ${(error as Error).message}`);
  }
  const parsed = modelFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`model ${file}: ${describeIssues(parsed.error.issues)}`);
  return new RiskModel(parsed.data);
}

let cached: RiskModel | undefined;

/** The model committed in the repository, loaded once per process. */
export function defaultModel(): RiskModel {
  cached ??= loadModel();
  return cached;
}
