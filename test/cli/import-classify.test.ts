// `adrisk import` and `adrisk classify` as a user runs them, against the real embedded store.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClassify } from '../../scripts/cli/classify-run.ts';
import { generateAds } from '../../scripts/marketplace/generator.ts';
import { renderImagePng } from '../../scripts/marketplace/images.ts';
import { importAds } from '../../storage/imports.ts';
import { type AdDoc, COLLECTIONS, type NetworkDoc, openStore } from '../../storage/index.ts';
import { networkGraph } from '../../storage/networks.ts';
import type { ImageBlobDoc } from '../../storage/pages.ts';
import { runCli } from '../support/run-cli.ts';
import { openTempStore } from '../support/temp-store.ts';

let dir: string;
let dataDir: string;
let file: string;
const networkTruth = new Map<string, string>();

async function readStore<T>(
  read: (db: Awaited<ReturnType<typeof openStore>>['db']) => Promise<T>,
): Promise<T> {
  const store = await openStore({ dataDir });
  try {
    return await read(store.db);
  } finally {
    await store.close();
  }
}

function cli(args: string[]) {
  return runCli(['--data-dir', dataDir, '--config', join(dir, 'adrisk.config.json'), ...args], {
    timeoutMs: 120_000,
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'adrisk-import-'));
  dataDir = join(dir, 'data');
  // OCR is the classifier's to test; here the image only has to be hashed and its bytes dropped.
  await writeFile(join(dir, 'adrisk.config.json'), JSON.stringify({ classify: { ocr: false } }));
  await writeFile(join(dir, 'banner.png'), await renderImagePng('banner-1', 'Call me tonight'));
  const lines: string[] = [];
  for (const { ad, truth } of generateAds({ seed: 5, count: 240 })) {
    if (truth.networkLink === 'phone') networkTruth.set(ad.id, truth.networkId!);
    lines.push(JSON.stringify(ad));
  }
  lines.splice(3, 0, '{"id": "broken", "text": ');
  lines.splice(7, 0, JSON.stringify({ id: 'no-text-type', text: 42 }));
  lines.push(
    JSON.stringify({
      id: 'with-image',
      title: 'Studio',
      text: 'Private studio, appointments by phone only.',
      images: ['banner.png'],
      city: 'Berlin',
    }),
  );
  lines.push(JSON.stringify({ id: 'missing-image', text: 'x', images: ['nope.png'] }));
  file = join(dir, 'ads.jsonl');
  await writeFile(file, `${lines.join('\n')}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('adrisk import', () => {
  it('imports valid lines and reports bad ones by line number without importing any part of them', async () => {
    const run = await cli(['import', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/241 new, 0 updated, 0 unchanged, 3 bad lines skipped/);
    expect(run.stderr).toMatch(/ads\.jsonl:4: skipped: invalid JSON/);
    expect(run.stderr).toMatch(/ads\.jsonl:8: skipped \(id no-text-type\): invalid ad: text/);
    expect(run.stderr).toMatch(/ads\.jsonl:244: skipped \(id missing-image\): image nope\.png: ENOENT/);
    const stored = await readStore(async (db) => ({
      ids: await db.collection<AdDoc>(COLLECTIONS.ads).distinct('_id'),
      imported: await db.collection<AdDoc>(COLLECTIONS.ads).countDocuments({ source: 'import' }),
      blobs: await db.collection<ImageBlobDoc>(COLLECTIONS.imageBlobs).countDocuments({ processed: false }),
      sample: await db.collection<AdDoc>(COLLECTIONS.ads).findOne({ _id: 'with-image' }),
    }));
    expect(stored.ids).toHaveLength(241);
    expect(stored.imported).toBe(241);
    expect(stored.ids).not.toContain('missing-image');
    expect(stored.blobs).toBe(1);
    expect(stored.sample).toMatchObject({
      site: 'import',
      city: 'Berlin',
      images: [{ url: 'import:banner.png' }],
    });
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await readStore((db) =>
      db
        .collection(COLLECTIONS.ads)
        .find({}, { sort: { _id: 1 } })
        .toArray(),
    );
    const run = await cli(['--json', 'import', file]);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      inserted: number;
      unchanged: number;
      skipped: number;
      errors: Array<{ line: number }>;
    };
    expect(summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 241, skipped: 3 });
    expect(summary.errors.map((e) => e.line)).toEqual([4, 8, 244]);
    const after = await readStore((db) =>
      db
        .collection(COLLECTIONS.ads)
        .find({}, { sort: { _id: 1 } })
        .toArray(),
    );
    expect(after).toEqual(before);
  });
});

describe('adrisk classify', () => {
  it('scores the imported ads, links phone networks and drops processed image bytes', async () => {
    const run = await cli(['--json', 'classify']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { scored: number; networks: number; images: number };
    expect(summary).toMatchObject({ scored: 241, images: 1 });
    expect(summary.networks).toBeGreaterThan(0);
    const state = await readStore(async (db) => ({
      unscored: await db.collection<AdDoc>(COLLECTIONS.ads).countDocuments({ risk: { $exists: false } }),
      ads: await db
        .collection<AdDoc>(COLLECTIONS.ads)
        .find({ _id: { $in: [...networkTruth.keys()] } }, { projection: { networkId: 1, indicatorCodes: 1 } })
        .toArray(),
      networks: await db.collection<NetworkDoc>(COLLECTIONS.networks).find().toArray(),
      blob: await db.collection<ImageBlobDoc>(COLLECTIONS.imageBlobs).findOne({}),
      queued: await db.collection<AdDoc>(COLLECTIONS.ads).countDocuments({ reviewStatus: 'pending' }),
    }));
    expect(state.unscored).toBe(0);
    expect(state.queued).toBe(241);
    expect(state.blob).toMatchObject({ processed: true });
    expect(state.blob!.bytes).toBeUndefined();
    // Ads of one true phone network share one networkId (as far as their phones were read from
    // the text: entity extraction has its own tests), and ads of different ones (almost) never do.
    const adsOf = new Map(state.ads.map((a) => [a._id, a.networkId]));
    let together = 0;
    let truePairs = 0;
    let wrong = 0;
    const ids = [...networkTruth.keys()];
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const same = networkTruth.get(ids[i]!) === networkTruth.get(ids[j]!);
        const linked = adsOf.get(ids[i]!) !== undefined && adsOf.get(ids[i]!) === adsOf.get(ids[j]!);
        if (same) truePairs++;
        if (same && linked) together++;
        if (!same && linked) wrong++;
      }
    }
    expect(truePairs).toBeGreaterThan(50);
    expect(together / truePairs).toBeGreaterThan(0.6);
    // A small tolerance: entity extraction (tested on its own) misreads a few numbers' regions.
    expect(wrong / (together + wrong)).toBeLessThan(0.15);
    const withShared = state.ads.filter((a) => a.indicatorCodes?.includes('shared_contact'));
    expect(withShared.length).toBeGreaterThan(0);
    for (const n of state.networks) {
      expect(n.size).toBe(n.ads.length);
      expect(n.links.length).toBeGreaterThan(0);
      expect(n.risk.max).toBeGreaterThanOrEqual(n.risk.mean);
    }
  });

  it('gives the review app a graph of ads and the contacts that link them', async () => {
    const graph = await readStore(async (db) => {
      const network = await db
        .collection<NetworkDoc>(COLLECTIONS.networks)
        .findOne({}, { sort: { size: -1 } });
      return { network: network!, graph: await networkGraph(db, network!._id) };
    });
    const ads = graph.graph.nodes.filter((n) => n.kind === 'ad');
    expect(ads.map((n) => n.id.slice(3)).sort()).toEqual([...graph.network.ads].sort());
    const ids = new Set(graph.graph.nodes.map((n) => n.id));
    expect(graph.graph.edges.length).toBeGreaterThanOrEqual(ads.length - 1);
    for (const e of graph.graph.edges) {
      expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
    }
    const phone = graph.graph.nodes.find((n) => n.kind === 'phone');
    expect(phone?.label).toMatch(/^\+\d+$/);
    await expect(readStore((db) => networkGraph(db, 'net_missing'))).rejects.toThrow(/not found/);
  });

  it('has nothing left to do on a second run', async () => {
    const run = await cli(['--json', 'classify']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ scored: 0, rescoredForNetworks: 0, images: 0 });
  });

  it('rescores everything with --rescore and keeps the same networks', async () => {
    const before = await readStore((db) => db.collection<NetworkDoc>(COLLECTIONS.networks).distinct('_id'));
    const run = await cli(['--json', 'classify', '--rescore']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ scored: 241, merged: 0, retired: 0 });
    const after = await readStore((db) => db.collection<NetworkDoc>(COLLECTIONS.networks).distinct('_id'));
    expect(after).toEqual(before);
  });
});

describe('an interrupted classify', () => {
  it('stops after the current batch and the next run continues where it stopped', async () => {
    const store = await openTempStore();
    try {
      const ads = [...generateAds({ seed: 9, count: 30 })].map(({ ad }) => ({
        id: ad.id,
        title: ad.title,
        text: ad.text,
        site: ad.site,
        images: [],
      }));
      await importAds(store.db, ads);
      let batches = 0;
      const first = await runClassify(store.db, {
        batchSize: 10,
        ocr: false,
        onProgress: (step) => {
          if (step === 'score') batches++;
        },
        shouldStop: () => batches >= 1,
      });
      expect(first).toMatchObject({ interrupted: true, scored: 10 });
      const col = store.db.collection<AdDoc>(COLLECTIONS.ads);
      expect(await col.countDocuments({ risk: { $exists: true } })).toBe(10);
      const second = await runClassify(store.db, { batchSize: 10, ocr: false });
      expect(second).toMatchObject({ interrupted: false, scored: 20, ads: 30 });
      expect(await col.countDocuments({ risk: { $exists: true } })).toBe(30);
    } finally {
      await store.destroy();
    }
  });
});
