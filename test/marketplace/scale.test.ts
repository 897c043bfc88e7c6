import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adAt, type Marketplace, SITE_KEYS, startMarketplace } from '../../scripts/marketplace/index.ts';
import { COOKIE_HEADER_FOR_TESTS } from './gate-cookie.ts';
import { collapse, visibleText } from './visible-text.ts';

const SCALE = 1_000_000;

describe('a million-ad marketplace', () => {
  let market: Marketplace;
  let heapBefore: number;

  beforeAll(async () => {
    heapBefore = process.memoryUsage().heapUsed;
    market = await startMarketplace({ seed: 5, scale: SCALE });
  });
  afterAll(() => market?.close());

  it('serves the last ad of every site, generated on request', async () => {
    for (let index = SCALE - SITE_KEYS.length; index < SCALE; index++) {
      const { ad, truth } = market.groundTruth.ad(index);
      expect(truth.index).toBe(index);
      if (truth.needsBrowser) continue;
      const res = await fetch(truth.url, { headers: COOKIE_HEADER_FOR_TESTS });
      expect(res.status, truth.url).toBe(200);
      expect(visibleText(await res.text())).toContain(collapse(ad.text));
    }
    expect(market.groundTruth.ad(123_456)).toEqual(adAt(5, 123_456, market.groundTruth.origins));
  });

  it('paginates deep listings and city pages without holding the ads in memory', async () => {
    const directory = market.sites.find((s) => s.key === 'directory')!.baseUrl;
    const deep = await (await fetch(`${directory}/latest?page=8000`)).text();
    expect(deep).toContain('href="/ad/159980"');
    const city = await fetch(`${directory}/city/berlin?page=50`);
    expect(city.status).toBe(200);
    expect((await city.text()).match(/class="card"/g)?.length).toBe(20);
    const gated = market.sites.find((s) => s.key === 'gated')!.baseUrl;
    const index = await (await fetch(`${gated}/sitemap.xml`)).text();
    expect(index).toContain('<sitemapindex');
    expect(index).toContain(`${gated}/sitemap-33.xml`);
    const chunk = await (await fetch(`${gated}/sitemap-20.xml`)).text();
    expect(chunk.match(/<loc>/g)!.length).toBeGreaterThan(3000);
    expect(chunk).not.toContain('/members/');
    const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    expect(grownMb).toBeLessThan(300);
  });
});
