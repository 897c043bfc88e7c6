import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicatorStats, wilsonInterval } from '../../reporting/index.ts';
import { runCli } from '../support/run-cli.ts';
import { openTempStore, type TempStore } from '../support/temp-store.ts';
import { seedReportingData } from './seed.ts';

let store: TempStore;
beforeAll(async () => {
  store = await openTempStore();
  await seedReportingData(store.db);
});
afterAll(async () => store?.destroy());

describe('indicator statistics from reviewers’ decisions', () => {
  it('estimates precision per indicator from confirmed vs dismissed ads', async () => {
    const stats = new Map((await indicatorStats(store.db)).map((s) => [s.code, s]));
    // movement fired on ad-1 (pending), ad-2 (confirmed) and ad-4 (dismissed).
    expect(stats.get('movement')).toMatchObject({
      fired: 3,
      reviewed: 2,
      confirmed: 1,
      dismissed: 1,
      precision: 0.5,
    });
    expect(stats.get('coded_language')).toMatchObject({ fired: 2, reviewed: 1, confirmed: 1, precision: 1 });
  });

  it('gives wide intervals for small samples and none without decisions', () => {
    const [lo, hi] = wilsonInterval(1, 2)!;
    expect(lo).toBeLessThan(0.2);
    expect(hi).toBeGreaterThan(0.8);
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('prints the table from the CLI', async () => {
    const run = await runCli(['indicators', 'stats', '--db', store.uri]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/movement\s+3\s+2\s+50\.0%/);
  });
});
