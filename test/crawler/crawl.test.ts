import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl } from '../../crawler/crawl.ts';
import type { CrawlOptionsInput } from '../../crawler/options.ts';
import { openTempStore, type TempStore } from '../support/temp-store.ts';
import { type MiniSite, startMiniSite } from './mini-site.ts';
import { trivialAnalyze } from './trivial-analyzer.ts';

const WORKER = resolve(import.meta.dirname, 'crawl-worker.ts');

function baseOptions(seeds: string[]): CrawlOptionsInput {
  return {
    seeds: seeds.map((url) => ({ url })),
    allowPrivateHosts: true,
    perHostRps: 200,
    perHostConcurrency: 2,
    concurrency: 6,
    requestTimeoutMs: 800,
    retryBaseMs: 10,
    maxAttempts: 2,
    maxDepth: 4,
    render: 'never',
    leaseMs: 3000,
    downloadImages: false,
    maxInlineWaitMs: 3000,
  };
}

function runWorker(uri: string, options: CrawlOptionsInput) {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify({ uri, options })], {
    env: { ...process.env, ADRISK_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const done = new Promise<{ code: number | null; summary?: { worker: { pages: number } } }>((res) =>
    child.on('close', (code) => {
      if (code !== 0 && code !== null) console.error(err);
      res({ code, ...(out.trim() ? { summary: JSON.parse(out.trim().split('\n').pop()!) } : {}) });
    }),
  );
  return { child, done };
}

const pathsOf = (site: MiniSite) =>
  site.requests.map((r) => new URL(r, 'http://x').pathname + new URL(r, 'http://x').search);

describe('crawl (engine, real store, loopback site)', () => {
  let store: TempStore;
  let site: MiniSite;
  beforeAll(async () => {
    store = await openTempStore('adrisk-crawl-');
    site = await startMiniSite('127.0.0.31');
  });
  afterAll(async () => {
    await site.close();
    await store.destroy();
  });

  it('finds every ad once, never fetches a disallowed URL, and keeps the traps bounded', async () => {
    const summary = await crawl(
      { ...baseOptions([`${site.origin}/`]), downloadImages: true },
      {
        db: store.db,
        analyzePage: trivialAnalyze,
      },
    );
    expect(summary.state).toBe('finished');
    expect(summary.complete).toBe(true);
    const ads = await store.db.collection('ads').find({ site: site.host }).toArray();
    expect(ads.map((a) => a.title).sort()).toEqual([...site.ads].map((id) => `Ad ${id}`).sort());
    const paths = pathsOf(site);
    expect(paths.filter((p) => p.startsWith('/private/'))).toEqual([]);
    // The calendar is cut at the depth limit (seed depth 0, calendar from depth 1 to 4).
    expect(paths.filter((p) => p.startsWith('/calendar')).length).toBeLessThanOrEqual(4);
    const frontier = store.db.collection('frontier');
    const loop = await frontier.findOne({ url: `${site.origin}/loop` });
    expect(loop).toMatchObject({ state: 'failed' });
    expect(loop?.errors.at(-1).code).toBe('redirect_loop');
    const slow = await frontier.findOne({ url: `${site.origin}/slow` });
    expect(slow).toMatchObject({ state: 'failed' });
    expect(slow?.errors.at(-1).code).toBe('timeout');
    expect(await frontier.findOne({ url: `${site.origin}/busy` })).toMatchObject({ state: 'done' });
    const run = await store.db.collection('crawl_runs').findOne({ _id: summary.runId as never });
    expect(run?.stats.pages).toBeGreaterThan(10);
    expect(run?.stats.throttled).toBe(1);
    expect(run?.options).toMatchObject({ respectRobots: true, robotsOverridden: false });
    const siteDoc = await store.db.collection('sites').findOne({ _id: site.host as never });
    expect(siteDoc?.compliance.robotsTxt).toEqual({ present: true, disallows: ['/private/'] });
    expect(siteDoc?.adsFound).toBe(site.ads.size);
    const ad = ads[0]!;
    expect(ad.evidence.sha256).toMatch(/^[0-9a-f]{64}$/);
    const snapshot = await store.db.collection('snapshots').findOne({ _id: ad.evidence.snapshot });
    expect(snapshot?.warc).toBeDefined();
    // Ad images: three distinct files shared by twelve ads, each downloaded into image_blobs.
    expect(ad.images).toHaveLength(1);
    expect(await store.db.collection('image_blobs').countDocuments({ processed: false })).toBe(3);
    const blob = await store.db.collection('image_blobs').findOne({ _id: ad.images[0].sha256 });
    expect(blob?.adIds).toContain(ad._id);
  });

  it('recrawls incrementally: records lastSeen, content changes and takedowns', async () => {
    const before = await store.db.collection('ads').findOne({ site: site.host, title: 'Ad 1' });
    site.ads.delete(3);
    site.texts.set(5, 'Edited text of ad five');
    const summary = await crawl(baseOptions([`${site.origin}/`]), {
      db: store.db,
      analyzePage: trivialAnalyze,
    });
    expect(summary.complete).toBe(true);
    expect(summary.takedowns).toBe(1);
    const ads = store.db.collection('ads');
    expect(await ads.countDocuments({ site: site.host })).toBe(12);
    expect((await ads.findOne({ title: 'Ad 3', site: site.host }))?.removedAt).toBeInstanceOf(Date);
    const again = await ads.findOne({ _id: before!._id });
    expect(again!.lastSeen.getTime()).toBeGreaterThan(before!.lastSeen.getTime());
    expect(again!.firstSeen).toEqual(before!.firstSeen);
    const five = await ads.findOne({ title: 'Ad 5', site: site.host });
    const history = await store.db.collection('ad_history').find({ adId: five!._id }).toArray();
    expect(history).toHaveLength(1);
    expect(history[0]!.previous.text).toBe('Synthetic ad number 5');
    site.ads.add(3);
    site.texts.clear();
  });

  it('refuses a private seed without allowPrivateHosts', async () => {
    await expect(
      crawl(
        { ...baseOptions([`${site.origin}/`]), allowPrivateHosts: false },
        { db: store.db, analyzePage: trivialAnalyze },
      ),
    ).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('crawl across processes', () => {
  let store: TempStore;
  let sites: MiniSite[];
  beforeAll(async () => {
    store = await openTempStore('adrisk-crawl-mp-');
    sites = await Promise.all([startMiniSite('127.0.0.32', 40, 5), startMiniSite('127.0.0.33', 40, 5)]);
  });
  afterAll(async () => {
    for (const s of sites) await s.close();
    await store.destroy();
  });

  it('resumes after kill -9 with every ad exactly once', async () => {
    const options = { ...baseOptions(sites.map((s) => `${s.origin}/`)), perHostRps: 15, leaseMs: 1500 };
    const first = runWorker(store.uri, options);
    const ads = store.db.collection('ads');
    const deadline = Date.now() + 30_000;
    while ((await ads.countDocuments()) < 10 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    first.child.kill('SIGKILL');
    await first.done;
    expect(await ads.countDocuments()).toBeLessThan(80);
    // Writes are batched, and a URL is acknowledged done only after its batch is stored: every URL
    // the killed worker marked done has its page record (and its ads: checked after the resume).
    const frontier = store.db.collection('frontier');
    const done = await frontier.find({ state: 'done' }, { projection: { _id: 1 } }).toArray();
    expect(done.length).toBeGreaterThan(0);
    const recorded = await store.db
      .collection('pages')
      .countDocuments({ _id: { $in: done.map((d) => d._id) } });
    expect(recorded).toBe(done.length);
    const resumed = runWorker(store.uri, { ...options, seeds: [], resume: true, perHostRps: 200 });
    const { code } = await resumed.done;
    expect(code).toBe(0);
    for (const s of sites) {
      const titles = (await ads.find({ site: s.host }).toArray()).map((a) => a.title);
      expect(titles.sort()).toEqual([...s.ads].map((id) => `Ad ${id}`).sort());
    }
    expect(await frontier.countDocuments({ state: { $in: ['queued', 'leased'] } })).toBe(0);
    // The resumed worker took the killed one's host clocks over and released them when done.
    expect(await store.db.collection('hosts').countDocuments({ clock: { $exists: true } })).toBe(0);
  }, 90_000);

  it('shares one crawl between two worker processes without fetching a URL twice', async () => {
    await store.db.dropDatabase();
    for (const s of sites) s.requests.length = 0;
    // A request timeout well above the hold, so that no held page times out and is asked again.
    const options = {
      ...baseOptions(sites.map((s) => `${s.origin}/`)),
      perHostRps: 40,
      concurrency: 3,
      requestTimeoutMs: 2_000,
    };
    // Ad pages are held (each less than the request timeout) until the second worker has joined:
    // the first alone would need well over ten seconds for them, so the second joins while work
    // remains however loaded the machine is. (The hold once went to a copy of the site object and
    // never applied; the test then only passed while the first worker was slow.)
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    for (const s of sites) s.gate = gate;
    const a = runWorker(store.uri, options);
    const runs = store.db.collection('crawl_runs');
    while ((await runs.countDocuments()) === 0) await new Promise((r) => setTimeout(r, 50));
    const b = runWorker(store.uri, { ...options, seeds: [], resume: true });
    const joinDeadline = Date.now() + 60_000;
    while (((await runs.findOne({}))?.workers?.length ?? 0) < 2 && Date.now() < joinDeadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    release();
    for (const s of sites) s.gate = undefined;
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.code).toBe(0);
    expect(rb.code).toBe(0);
    // Both did part of the work.
    expect(ra.summary!.worker.pages).toBeGreaterThan(0);
    expect(rb.summary!.worker.pages).toBeGreaterThan(0);
    const run = await runs.findOne({});
    expect(run?.workers).toHaveLength(2);
    for (const s of sites) {
      // Retried (slow) and throttled (busy) pages are asked again by design; robots.txt once per worker.
      const pages = pathsOf(s).filter((p) => !['/robots.txt', '/slow', '/busy', '/sitemap.xml'].includes(p));
      const twice = pages.filter((p, i) => pages.indexOf(p) !== i);
      expect(twice).toEqual([]);
      expect(await store.db.collection('ads').countDocuments({ site: s.host })).toBe(40);
    }
  }, 90_000);
});
