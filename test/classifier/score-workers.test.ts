// The worker pool scores exactly as the in-process path does, one result per ad, in batch order.
import { afterAll, describe, expect, it } from 'vitest';
import { scoreAdText } from '../../classifier/score.ts';
import type { ScoreResult } from '../../classifier/types.ts';
import { ScorePool } from '../../classifier/workers/index.ts';
import { threadCpuMicros } from '../../classifier/workers/thread-cpu.ts';

const pool = new ScorePool({ threads: 2 });
afterAll(() => pool.close());

const ads = Array.from({ length: 40 }, (_, i) => ({
  id: `ad-${i}`,
  text:
    i % 2 === 0 ? `Sweet young girl number ${i}, new in town, no limits` : `Independent lady ${i}, no agency`,
}));

describe('ScorePool', () => {
  it('returns the same scores as scoreAdText, in order', async () => {
    const [first, second] = await Promise.all([pool.score(ads.slice(0, 20)), pool.score(ads.slice(20))]);
    const results = [...first, ...second] as ScoreResult[];
    expect(results.map((r) => r.id)).toEqual(ads.map((a) => a.id));
    expect(results).toEqual(ads.map((ad) => scoreAdText(ad)));
  });

  it('answers a failing ad with an error and keeps the rest', async () => {
    const bad = { id: 'bad', text: 'x', country: 5 as unknown as string };
    const results = await pool.score([ads[0]!, bad, ads[1]!]);
    expect(results.map((r) => r.id)).toEqual(['ad-0', 'bad', 'ad-1']);
    expect('error' in results[1]!).toBe(true);
    expect('risk' in results[2]!).toBe(true);
  });

  it('scores to JSON lines equal to serialising the in-process results, marking failures', async () => {
    const bad = { id: 'bad', text: 'x', country: 5 as unknown as string };
    const batch = [ads[0]!, bad, ...ads.slice(1, 10)];
    const { lines, failed } = await pool.scoreToJson(batch);
    expect([...failed]).toEqual([1]);
    expect(JSON.parse(lines[1]!)).toMatchObject({ id: 'bad', error: expect.any(String) });
    const good = lines.filter((_, i) => i !== 1);
    expect(good).toEqual([ads[0]!, ...ads.slice(1, 10)].map((ad) => JSON.stringify(scoreAdText(ad))));
  });

  it('warms up every worker: each one spends CPU on the warm-up batches, as its own thread reports', async () => {
    const before = await pool.workerCpuMicros();
    expect(before).toHaveLength(2);
    for (const micros of before) expect(micros).toBeGreaterThan(0);
    const batch = Array.from({ length: 100 }, (_, i) => ads[i % ads.length]!);
    await pool.warmUp([batch, batch]);
    const after = await pool.workerCpuMicros();
    // 200 ads each: tens of milliseconds on a worker that scored them, next to nothing on an idle one.
    const spent = after.map((micros, i) => (micros ?? 0) - (before[i] ?? 0));
    for (const micros of spent) expect(micros).toBeGreaterThan(5_000);
  });

  it('reads the CPU time of the calling thread, which grows with work done on it', () => {
    const start = threadCpuMicros();
    expect(start).toBeGreaterThan(0);
    for (let i = 0; i < 200; i++) scoreAdText(ads[i % ads.length]!);
    expect(threadCpuMicros()! - start!).toBeGreaterThan(1_000);
  });
});
