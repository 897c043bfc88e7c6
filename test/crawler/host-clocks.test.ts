// Host clocks leased to one worker at a time and paced locally (crawler/host-clocks.ts) against a
// real store: two workers (each its own repository and clocks, as two processes would have) share
// one host's rate and concurrency limit, and a killed holder's clock frees itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostBusyError } from '../../crawler/errors.ts';
import { HostClocks, sleep } from '../../crawler/host-clocks.ts';
import { HostRepository } from '../../storage/hosts.ts';
import { openTempStore, type TempStore } from '../support/temp-store.ts';

let store: TempStore;
beforeAll(async () => {
  store = await openTempStore('adrisk-host-clocks-');
});
afterAll(async () => {
  await store.destroy();
});

/** A request that takes `ms`, retried as the crawler would when the host is busy. */
async function politeRequest(
  clocks: HostClocks,
  host: string,
  intervalMs: number,
  onStart: (startAt: number) => () => void,
  ms: number,
): Promise<void> {
  for (;;) {
    try {
      const permit = await clocks.acquire(`http://${host}/`, host, intervalMs, 10_000);
      const end = onStart(permit.startAt);
      await sleep(ms);
      end();
      permit.release();
      return;
    } catch (error) {
      if (!(error instanceof HostBusyError)) throw error;
      await sleep(error.waitMs);
    }
  }
}

describe('HostClocks', () => {
  it('paces two workers on one host as one: one request at a time, an interval apart, both served', async () => {
    const host = 'shared.test';
    const interval = 20;
    const a = new HostClocks(new HostRepository(store.db), { owner: 'worker-a', concurrency: 1 });
    const b = new HostClocks(new HostRepository(store.db), { owner: 'worker-b', concurrency: 1 });
    const starts: Array<{ worker: string; at: number }> = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const track = (worker: string) => (startAt: number) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      starts.push({ worker, at: startAt });
      return () => {
        inFlight--;
      };
    };
    const perWorker = 12;
    await Promise.all(
      Array.from({ length: perWorker }, () => [
        politeRequest(a, host, interval, track('a'), 5),
        politeRequest(b, host, interval, track('b'), 5),
      ]).flat(),
    );
    await Promise.all([a.close(), b.close()]);
    expect(maxInFlight).toBe(1);
    expect(starts.filter((s) => s.worker === 'a')).toHaveLength(perWorker);
    expect(starts.filter((s) => s.worker === 'b')).toHaveLength(perWorker);
    // The start times the clocks handed out (the workers' places on the host's one clock, not when
    // a loaded event loop got round to them): an interval apart, whichever worker held the clock.
    const times = starts.map((s) => s.at).sort((x, y) => x - y);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(interval);
    // Both released their clock on close.
    expect((await store.db.collection('hosts').findOne({ _id: host as never }))?.clock).toBeUndefined();
  });

  it('lets many requests of one worker run within the host limits without a store round trip each', async () => {
    const host = 'local.test';
    const hosts = new HostRepository(store.db);
    let claims = 0;
    const claimClock = hosts.claimClock.bind(hosts);
    hosts.claimClock = (...args) => {
      claims++;
      return claimClock(...args);
    };
    const clocks = new HostClocks(hosts, { owner: 'worker-c', concurrency: 3 });
    let inFlight = 0;
    let maxInFlight = 0;
    const track = () => () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return () => {
        inFlight--;
      };
    };
    await Promise.all(Array.from({ length: 30 }, () => politeRequest(clocks, host, 1, track(), 3)));
    await clocks.close();
    expect(maxInFlight).toBeLessThanOrEqual(3);
    expect(maxInFlight).toBeGreaterThan(1);
    // One claim for the lease (a renewal on the timer is a write-back, not a claim).
    expect(claims).toBe(1);
  });

  it('frees the clock of a killed holder once its lease lapses, resuming its clock', async () => {
    const host = 'crashed.test';
    const hosts = new HostRepository(store.db);
    // A worker claims the clock, moves it on, and dies without releasing it (kill -9).
    const dead = await hosts.claimClock(host, 'dead-worker', { leaseMs: 300, wantMs: 1000 });
    expect(dead.ok).toBe(true);
    const writtenClock = new Date(Date.now() + 200);
    await hosts.writeBackClocks('dead-worker', [
      { host, nextAllowedAt: writtenClock, until: new Date(Date.now() + 300) },
    ]);
    const clocks = new HostClocks(new HostRepository(store.db), { owner: 'survivor', concurrency: 1 });
    const permit = await clocks.acquire(`http://${host}/`, host, 10, 5_000);
    const started = Date.now();
    permit.release();
    await clocks.close();
    // Started only after the dead worker's lease lapsed, and not before its clock.
    const doc = await store.db.collection('hosts').findOne({ _id: host as never });
    expect(doc?.clock).toBeUndefined();
    expect(started).toBeGreaterThanOrEqual(writtenClock.getTime());
  });

  it('refuses a parked host at once, saying so', async () => {
    const host = 'parked.test';
    const hosts = new HostRepository(store.db);
    await hosts.update(host, { parkedUntil: new Date(Date.now() + 60_000) });
    const clocks = new HostClocks(hosts, { owner: 'worker-d', concurrency: 1 });
    await expect(clocks.acquire(`http://${host}/`, host, 10, 1_000)).rejects.toMatchObject({
      code: 'host_busy',
      parked: true,
    });
    await clocks.close();
  });
});
