// Retrains the risk model on reviewers' decisions (optionally mixed with the synthetic corpus, so a
// few decisions do not wipe out what the model knew) and compares it with the current model by
// stratified cross-validation on the decisions: each reviewed ad is predicted by a candidate that
// never saw it, and by the current model, so an admin can decide whether to keep the new one.
import { analyseAd, indicatorSignals } from '../score.ts';
import { fitFusion } from './fusion.ts';
import type { LabelledExample } from './labelled-set.ts';
import { type ModelFile, RiskModel } from './model.ts';
import { type LabelledText, mulberry32, trainModel, withFusion } from './trainer.ts';

/** Cross-validation folds at most (fewer when a class has fewer examples). */
export const MAX_FOLDS = 5;
/** Below this many decisions the fusion is carried over from the current model: too few to fit. */
export const MIN_FUSION_DECISIONS = 200;
/** Share of the decisions held back to fit the fusion when there are enough. */
const FUSION_FRACTION = 0.15;
/** A probability at or above this counts as "worth review" for accuracy, precision and recall. */
const DECISION_THRESHOLD = 0.5;
const PROBABILITY_MARGIN = 1e-6;

export interface HeldOutMetrics {
  examples: number;
  accuracy: number;
  precision: number | null;
  recall: number | null;
  logLoss: number;
  /** Area under the ROC curve; null when the examples have one class. */
  auc: number | null;
}

export interface RetrainOptions {
  /** Synthetic examples mixed into every training run. */
  synthetic?: LabelledText[];
  seed?: number;
  source?: string;
}

export interface RetrainResult {
  model: ModelFile;
  /** Whether the fusion was fitted on held-back decisions or carried over from the current model. */
  fusion: 'fitted' | 'carried-over' | 'none';
  folds: number;
  /** Held-out metrics on the decisions; undefined when cross-validation was impossible. */
  candidate?: HeldOutMetrics;
  current?: HeldOutMetrics;
}

export function retrain(
  examples: LabelledExample[],
  current: RiskModel,
  options: RetrainOptions = {},
): RetrainResult {
  const seed = options.seed ?? 1;
  const synthetic = options.synthetic ?? [];
  const random = mulberry32(seed);
  const fitOwnFusion = examples.length >= MIN_FUSION_DECISIONS;
  const held = examples.map(() => fitOwnFusion && random() < FUSION_FRACTION);
  const training = examples.filter((_, i) => !held[i]);
  let model = trainModel([...synthetic, ...training], { seed, source: options.source });
  let fusion: RetrainResult['fusion'] = 'none';
  const fusionAds = examples.filter((_, i) => held[i]);
  if (fitOwnFusion && new Set(fusionAds.map((e) => e.label)).size === 2) {
    model = withFusion(model, fitFusion(model, fusionAds));
    fusion = 'fitted';
  } else if (current.file.fusion) {
    model = withFusion(model, current.file.fusion);
    fusion = 'carried-over';
  }
  return { model, fusion, ...crossValidate(examples, current, synthetic, seed) };
}

/** Stratified k-fold predictions of fresh candidates and of the current model on the decisions. */
export function crossValidate(
  examples: LabelledExample[],
  current: RiskModel,
  synthetic: LabelledText[],
  seed: number,
): Pick<RetrainResult, 'folds' | 'candidate' | 'current'> {
  const minority = Math.min(...[0, 1].map((y) => examples.filter((e) => e.label === y).length));
  const k = Math.min(MAX_FOLDS, minority);
  if (k < 2) return { folds: 0 };
  const fold = stratifiedFolds(
    examples.map((e) => e.label),
    k,
    seed,
  );
  const candidateP = new Array<number>(examples.length);
  for (let f = 0; f < k; f++) {
    const train = examples.filter((_, i) => fold[i] !== f);
    let model: RiskModel;
    try {
      model = new RiskModel(trainModel([...synthetic, ...train], { seed }));
    } catch {
      // A fold whose training part lost a class after the calibration split: no fair comparison.
      return { folds: 0 };
    }
    examples.forEach((e, i) => {
      if (fold[i] === f) candidateP[i] = model.probability(e.text, e.language, e.signals);
    });
  }
  const labels = examples.map((e) => e.label);
  return {
    folds: k,
    candidate: heldOutMetrics(candidateP, labels),
    current: heldOutMetrics(
      examples.map((e) => current.probability(e.text, e.language, e.signals)),
      labels,
    ),
  };
}

/** Fold number per example, each class spread evenly over the folds after a seeded shuffle. */
export function stratifiedFolds(labels: number[], k: number, seed: number): number[] {
  const random = mulberry32(seed);
  const fold = new Array<number>(labels.length).fill(0);
  for (const y of new Set(labels)) {
    const members = labels.flatMap((l, i) => (l === y ? [i] : []));
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    members.forEach((index, n) => {
      fold[index] = n % k;
    });
  }
  return fold;
}

export function heldOutMetrics(probabilities: number[], labels: number[]): HeldOutMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let correct = 0;
  let loss = 0;
  probabilities.forEach((p, i) => {
    const y = labels[i]!;
    const predicted = p >= DECISION_THRESHOLD ? 1 : 0;
    if (predicted === y) correct++;
    if (predicted === 1 && y === 1) tp++;
    if (predicted === 1 && y === 0) fp++;
    if (predicted === 0 && y === 1) fn++;
    const q = Math.min(1 - PROBABILITY_MARGIN, Math.max(PROBABILITY_MARGIN, p));
    loss -= y === 1 ? Math.log(q) : Math.log(1 - q);
  });
  const n = probabilities.length;
  return {
    examples: n,
    accuracy: round(correct / n),
    precision: tp + fp > 0 ? round(tp / (tp + fp)) : null,
    recall: tp + fn > 0 ? round(tp / (tp + fn)) : null,
    logLoss: round(loss / n),
    auc: auc(probabilities, labels),
  };
}

/** ROC AUC by ranks (ties share their mean rank): the chance a positive outranks a negative. */
function auc(probabilities: number[], labels: number[]): number | null {
  const positives = labels.filter((y) => y === 1).length;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const order = probabilities.map((p, i) => ({ p, y: labels[i]! })).sort((a, b) => a.p - b.p);
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]!.p === order[i]!.p) j++;
    const meanRank = (i + 1 + j) / 2;
    for (let m = i; m < j; m++) if (order[m]!.y === 1) rankSum += meanRank;
    i = j;
  }
  return round((rankSum - (positives * (positives + 1)) / 2) / (positives * negatives));
}

/**
 * The first `count` ads of the synthetic training split, as scoring reads them (no networks).
 * The generator is loaded only here: scoring never needs it.
 */
export async function syntheticTrainingTexts(count: number): Promise<LabelledText[]> {
  const { syntheticAds, TRAINING_SPLIT } = await import('./synthetic-corpus.ts');
  return syntheticAds({ ...TRAINING_SPLIT, count }).map(({ ad, highRisk }) => {
    const analysis = analyseAd(ad);
    return {
      text: analysis.adText,
      label: highRisk ? 1 : 0,
      language: analysis.language,
      signals: indicatorSignals(analysis.indicators),
    };
  });
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
