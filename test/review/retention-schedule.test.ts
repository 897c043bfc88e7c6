import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETENTION_ACTOR, scheduleRetention } from '../../review/index.ts';
import { COLLECTIONS } from '../../storage/index.ts';
import { seedReportingData } from '../reporting/seed.ts';
import { openTempStore, type TempStore } from '../support/temp-store.ts';

let store: TempStore;
beforeAll(async () => {
  store = await openTempStore();
  // Seeded ads were last seen in 2025-2026; a 1-day retention makes the old unflagged ones due.
  await seedReportingData(store.db);
});
afterAll(async () => store?.destroy());

describe('scheduled retention in the review server', () => {
  it('purges on its timer and writes an audit entry', async () => {
    const schedule = scheduleRetention(store.db, {
      retentionDays: 1,
      intervalHours: 24,
      firstRunDelayMs: 10,
    });
    try {
      const deadline = Date.now() + 20_000;
      while (
        Date.now() < deadline &&
        (await store.db.collection(COLLECTIONS.audit).countDocuments({ user: RETENTION_ACTOR })) === 0
      ) {
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      schedule.stop();
    }
    const entry = await store.db.collection(COLLECTIONS.audit).findOne({ user: RETENTION_ACTOR });
    expect(entry?.action).toBe('purge');
    expect(entry?.details?.scheduled).toBe(true);
    expect(
      await store.db.collection(COLLECTIONS.ads).countDocuments({ purgedAt: { $exists: true } }),
    ).toBeGreaterThan(0);
    // Held cases stay: the confirmed ad keeps its text.
    expect((await store.db.collection(COLLECTIONS.ads).findOne({ _id: 'ad-2' } as never))?.text).toBeTruthy();
  });

  it('does nothing when the interval is 0', async () => {
    const before = await store.db.collection(COLLECTIONS.audit).countDocuments();
    const schedule = scheduleRetention(store.db, { retentionDays: 1, intervalHours: 0, firstRunDelayMs: 1 });
    await new Promise((r) => setTimeout(r, 200));
    schedule.stop();
    expect(await store.db.collection(COLLECTIONS.audit).countDocuments()).toBe(before);
  });
});
