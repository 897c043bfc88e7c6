import { describe, expect, it } from 'vitest';
import {
  defaultModel,
  featureIndexes,
  fitPlatt,
  loadModel,
  modelFileSchema,
  RiskModel,
  sigmoid,
  stem,
  trainModel,
} from '../../classifier/model/index.ts';
import { DEFAULT_MODEL_FILE } from '../../classifier/model/model.ts';
import { modelVersion, withFusion } from '../../classifier/model/trainer.ts';

const RECORDS = [
  ...[
    'new girls every week, no limits',
    'young asian girl, hotel only, 24/7',
    'our girls are waiting, no english',
  ].flatMap((t) => [1, 2, 3, 4, 5].map((i) => ({ text: `${t} ${i}`, label: 1 }))),
  ...[
    'independent companion, my own place',
    'elegant lady for dinner dates',
    'massage studio, appointments',
  ].flatMap((t) => [1, 2, 3, 4, 5].map((i) => ({ text: `${t} ${i}`, label: 0 }))),
];

describe('risk model', () => {
  it('loads the committed model file, which validates and stays small', async () => {
    const model = loadModel(DEFAULT_MODEL_FILE);
    expect(modelFileSchema.safeParse(model.file).success).toBe(true);
    const { statSync } = await import('node:fs');
    expect(statSync(DEFAULT_MODEL_FILE).size).toBeLessThan(2 * 1024 * 1024);
    expect(model.version).toMatch(/^v1-[0-9a-f]{10}$/);
  });

  it('versions the committed model by its weights, calibration and fusion', () => {
    const file = loadModel(DEFAULT_MODEL_FILE).file;
    expect(file.version).toBe(modelVersion(file));
  });

  it('gives a model a new version when only its fusion changes, so stored scores are redone', () => {
    const model = trainModel(RECORDS, { epochs: 3 });
    const fusion = { indicatorWeight: 1, modelWeight: 1, bias: -1, examples: 10 };
    const fused = withFusion(model, fusion);
    const refitted = withFusion(model, { ...fusion, bias: -0.5 });
    expect(new Set([model.version, fused.version, refitted.version]).size).toBe(3);
    expect(withFusion(model, { ...fusion }).version).toBe(fused.version);
  });

  it('gives the same probability for the same text every time', () => {
    const model = defaultModel();
    const text = 'Sweet young girl new in town';
    const p = model.probability(text, 'en');
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
    expect(model.probability(text, 'en')).toBe(p);
  });

  it('trains to the same file from the same records', () => {
    const a = trainModel(RECORDS, { hashBits: 12, seed: 3 });
    const b = trainModel(RECORDS, { hashBits: 12, seed: 3 });
    expect(a).toEqual(b);
    expect(a.version).toMatch(/^v1-/);
  });

  it('learns labelled {text, label} records and ranks unseen texts accordingly', () => {
    const model = new RiskModel(trainModel(RECORDS, { hashBits: 12, epochs: 20 }));
    expect(model.probability('new girls, no limits', 'en')).toBeGreaterThan(
      model.probability('independent companion, my own place', 'en'),
    );
  });

  it('rejects training data with a single class', () => {
    expect(() =>
      trainModel(
        RECORDS.filter((r) => r.label === 1),
        { hashBits: 12 },
      ),
    ).toThrow(/both/);
  });

  it('stems with natural per language and hashes n-grams stably', () => {
    expect(stem('arrived', 'en')).toBe('arriv');
    expect(stem('молоденькая', 'ru')).not.toBe('молоденькая');
    expect(stem('dziewczyny', 'pl')).toBe('dziewczyny');
    expect([...featureIndexes('new girls', 'en', 16)]).toEqual([...featureIndexes('New  GIRLS!', 'en', 16)]);
  });
});

describe('Platt scaling', () => {
  it('maps logits to calibrated probabilities', () => {
    // Labels drawn so that P(y=1 | z) = sigmoid(2z - 1): the fit should recover a≈2, b≈-1.
    const logits: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const z = -3 + (6 * i) / 4000;
      logits.push(z);
      labels.push(((i * 7919) % 1000) / 1000 < sigmoid(2 * z - 1) ? 1 : 0);
    }
    const { a, b } = fitPlatt(logits, labels);
    expect(a).toBeGreaterThan(1.6);
    expect(a).toBeLessThan(2.4);
    expect(b).toBeGreaterThan(-1.4);
    expect(b).toBeLessThan(-0.6);
  });
});

describe('synthetic corpus', () => {
  it('keeps the training, fusion and evaluation splits disjoint', async () => {
    const { TRAINING_SPLIT, FUSION_SPLIT, EVALUATION_SPLIT } = await import(
      '../../classifier/model/synthetic-corpus.ts'
    );
    const ranges = [TRAINING_SPLIT, FUSION_SPLIT, EVALUATION_SPLIT]
      .map((s) => [s.offset, s.offset + s.count] as const)
      .sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBeGreaterThanOrEqual(ranges[i - 1]![1]);
  });

  it('counts the number behind a wa.me link among the phones an ad shows', async () => {
    const { syntheticAds } = await import('../../classifier/model/synthetic-corpus.ts');
    const ads = syntheticAds({ seed: 1, offset: 0, count: 400 });
    const linked = ads.filter(({ ad }) => /wa\.me\/\d+/.test(ad.text ?? ''));
    expect(linked.length).toBeGreaterThan(0);
    for (const { ad, phones } of linked) {
      for (const m of (ad.text ?? '').matchAll(/wa\.me\/(\d+)/g)) expect(phones).toContain(`+${m[1]}`);
    }
  });
});

describe('fusion', () => {
  it('leaves the indicators at least their minimum share in the committed model', async () => {
    const { MIN_INDICATOR_WEIGHT } = await import('../../classifier/model/fusion.ts');
    expect(defaultModel().file.fusion!.indicatorWeight).toBeGreaterThanOrEqual(MIN_INDICATOR_WEIGHT);
  });
});

describe('fitLogistic with offsets', () => {
  it('fits the remaining weights around a fixed part of the log-odds', async () => {
    const { fitLogistic } = await import('../../classifier/model/trainer.ts');
    const rows: number[][] = [];
    const offsets: number[] = [];
    const targets: number[] = [];
    for (let i = 0; i < 200; i++) {
      const x = (i % 20) / 5 - 2;
      const fixed = ((i * 7) % 11) / 5 - 1;
      rows.push([x]);
      offsets.push(fixed);
      // Soft targets from a known model: log-odds = 1.5·x + fixed − 0.5.
      targets.push(sigmoid(1.5 * x + fixed - 0.5));
    }
    const [w, b] = fitLogistic(rows, targets, undefined, offsets);
    expect(w).toBeCloseTo(1.5, 2);
    expect(b).toBeCloseTo(-0.5, 2);
    const [free] = fitLogistic(rows, targets);
    expect(Math.abs(free! - 1.5)).toBeGreaterThan(0.01);
  });
});
