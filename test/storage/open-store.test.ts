import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  COLLECTIONS,
  INDEXES,
  openStore,
  SCHEMA_VERSION,
  type Store,
  schemaVersion,
} from '../../storage/index.ts';

describe('openStore without a URI', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function open(dataDir: string): Promise<Store> {
    const store = await openStore({ dataDir });
    stores.push(store);
    return store;
  }

  it('starts the embedded server, creates the declared indexes and records the schema version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adrisk-store-'));
    dirs.push(dir);
    const store = await open(dir);
    expect(store.embedded).toBe(true);
    expect(store.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+/);
    const names = (await store.db.collection(COLLECTIONS.ads).listIndexes().toArray()).map((i) => i.name);
    const declared = INDEXES.filter((s) => s.collection === COLLECTIONS.ads);
    for (const spec of declared.filter((s) => !s.multikey)) expect(names).toContain(spec.name);
    // Arrays are wildcards in the embedded store's keys: a multikey index would serve no query there.
    const multikey = declared.filter((s) => s.multikey).map((s) => s.name);
    expect(multikey).toContain('queue_indicatorCodes');
    for (const name of multikey) expect(names).not.toContain(name);
    expect(await schemaVersion(store.db)).toBe(SCHEMA_VERSION);
  });

  it('drops a MongoDB-only index from an embedded store that has it, keeping the documents', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adrisk-store-'));
    dirs.push(dir);
    const first = await open(dir);
    const ads = first.db.collection<{ _id: string; indicatorCodes: string[]; risk: number }>(COLLECTIONS.ads);
    // As an earlier adrisk created it on every store.
    await ads.createIndex(
      { indicatorCodes: 1, urgent: -1, risk: -1, _id: 1 },
      { name: 'queue_indicatorCodes' },
    );
    await ads.insertMany([
      { _id: 'ad-1', indicatorCodes: ['youth'], risk: 0.4 },
      { _id: 'ad-2', indicatorCodes: [], risk: 0.9 },
    ]);
    await first.close();
    const second = await open(dir);
    const again = second.db.collection(COLLECTIONS.ads);
    expect((await again.listIndexes().toArray()).map((i) => i.name)).not.toContain('queue_indicatorCodes');
    expect((await again.find({ indicatorCodes: 'youth' }).toArray()).map((d) => d._id)).toEqual(['ad-1']);
  });

  it('rebuilds an index whose declaration changed, keeping the documents (queue_networkId became partial)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adrisk-store-'));
    dirs.push(dir);
    const first = await open(dir);
    const ads = first.db.collection<{ _id: string; networkId?: string; risk: number }>(COLLECTIONS.ads);
    // The index as an earlier adrisk declared it: over every ad.
    await ads.dropIndex('queue_networkId');
    await ads.createIndex({ networkId: 1, urgent: -1, risk: -1, _id: 1 }, { name: 'queue_networkId' });
    await ads.insertMany([
      { _id: 'ad-1', networkId: 'net-1', risk: 0.4 },
      { _id: 'ad-2', risk: 0.9 },
    ]);
    await first.close();
    const second = await open(dir);
    const again = second.db.collection(COLLECTIONS.ads);
    const index = (await again.listIndexes().toArray()).find((i) => i.name === 'queue_networkId');
    expect(index?.partialFilterExpression).toEqual({ networkId: { $exists: true } });
    expect((await again.find({ networkId: 'net-1' }).toArray()).map((d) => d._id)).toEqual(['ad-1']);
    expect(await again.countDocuments()).toBe(2);
  });

  it('keeps documents across close and reopen of the data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adrisk-store-'));
    dirs.push(dir);
    const first = await open(dir);
    await first.db
      .collection<{ _id: string; risk: number }>(COLLECTIONS.ads)
      .insertOne({ _id: 'ad-1', risk: 0.7 });
    await first.close();
    const second = await open(dir);
    expect(await second.db.collection(COLLECTIONS.ads).findOne({ _id: 'ad-1' as never })).toEqual({
      _id: 'ad-1',
      risk: 0.7,
    });
  });
});
