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
