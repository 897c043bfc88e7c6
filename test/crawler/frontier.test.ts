import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DedupCache, Frontier } from '../../crawler/frontier.ts';
import { HostRepository } from '../../storage/hosts.ts';
import { openTempStore, type TempStore } from '../support/temp-store.ts';

let store: TempStore;
beforeAll(async () => {
  store = await openTempStore('adrisk-frontier-');
});
afterAll(async () => {
  await store.destroy();
});

const urls = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    url: `http://${prefix}.test/p/${i}`,
    depth: 1,
    via: 'link' as const,
  }));

describe('Frontier', () => {
  it('keeps one entry per canonical URL', async () => {
    const f = new Frontier(store.db, 'run-a');
    const added = await f.enqueue([
      { url: 'http://A.test/x?b=1&a=2#top', depth: 0, via: 'seed' },
      { url: 'http://a.test:80/x?a=2&b=1', depth: 0, via: 'seed' },
    ]);
    expect(added).toBe(1);
    // A second worker (own cache) enqueueing it again changes nothing.
    expect(
      await new Frontier(store.db, 'run-a').enqueue([
        { url: 'http://a.test/x?a=2&b=1', depth: 0, via: 'seed' },
      ]),
    ).toBe(0);
    expect(await f.repo.col.countDocuments({ host: 'a.test' })).toBe(1);
  });

  it('hands each URL to exactly one of two workers leasing at once', async () => {
    const f = new Frontier(store.db, 'run-b');
    await f.enqueue(urls('b', 40));
    const [one, two] = await Promise.all([
      f.lease('w1', 25, 10_000),
      new Frontier(store.db, 'run-b').lease('w2', 25, 10_000),
    ]);
    const ids = [...one, ...two].filter((d) => d.host === 'b.test').map((d) => d._id);
    expect(new Set(ids).size).toBe(ids.length);
    // Whatever one lost, a later lease picks up: nothing is stranded.
    const rest = await f.lease('w3', 100, 10_000);
    expect(ids.length + rest.filter((d) => d.host === 'b.test').length).toBe(40);
  });

  it('returns a dead worker’s expired leases and ignores its late writes', async () => {
    const f = new Frontier(store.db, 'run-c');
    await f.enqueue(urls('c', 3));
    const dead = (await f.lease('dead', 3, 1)).filter((d) => d.host === 'c.test');
    await new Promise((r) => setTimeout(r, 10));
    expect(await f.recoverExpired()).toBeGreaterThanOrEqual(3);
    const taken = (await f.lease('alive', 10, 10_000)).filter((d) => d.host === 'c.test');
    expect(taken).toHaveLength(3);
    expect(taken.every((d) => d.attempts === 1)).toBe(true);
    expect(await f.complete(dead[0]!, 200)).toBe(false); // the dead worker's token no longer counts
    expect(await f.complete(taken[0]!, 200)).toBe(true);
  });

  it('acknowledges a batch of completions by lease: a lost lease’s URLs stay with their new holder', async () => {
    const f = new Frontier(store.db, 'run-g');
    await f.enqueue(urls('g', 6));
    const dead = (await f.lease('dead', 3, 1)).filter((d) => d.host === 'g.test');
    await new Promise((r) => setTimeout(r, 10));
    await f.recoverExpired();
    const alive = (await f.lease('alive', 10, 10_000)).filter((d) => d.host === 'g.test');
    expect(alive).toHaveLength(6);
    // One batch mixing the dead worker's stale completions with the live worker's, two statuses.
    await f.repo.completeMany([
      ...dead.map((doc) => ({ doc, status: 200 })),
      { doc: alive[0]!, status: 200 },
      { doc: alive[1]!, status: 404 },
    ]);
    const states = await f.repo.col
      .find({ host: 'g.test' }, { projection: { state: 1, status: 1, lease: 1 } })
      .toArray();
    const byId = new Map(states.map((d) => [d._id, d]));
    expect(byId.get(alive[0]!._id)).toMatchObject({ state: 'done', status: 200 });
    expect(byId.get(alive[1]!._id)).toMatchObject({ state: 'done', status: 404 });
    expect(byId.get(alive[0]!._id)?.lease).toBeUndefined();
    // Everything else is still leased by the live worker, the stale writes notwithstanding.
    const others = states.filter((d) => d._id !== alive[0]!._id && d._id !== alive[1]!._id);
    expect(others).toHaveLength(4);
    expect(others.every((d) => d.state === 'leased' && d.lease?.owner === alive[2]!.lease?.owner)).toBe(true);
  });

  it('distinguishes empty (nothing due now) from finished (nothing leased or due)', async () => {
    await store.db.collection('frontier').deleteMany({});
    const f = new Frontier(store.db, 'run-d');
    await f.enqueue(urls('d', 1));
    const [doc] = await f.lease('w', 1, 10_000);
    expect(await f.isEmpty()).toBe(true);
    expect(await f.isFinished(1000)).toBe(false); // still leased
    await f.retry(doc!, { at: new Date(), code: 'timeout', message: 't' }, new Date(Date.now() + 30_000));
    expect(await f.isEmpty()).toBe(true);
    expect(await f.isFinished(60_000)).toBe(false); // due within the horizon
    expect(await f.isFinished(1_000)).toBe(true); // due beyond it: the run may end, resumable
  });

  it('queues a URL done in an earlier run again for a recrawl, once', async () => {
    const first = new Frontier(store.db, 'run-e1');
    await first.enqueue(urls('e', 1));
    const [doc] = (await first.lease('w', 10, 10_000)).filter((d) => d.host === 'e.test');
    await first.complete(doc!, 200);
    const second = new Frontier(store.db, 'run-e2');
    expect(await second.enqueue(urls('e', 1))).toBe(1);
    expect(await new Frontier(store.db, 'run-e2').enqueue(urls('e', 1))).toBe(0);
    const again = await store.db.collection('frontier').findOne({ host: 'e.test' });
    expect(again).toMatchObject({ state: 'queued', runId: 'run-e2' });
  });
});

