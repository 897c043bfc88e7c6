// The engine end to end against the synthetic marketplace: six sites on 127.0.0.x (a script-built
// site, an age-gated site with robots.txt and a sitemap, and traps), a real embedded store, real
// Chromium, and the real page analysis.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrawlSummary, crawl } from '../../crawler/crawl.ts';
import { canonicalizeUrl, urlFingerprint } from '../../crawler/url.ts';
import { type Marketplace, startMarketplace } from '../../scripts/marketplace/index.ts';
import { openTempStore, type TempStore } from '../support/temp-store.ts';

const MAX_DEPTH = 6;
/** Every request any marketplace server received, as host + path. */
const requests: string[] = [];
const onRequest = (message: unknown) => {
  const { request } = message as { request: IncomingMessage };
  requests.push(`${request.headers.host}${request.url}`);
};

let market: Marketplace;
let store: TempStore;
let summary: CrawlSummary;

beforeAll(async () => {
  subscribe('http.server.request.start', onRequest);
  market = await startMarketplace({
    seed: 5,
    adsPerSite: 12,
    slowMs: 3000,
    largePageBytes: 2 << 20,
    crawlDelay: 0.02,
  });
  store = await openTempStore('adrisk-market-');
  summary = await crawl(
    {
      seeds: market.sites.map((s) => ({ url: `${s.baseUrl}/` })),
      allowPrivateHosts: true,
      render: 'auto',
      perHostRps: 100,
      perHostConcurrency: 2,
      concurrency: 8,
      maxDepth: MAX_DEPTH,
      maxPages: 3000,
      requestTimeoutMs: 1500,
      maxBodyBytes: 1 << 20,
      retryBaseMs: 10,
      maxAttempts: 2,
      downloadImages: false,
    },
    { db: store.db },
  );
}, 240_000);

afterAll(async () => {
  unsubscribe('http.server.request.start', onRequest);
  await market?.close();
  await store?.destroy();
});

describe('crawl of the synthetic marketplace', () => {
  it('finishes the crawl', () => {
    expect(summary.state).toBe('finished');
  });

  it('fetches every crawlable ad page and finds at least 98% of the crawlable ads on every site', async () => {
    const found = new Set(
      (
        await store.db
          .collection('ads')
          .find({}, { projection: { url: 1 } })
          .toArray()
      ).map((a) => a.url as string),
    );
    const frontier = store.db.collection('frontier');
    const perSite: Record<string, { expected: number; fetched: number; found: number }> = {};
    for (const { truth } of market.groundTruth.ads()) {
      // Non-adult classifieds (furniture, cars…) are not sexual-services ads: not expected.
      if (!truth.crawlable || !truth.adult) continue;
      perSite[truth.site] ??= { expected: 0, fetched: 0, found: 0 };
      const entry = perSite[truth.site]!;
      const url = canonicalizeUrl(truth.url)!;
      entry.expected++;
      if (await frontier.findOne({ _id: urlFingerprint(url) as never, state: 'done' })) entry.fetched++;
      if (found.has(url)) entry.found++;
    }
    expect(Object.keys(perSite)).toHaveLength(6);
    for (const [site, e] of Object.entries(perSite)) {
      expect({ site, fetched: e.fetched / e.expected }).toEqual({ site, fetched: 1 });
      expect(e.found / e.expected, `${site}: ${e.found}/${e.expected}`).toBeGreaterThanOrEqual(0.98);
    }
  });

  it('never requests a URL robots.txt disallows', () => {
    const gated = market.sites.find((s) => s.key === 'gated')!;
    const members = requests.filter((r) => r.startsWith(`${gated.host}`) && r.includes('/members/'));
    expect(members).toEqual([]);
  });

  it('keeps the traps bounded and fails them with typed errors', async () => {
    const directory = market.sites.find((s) => s.key === 'directory')!;
    const calendar = requests.filter(
      (r) => r.includes('/calendar/') && r.startsWith(new URL(directory.baseUrl).host),
    );
    expect(calendar.length).toBeLessThanOrEqual(MAX_DEPTH * 2);
    const frontier = store.db.collection('frontier');
    const loop = await frontier.findOne({ url: { $regex: '/go/top-offers$' } });
    expect(loop?.state).toBe('failed');
    expect(loop?.errors.at(-1).code).toMatch(/redirect_loop|too_many_redirects/);
    const slow = await frontier.findOne({ url: { $regex: '/news$' } });
    expect(slow?.state).toBe('failed');
    expect(slow?.errors.at(-1).code).toBe('timeout');
    const huge = await frontier.findOne({ url: { $regex: '/archive/all$' } });
    if (huge?.state === 'failed') expect(huge.errors.at(-1).code).toBe('body_too_large');
    else
      expect(await store.db.collection('pages').findOne({ url: huge?.url, truncated: true })).not.toBeNull();
  });

  it('renders the script-built site in Chromium and finds its ads', async () => {
    const spa = market.sites.find((s) => s.key === 'spa')!;
    const host = new URL(spa.baseUrl).host;
    expect(await store.db.collection('pages').countDocuments({ host, rendered: true })).toBeGreaterThan(0);
    expect(await store.db.collection('ads').countDocuments({ site: host })).toBeGreaterThan(0);
  });

  it('passes the click-through age gate and records it on the site', async () => {
    const gated = market.sites.find((s) => s.key === 'gated')!;
    const host = new URL(gated.baseUrl).host;
    const site = await store.db.collection('sites').findOne({ _id: host as never });
    expect(site?.rendering?.ageGatePassed).toBe(true);
    expect(site?.compliance.ageGate.value).toBe('click_through');
    expect(site?.compliance.robotsTxt).toEqual({ present: true, disallows: ['/members/'] });
  });
});
