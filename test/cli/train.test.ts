// `adrisk train` as an admin runs it against a real embedded store: reviewers' decisions in, a
// versioned model file out, made active, and the next `adrisk classify` rescoring with it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLabelledSet, heldOutMetrics, stratifiedFolds } from '../../classifier/model/index.ts';
import { sha256Hex } from '../../core/ids.ts';
import { type AdDoc, type AuditDoc, COLLECTIONS } from '../../storage/documents.ts';
import { type Decision, ReviewRepository } from '../../storage/reviews.ts';
import { ACTIVE_MODEL_ID, type ActiveModelDoc } from '../../storage/training-data.ts';
import { runCli } from '../support/run-cli.ts';
import { openTempStore, type TempStore } from '../support/temp-store.ts';

const NAMES = ['Alina', 'Bea', 'Carla', 'Dana', 'Ella', 'Fay', 'Gina', 'Hana', 'Ines', 'Jana'];
const CITIES = ['Berlin', 'Hamburg', 'Vienna', 'Munich', 'Cologne'];
// Clearly different wording per class, so a model trained on a few dozen decisions separates them.
const WORTH_REVIEW = [
  'new girl just arrived, manager arranges all bookings, available 24/7, no days off',
  'young girl from abroad, agency handles transport, outcall only, always available',
  'fresh arrival this week, driver brings her, booking through my manager only',
];
const DISMISSED = [
  'independent masseuse with my own quiet studio, appointments by phone, weekends off',
  'experienced independent therapist, own practice, relaxing wellness treatments, no agency',
  'calm independent studio, professional massage, I set my own hours and rest days',
];

function seedAd(i: number, worthReview: boolean): AdDoc {
  const name = NAMES[i % NAMES.length]!;
  const city = CITIES[i % CITIES.length]!;
  const text = `${name} in ${city}: ${(worthReview ? WORTH_REVIEW : DISMISSED)[i % 3]!}. Ref ${i}.`;
  const now = new Date('2026-11-01T10:00:00Z');
  return {
    _id: `ad-${i}`,
    source: 'import',
    site: 'ads.example',
    title: name,
    text,
    city,
    country: 'DE',
    images: [],
    firstSeen: now,
    lastSeen: now,
    contentHash: sha256Hex(`${name}\n${text}`),
  };
}

/** Inserts `count` ads and records a decision on each through the review repository. */
async function seedDecisions(
  store: TempStore,
  count: number,
  decide: (i: number) => Decision,
): Promise<void> {
  const decisions = Array.from({ length: count }, (_, i) => decide(i));
  await store.db
    .collection<AdDoc>(COLLECTIONS.ads)
    .insertMany(decisions.map((d, i) => seedAd(i, d !== 'dismissed')));
  const reviews = new ReviewRepository(store.db);
  for (const [i, decision] of decisions.entries()) {
    // An earlier, overruled decision: the latest one must be the label.
    if (i % 7 === 0)
      await reviews.record({ adId: `ad-${i}`, user: 'rita', decision: 'escalated' }, new Date(1));
    await reviews.record({ adId: `ad-${i}`, user: 'rita', decision }, new Date(2));
  }
}

function cli(store: TempStore, args: string[]) {
  return runCli(['--db', store.uri, '--data-dir', store.dataDir, ...args], {
    cwd: store.dataDir,
    timeoutMs: 120_000,
  });
}