describe('DedupCache', () => {
  it('forgets the oldest keys beyond its capacity', () => {
    const cache = new DedupCache(2);
    expect(cache.testAndAdd('a')).toBe(false);
    expect(cache.testAndAdd('a')).toBe(true);
    cache.testAndAdd('b');
    cache.testAndAdd('c');
    expect(cache.size).toBe(2);
    expect(cache.testAndAdd('a')).toBe(false);
  });
});

describe('HostRepository (shared politeness clock)', () => {
  it('leases a host clock to one of two workers and tells the other how long to wait', async () => {
    const hosts = new HostRepository(store.db);
    const opts = { leaseMs: 5000, wantMs: 3000 };
    const a = await hosts.claimClock('h.test', 'w1', opts);
    const b = await new HostRepository(store.db).claimClock('h.test', 'w2', opts);
    expect(a.ok).toBe(true);
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.waitMs).toBeGreaterThan(500);
    // The refused worker now waits for the clock: the holder learns it when it writes back…
    const back = await hosts.writeBackClocks('w1', [
      { host: 'h.test', nextAllowedAt: new Date(Date.now() + 100), until: new Date(Date.now() + 5000) },
    ]);
    expect(back.get('h.test')).toEqual({ wanted: true });
    // …and once it releases, it cannot take the clock back before the waiting worker had it.
    await hosts.writeBackClocks('w1', [{ host: 'h.test', nextAllowedAt: new Date(Date.now() + 100) }]);
    expect((await hosts.claimClock('h.test', 'w1', opts)).ok).toBe(false);
    const taken = await hosts.claimClock('h.test', 'w2', opts);
    expect(taken.ok).toBe(true);
    // The clock written back by the first holder is what the second one starts from.
    if (taken.ok) expect(taken.nextAllowedAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('backs off on refusals, honours Retry-After, and parks a host that keeps refusing', async () => {
    const hosts = new HostRepository(store.db);
    const opts = { baseMs: 1000, maxMs: 60_000, parkAfter: 3, parkMs: 3_600_000 };
    const first = await hosts.throttle('t.test', { ...opts, retryAfterMs: 7000 });
    expect(first.delayMs).toBe(7000);
    const second = await hosts.throttle('t.test', opts);
    expect(second.delayMs).toBe(2000);
    const third = await hosts.throttle('t.test', opts);
    expect(third.parkedUntil).toBeInstanceOf(Date);
    const claim = await hosts.claimClock('t.test', 'w', { leaseMs: 1000, wantMs: 1000 });
    expect(claim).toMatchObject({ ok: false, parked: true });
  });
});
