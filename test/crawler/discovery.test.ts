// Discovery of new sites: links from a mapped site to other hosts become candidate sites; with
// `discover`, the site classifier maps the marketplace among them and leaves the recipes site alone,
// and `export candidates` lists both with the classifier's reasons.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl } from '../../crawler/crawl.ts';
import type { CrawlOptionsInput } from '../../crawler/options.ts';
import { runExport } from '../../reporting/index.ts';
import { openTempStore, type TempStore } from '../support/temp-store.ts';
import { type Loopback, startLoopback } from './loopback.ts';

function htmlSite(address: string, pages: Record<string, string>): Promise<Loopback> {
  return startLoopback(address, (req, res) => {
    const body = pages[new URL(req.url ?? '/', 'http://x').pathname];
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en">${body}</html>`);
  });
}

const LADIES = ['Anna, 23', 'Bella, 25', 'Clara, 27']
  .map(
    (head, i) =>
      `<div class="lady" id="lady-${i + 1}"><h3>${head}</h3><p>Independent escort, incall and outcall, elegant and discreet.</p></div>`,
  )
  .join('\n');

function pathsOf(site: Loopback): string[] {
  return site.requests.map((r) => new URL(r, 'http://x').pathname).filter((p) => p !== '/robots.txt');
}

async function exported(store: TempStore, format: 'jsonl' | 'csv'): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await runExport(store.db, { kind: 'candidates', format }, out);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

describe('crawl: discovery of new sites', () => {
  let store: TempStore;
  let a: Loopback;
  let b: Loopback;
  let c: Loopback;
  const options = (): CrawlOptionsInput => ({
    seeds: [{ url: `${a.origin}/` }],
    allowPrivateHosts: true,
    perHostRps: 200,
    render: 'never',
    downloadImages: false,
    requestTimeoutMs: 2000,
  });
  beforeAll(async () => {
    store = await openTempStore('adrisk-discovery-');
    b = await htmlSite('127.0.0.52', {
      '/': `<head><title>Berlin escorts – independent ladies and agency models</title></head><body><main><h1>Escorts in Berlin: our ladies</h1>${LADIES}<p class="booking">Book any of our ladies, incall or outcall: +49 151 23456789</p></main></body>`,
    });
    c = await htmlSite('127.0.0.53', {
      '/': '<head><title>Weekly recipes</title></head><body><main><h1>Lemon cake</h1><p>Mix flour, sugar and eggs, add lemon zest and bake for forty minutes.</p><a href="/soup">Tomato soup</a></main></body>',
      '/soup': '<head><title>Tomato soup</title></head><body><p>Simmer tomatoes with onions.</p></body>',
    });
    a = await htmlSite('127.0.0.51', {
      '/': `<head><title>Nightlife guide</title></head><body><h1>Nightlife guide</h1><a href="/about">about us</a>
<a href="${b.origin}/">Escorts and massage ladies in Berlin</a> <a href="${c.origin}/">Weekly recipes and kitchen news</a></body>`,
      '/about': '<head><title>About</title></head><body><p>A guide to the city at night.</p></body>',
    });
  });
  afterAll(async () => {
    for (const site of [a, b, c]) await site?.close();
    await store.destroy();
  });

  it('records links to other hosts as candidate sites, and maps none without discover', async () => {
    const summary = await crawl(options(), { db: store.db });
    expect(summary.complete).toBe(true);
    const candidates = await store.db.collection('site_candidates').find().sort({ _id: 1 }).toArray();
    expect(candidates.map((d) => [d._id, d.status, d.hops])).toEqual([
      [b.host, 'queued', 1],
      [c.host, 'queued', 1],
    ]);
    expect(candidates[0]!.foundOn).toEqual([
      { url: `${a.origin}/`, anchorText: 'Escorts and massage ladies in Berlin' },
    ]);
    // The page record keeps what the analysis said about the page's links.
    const page = await store.db.collection('pages').findOne({ finalUrl: `${a.origin}/` });
    expect(page?.externalAnchors).toHaveLength(2);
    expect(pathsOf(b)).toEqual([]);
    expect(pathsOf(c)).toEqual([]);
  });

  it('with discover, maps the marketplace and not the recipes site, and exports both with reasons', async () => {
    const summary = await crawl({ ...options(), discover: true, maxNewSites: 5 }, { db: store.db });
    expect(summary.complete).toBe(true);
    const bDoc = await store.db.collection('site_candidates').findOne({ _id: b.host as never });
    const cDoc = await store.db.collection('site_candidates').findOne({ _id: c.host as never });
    expect(bDoc).toMatchObject({ status: 'mapped', isMarketplace: true, expandedIn: summary.runId });
    expect(cDoc).toMatchObject({ status: 'rejected', isMarketplace: false });
    expect(bDoc?.reasons.join(' ')).toMatch(/marketplace wording/);
    expect(cDoc?.reasons.join(' ')).toMatch(/no marketplace wording or ads/);

    // B was crawled as a seed of the same run; C only had its front page read by the classifier.
    const ads = await store.db.collection('ads').find({ site: b.host }).toArray();
    expect(ads).toHaveLength(3);
    expect(await store.db.collection('frontier').countDocuments({ host: b.host, via: 'discovery' })).toBe(1);
    expect(await store.db.collection('frontier').countDocuments({ host: c.host })).toBe(0);
    expect(pathsOf(c)).toEqual(['/']);
    // Its page record keeps the analysis's selling-word counts and ad decision for the site record.
    const page = await store.db.collection('pages').findOne({ host: b.host });
    expect(page?.explicitness).toMatchObject({ explicit: 0, euphemistic: 3 });
    expect(page?.adDecision).toMatchObject({ adult: true });

    const lines = (await exported(store, 'jsonl'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.host, l.status])).toEqual([
      [b.host, 'mapped'],
      [c.host, 'rejected'],
    ]);
    for (const line of lines) expect(line.reasons.length).toBeGreaterThan(1);
    const csv = (await exported(store, 'csv')).trim().split('\n');
    expect(csv[0]).toBe(
      'host,url,status,score,isMarketplace,reasons,hops,foundOnUrls,foundOnAnchorTexts,firstSeen,lastSeen,decidedAt,runId',
    );
    expect(csv).toHaveLength(3);
  });
});
