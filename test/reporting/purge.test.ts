import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpired } from '../../reporting/index.ts';
import { type AdDoc, COLLECTIONS } from '../../storage/index.ts';
import { openTempStore, type TempStore } from '../support/temp-store.ts';
import { seedReportingData } from './seed.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
let store: TempStore;

beforeAll(async () => {
  store = await openTempStore();
  await seedReportingData(store.db, { now: NOW });
});
afterAll(async () => store?.destroy());

describe('retention purge', () => {
  it('counts without deleting in a dry run', async () => {
    const result = await purgeExpired(store.db, { retentionDays: 180, now: NOW, dryRun: true });
    expect(result.adsPurged).toBe(2);
    expect(await store.db.collection(COLLECTIONS.ads).countDocuments({ purgedAt: { $exists: true } })).toBe(
      0,
    );
  });

  it('removes contacts and snapshots of dismissed and unflagged ads past the period, and nothing else', async () => {
    const result = await purgeExpired(store.db, { retentionDays: 180, now: NOW });
    // ad-3 (low, old) and ad-4 (dismissed, old) go; ad-1 (high, unreviewed), ad-2 (confirmed) and
    // ad-5 (seen today) stay untouched.
    expect(result.adsPurged).toBe(2);
    expect(result.snapshotsDeleted).toBe(2);
    const ads = new Map(
      (await store.db.collection<AdDoc>(COLLECTIONS.ads).find().toArray()).map((a) => [a._id, a]),
    );
    for (const id of ['ad-3', 'ad-4']) {
      const ad = ads.get(id)!;
      expect(ad.purgedAt).toBeInstanceOf(Date);
      expect(ad.text).toBeUndefined();
      expect(ad.score?.entities.phones).toEqual([]);
      expect(ad.images[0]?.ocrText).toBeUndefined();
      expect(ad.evidence?.snapshot).toBeUndefined();
      expect(ad.risk).toBeDefined();
      expect(
        await store.db
          .collection(COLLECTIONS.snapshots)
          .countDocuments({ _id: ad.evidence!.sha256 } as never),
      ).toBe(0);
    }
    for (const id of ['ad-1', 'ad-2', 'ad-5']) {
      const ad = ads.get(id)!;
      expect(ad.purgedAt).toBeUndefined();
      expect(ad.text).toContain('call');
      expect(
        await store.db
          .collection(COLLECTIONS.snapshots)
          .countDocuments({ _id: ad.evidence!.snapshot } as never),
      ).toBe(1);
    }
  });

  it('is idempotent', async () => {
    const again = await purgeExpired(store.db, { retentionDays: 180, now: NOW });
    expect(again.adsPurged).toBe(0);
  });
});
