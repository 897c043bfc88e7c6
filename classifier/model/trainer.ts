// Trains the risk model from labelled texts ({text, label}): the synthetic corpus now, reviewers'
// decisions later (`adrisk train`). Deterministic: a seeded shuffle and a fixed split, so the same
// records give the same model file.
import { createHash } from 'node:crypto';
import { detectLanguage } from '../language.ts';
import { DEFAULT_HASH_BITS, featureIndexes } from './features.ts';
import { type ModelFile, sigmoid } from './model.ts';

export interface LabelledText {
  text: string;
  /** 1 (or true): high risk; 0 (or false): low risk. */
  label: number | boolean;
  language?: string;
  /** Structured features (indicator signals, see score.ts `indicatorSignals`). */
  signals?: string[];
}

export interface TrainOptions {
  /** @default 1 */
  seed?: number;
  /** Fraction of the records held back for Platt scaling. @default 0.2 */
  calibrationFraction?: number;
  /** @default 6 */
  epochs?: number;
  /** L2 penalty per update. @default 1e-6 */
  l2?: number;
  /** AdaGrad base learning rate. @default 0.2 */
  learningRate?: number;
  /** @default 18 */
  hashBits?: number;
  /** Weights smaller than this in magnitude are dropped from the file. @default 1e-3 */
  minWeight?: number;
  /** At most this many weights are kept (largest first), to keep the file small. @default 60000 */
  maxWeights?: number;
  /** Recorded in the file: where the examples came from. */
  source?: string;
}

interface Example {
  x: Uint32Array;
  y: number;
}

export function trainModel(records: LabelledText[], options: TrainOptions = {}): ModelFile {
  const seed = options.seed ?? 1;
  const epochs = options.epochs ?? 6;
  const l2 = options.l2 ?? 1e-6;
  const rate = options.learningRate ?? 0.2;
  const hashBits = options.hashBits ?? DEFAULT_HASH_BITS;
  const examples: Example[] = records.map((r) => ({
    x: featureIndexes(r.text, r.language ?? detectLanguage(r.text), hashBits, r.signals),
    y: r.label === true || r.label === 1 ? 1 : 0,
  }));
  const random = mulberry32(seed);
  shuffle(examples, random);
  const nCal = Math.max(1, Math.floor(examples.length * (options.calibrationFraction ?? 0.2)));
  const calibration = examples.slice(0, nCal);
  const train = examples.slice(nCal);
  if (train.length === 0 || !train.some((e) => e.y === 1) || !train.some((e) => e.y === 0)) {
    throw new Error('training needs both high-risk and low-risk examples');
  }

  const size = 1 << hashBits;
  const w = new Float64Array(size);
  const g2 = new Float64Array(size).fill(1e-8);
  let bias = 0;
  let biasG2 = 1e-8;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(train, random);
    for (const { x, y } of train) {
      let z = bias;
      for (const i of x) z += w[i]!;
      const grad = sigmoid(z) - y;
      for (const i of x) {
        const g = grad + l2 * w[i]!;
        g2[i]! += g * g;
        w[i]! -= (rate * g) / Math.sqrt(g2[i]!);
      }
      biasG2 += grad * grad;
      bias -= (rate * grad) / Math.sqrt(biasG2);
    }
  }

  const logits = calibration.map(({ x }) => {
    let z = bias;
    for (const i of x) z += w[i]!;
    return z;
  });
  const labels = calibration.map((e) => e.y);
  const platt = fitPlatt(logits, labels);
  let loss = 0;
  let correct = 0;
  logits.forEach((z, k) => {
    const p = Math.min(1 - 1e-9, Math.max(1e-9, sigmoid(platt.a * z + platt.b)));
    loss -= labels[k] === 1 ? Math.log(p) : Math.log(1 - p);
    if ((p >= 0.5 ? 1 : 0) === labels[k]) correct++;
  });

  const minWeight = options.minWeight ?? 1e-3;
  const kept: Array<[number, number]> = [];
  for (let i = 0; i < size; i++) if (Math.abs(w[i]!) >= minWeight) kept.push([i, round(w[i]!, 4)]);
  kept.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  const weights = kept.slice(0, options.maxWeights ?? 60_000).sort((a, b) => a[0] - b[0]);
  const roundedBias = round(bias, 6);
  const calibrationParams = { a: round(platt.a, 6), b: round(platt.b, 6) };
  return {
    format: 'adrisk-logreg-1',
    version: modelVersion({ hashBits, bias: roundedBias, weights, calibration: calibrationParams }),
    hashBits,
    bias: roundedBias,
    weights,
    calibration: calibrationParams,
    training: {
      source: options.source ?? 'unspecified',
      examples: train.length,
      positives: train.filter((e) => e.y === 1).length,
      calibrationExamples: calibration.length,
      epochs,
      l2,
      calibrationLogLoss: round(loss / calibration.length, 5),
      calibrationAccuracy: round(correct / calibration.length, 5),
    },
  };
}

