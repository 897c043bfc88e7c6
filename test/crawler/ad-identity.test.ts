// Ad identity on pages that carry several ads: each person of an agency page is its own ad record
// (known by `page#id`), while the page itself is fetched once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl } from '../../crawler/crawl.ts';
import { canonicalizeAdUrl } from '../../crawler/url.ts';
import { openTempStore, type TempStore } from '../support/temp-store.ts';
import { type Loopback, startLoopback } from './loopback.ts';

const PERSONS = ['Anna, 23', 'Bella, 25', 'Clara, 27'];

/** One agency page listing three persons, each in a block with an `#id` anchor and no page of its own. */
async function startAgencySite(address: string): Promise<Loopback> {
  const persons = PERSONS.map(
    (head, i) =>
      `<div class="lady" id="lady-${i + 1}"><h3><a href="#lady-${i + 1}">${head}</a></h3><p>Elegant and friendly, speaks English.</p></div>`,
  ).join('\n');
  return startLoopback(address, (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html lang="en"><head><title>Velvet Agency – our ladies</title></head><body><main><h1>Our ladies in London</h1>${persons}<p class="booking">Book any of our ladies: +44 7700 900123</p></main></body></html>`,
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
}

describe('canonicalizeAdUrl', () => {
  it('keeps the fragment that tells ads of one page apart, canonicalising the rest', () => {
    expect(canonicalizeAdUrl('HTTP://Agency.TEST:80/ladies?utm_source=x#lady-2')).toBe(
      'http://agency.test/ladies#lady-2',
    );
    expect(canonicalizeAdUrl('http://agency.test/ladies#')).toBe('http://agency.test/ladies');
    expect(canonicalizeAdUrl('mailto:a@b.test')).toBeUndefined();
  });
});

describe('crawl: several ads on one page', () => {
  let store: TempStore;
  let site: Loopback;
  beforeAll(async () => {
    store = await openTempStore('adrisk-ad-identity-');
    site = await startAgencySite('127.0.0.41');
  });
  afterAll(async () => {
    await site.close();
    await store.destroy();
  });

  it('stores one ad per person of an agency page, and fetches the page once', async () => {
    const summary = await crawl(
      {
        seeds: [{ url: `${site.origin}/` }],
        allowPrivateHosts: true,
        perHostRps: 200,
        render: 'never',
        downloadImages: false,
        requestTimeoutMs: 2000,
      },
      { db: store.db },
    );
    expect(summary.complete).toBe(true);
    const ads = await store.db.collection('ads').find({ site: site.host }).sort({ url: 1 }).toArray();
    expect(ads.map((a) => a.url)).toEqual(PERSONS.map((_, i) => `${site.origin}/#lady-${i + 1}`));
    expect(new Set(ads.map((a) => a._id)).size).toBe(3);
    expect(ads.map((a) => a.name)).toEqual(['Anna', 'Bella', 'Clara']);
    expect(site.requests.filter((r) => r === '/')).toHaveLength(1);
    expect(await store.db.collection('frontier').countDocuments({ url: { $regex: '#' } })).toBe(0);
  });
});