describe('adrisk train', () => {
  let store: TempStore;
  beforeAll(async () => {
    store = await openTempStore('adrisk-train-');
    const kinds: Decision[] = ['confirmed', 'escalated', 'reported'];
    await seedDecisions(store, 40, (i) => (i % 2 === 0 ? kinds[i % 3]! : 'dismissed'));
  });
  afterAll(async () => {
    await store.destroy();
  });

  it('trains on the decisions, activates the model and the next classify rescores with it', async () => {
    const before = await cli(store, ['classify']);
    expect(before.code, before.stderr).toBe(0);
    const ads = store.db.collection<AdDoc>(COLLECTIONS.ads);
    const bundled = (await ads.findOne({ _id: 'ad-0' }))!.score!.model.version;

    const run = await cli(store, ['train', '--min-decisions', '30']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/held-out on the decisions \(5-fold cross-validation, 40 ads\)/);
    expect(run.stdout).toContain(`current ${bundled}`);

    const active = await store.db
      .collection<ActiveModelDoc>(COLLECTIONS.meta)
      .findOne({ _id: ACTIVE_MODEL_ID });
    expect(active).toMatchObject({ decisions: 40 });
    expect(active!.version).not.toBe(bundled);
    expect(active!.path).toBe(join(store.dataDir, 'models', `model-${active!.version}.json`));
    expect(existsSync(active!.path)).toBe(true);
    const file = JSON.parse(readFileSync(active!.path, 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ format: 'adrisk-logreg-1', version: active!.version });
    expect(file.training).toMatchObject({ source: 'reviews:40' });

    const audit = await store.db.collection<AuditDoc>(COLLECTIONS.audit).findOne({ action: 'train' });
    expect(audit).toMatchObject({ target: active!.version, details: { decisions: 40, positives: 20 } });

    const after = await cli(store, ['classify']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toMatch(/40 ads scored/);
    const versions = await ads.distinct('score.model.version');
    expect(versions).toEqual([active!.version]);
    // The new model learnt the reviewers' wording: held-back style ads split by its probability.
    const scored = await ads.find({}, { projection: { score: 1, reviewStatus: 1 } }).toArray();
    const mean = (dismissed: boolean) => {
      const ps = scored
        .filter((a) => (a.reviewStatus === 'dismissed') === dismissed)
        .map((a) => a.score!.model.probability);
      return ps.reduce((s, p) => s + p, 0) / ps.length;
    };
    expect(mean(false)).toBeGreaterThan(mean(true) + 0.2);
  });

  it('writes to --out and leaves the active model alone with --no-activate', async () => {
    const out = join(store.dataDir, 'candidate.json');
    const activeBefore = await store.db
      .collection<ActiveModelDoc>(COLLECTIONS.meta)
      .findOne({ _id: ACTIVE_MODEL_ID });
    const run = await cli(store, ['train', '--out', out, '--no-activate', '--seed', '2', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { path: string; active: boolean; previous: string };
    expect(summary).toMatchObject({ path: out, active: false, previous: activeBefore!.version });
    expect(existsSync(out)).toBe(true);
    const activeAfter = await store.db
      .collection<ActiveModelDoc>(COLLECTIONS.meta)
      .findOne({ _id: ACTIVE_MODEL_ID });
    expect(activeAfter!.version).toBe(activeBefore!.version);

    // `adrisk score` has no store: it scores with the model that classify.modelPath names.
    const version = (JSON.parse(readFileSync(out, 'utf8')) as { version: string }).version;
    const config = join(store.dataDir, 'adrisk.config.json');
    writeFileSync(config, JSON.stringify({ classify: { modelPath: out } }));
    const scored = await runCli(['--config', config, 'score'], {
      input: `${JSON.stringify({ id: 'x', text: 'independent studio, own hours' })}\n`,
    });
    expect(scored.code, scored.stderr).toBe(0);
    expect(JSON.parse(scored.stdout)).toMatchObject({ id: 'x', model: { version } });
  });
});

describe('adrisk train refuses', () => {
  it('exits 2 with too few decisions, or with decisions of one kind only', async () => {
    const store = await openTempStore('adrisk-train-few-');
    try {
      await seedDecisions(store, 6, () => 'dismissed');
      const [few, oneKind] = await Promise.all([
        cli(store, ['train']),
        cli(store, ['train', '--min-decisions', '5']),
      ]);
      expect(few.code).toBe(2);
      expect(few.stderr).toMatch(/6 reviewed ads with text, fewer than --min-decisions 20/);
      expect(oneKind.code).toBe(2);
      expect(oneKind.stderr).toMatch(
        /all 6 decisions are of one kind; the model needs confirmed\/escalated\/reported/,
      );
      expect(existsSync(join(store.dataDir, 'models'))).toBe(false);
    } finally {
      await store.destroy();
    }
  });
});

describe('labelled set and held-out metrics', () => {
  it('labels an ad by its latest decision and skips ads whose text was purged', () => {
    const set = buildLabelledSet([
      { id: 'a', text: 'manager arranges bookings', decision: 'reported' },
      { id: 'b', text: 'independent studio', decision: 'dismissed' },
      { id: 'c', decision: 'confirmed' },
    ]);
    expect(set.examples.map((e) => [e.ad.id, e.label])).toEqual([
      ['a', 1],
      ['b', 0],
    ]);
    expect(set).toMatchObject({ positives: 1, negatives: 1, skipped: 1 });
  });

  it('spreads each class evenly over the folds', () => {
    const labels = [...Array(10).fill(1), ...Array(5).fill(0)] as number[];
    const folds = stratifiedFolds(labels, 5, 1);
    for (let f = 0; f < 5; f++) {
      expect(labels.filter((y, i) => y === 1 && folds[i] === f)).toHaveLength(2);
      expect(labels.filter((y, i) => y === 0 && folds[i] === f)).toHaveLength(1);
    }
  });

  it('computes accuracy, precision, recall and AUC of probabilities', () => {
    const m = heldOutMetrics([0.9, 0.8, 0.3, 0.6, 0.1], [1, 1, 1, 0, 0]);
    expect(m).toMatchObject({ examples: 5, accuracy: 0.6, precision: 0.6667, recall: 0.6667 });
    // Five of the six positive–negative pairs are ranked the right way round.
    expect(m.auc).toBeCloseTo(5 / 6, 4);
  });
});