/**
 * Platt scaling, with Platt's smoothed targets so a perfectly separated calibration set does not
 * drive the slope to infinity.
 */
export function fitPlatt(logits: number[], labels: number[]): { a: number; b: number } {
  const nPos = labels.filter((y) => y === 1).length;
  const nNeg = labels.length - nPos;
  const hi = (nPos + 1) / (nPos + 2);
  const lo = 1 / (nNeg + 2);
  const [a, b] = fitLogistic(
    logits.map((z) => [z]),
    labels.map((y) => (y === 1 ? hi : lo)),
    [1, 0],
  );
  return { a: a!, b: b! };
}

/**
 * Logistic regression on a few dense features by Newton's method with backtracking (a full step
 * can overshoot when the classes are nearly separated). Targets may be soft (0..1). `offsets`
 * (one per row) are added to each row's log-odds unfitted. Returns the feature weights followed
 * by the bias.
 */
export function fitLogistic(
  rows: number[][],
  targets: number[],
  start?: number[],
  offsets?: number[],
): number[] {
  const k = (rows[0]?.length ?? 0) + 1;
  const x = rows.map((r) => [...r, 1]);
  const offset = (i: number) => offsets?.[i] ?? 0;
  let w = start ? [...start] : new Array<number>(k).fill(0);
  const loss = (v: number[]) => {
    let sum = 0;
    x.forEach((r, i) => {
      const p = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(dot(r, v) + offset(i))));
      sum -= targets[i]! * Math.log(p) + (1 - targets[i]!) * Math.log(1 - p);
    });
    return sum;
  };
  let current = loss(w);
  for (let iter = 0; iter < 100; iter++) {
    const g = new Array<number>(k).fill(0);
    const h = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1e-9 : 0)));
    x.forEach((r, n) => {
      const p = sigmoid(dot(r, w) + offset(n));
      const d = p - targets[n]!;
      const v = p * (1 - p);
      for (let i = 0; i < k; i++) {
        g[i]! += d * r[i]!;
        for (let j = 0; j < k; j++) h[i]![j]! += v * r[i]! * r[j]!;
      }
    });
    const step = solve(h, g);
    if (!step) break;
    let t = 1;
    while (t > 1e-6 && loss(w.map((wi, i) => wi - t * step[i]!)) > current) t /= 2;
    if (t <= 1e-6) break;
    w = w.map((wi, i) => wi - t * step[i]!);
    const next = loss(w);
    if (current - next < 1e-10) break;
    current = next;
  }
  return w;
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Solves h·x = g by Gaussian elimination with partial pivoting; undefined when singular. */
function solve(h: number[][], g: number[]): number[] | undefined {
  const n = g.length;
  const m = h.map((row, i) => [...row, g[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    if (Math.abs(m[pivot]![c]!) < 1e-12) return undefined;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let j = c; j <= n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Small seeded PRNG (public-domain mulberry32): repeatable shuffles. */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

/**
 * `v1-<hash>` of everything that decides a score: weights, calibration and the fusion. Stored
 * scores record it, so a retrained model or a refitted fusion alone makes `classify` rescore.
 */
export function modelVersion(
  model: Pick<ModelFile, 'hashBits' | 'bias' | 'weights' | 'calibration'> &
    Partial<Pick<ModelFile, 'fusion'>>,
): string {
  const parts = [model.hashBits, model.bias, model.weights, model.calibration, model.fusion ?? null];
  return `v1-${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 10)}`;
}

/** The model with `fusion` set and its version resealed to cover it. */
export function withFusion(model: ModelFile, fusion: ModelFile['fusion']): ModelFile {
  const next = { ...model, fusion };
  return { ...next, version: modelVersion(next) };
}
