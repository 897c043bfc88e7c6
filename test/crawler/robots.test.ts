import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockedByRobotsError } from '../../crawler/errors.ts';
import { Fetcher } from '../../crawler/fetch.ts';
import { RobotsCache, RobotsUnavailableError } from '../../crawler/robots.ts';
import { parseSitemap, readSitemaps } from '../../crawler/sitemaps.ts';
import { type Loopback, startLoopback } from './loopback.ts';

let site: Loopback;
let down: Loopback;
let fetcher: Fetcher;

beforeAll(async () => {
  site = await startLoopback('127.0.0.22', (req, res) => {
    if (req.url === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(
        `User-agent: *\nDisallow: /private/\nCrawl-delay: 2\nSitemap: http://${req.headers.host}/sm-index.xml\n`,
      );
      return;
    }
    if (req.url === '/sm-index.xml') {
      res.end(
        `<sitemapindex><sitemap><loc>http://${req.headers.host}/sm-1.xml</loc></sitemap></sitemapindex>`,
      );
      return;
    }
    if (req.url === '/sm-1.xml') {
      res.end(
        `<urlset><url><loc>http://${req.headers.host}/ad/1?a=1&amp;b=2</loc></url><url><loc>http://other.test/x</loc></url></urlset>`,
      );
      return;
    }
    res.end('ok');
  });
  down = await startLoopback('127.0.0.23', (_req, res) => res.writeHead(503).end());
  fetcher = new Fetcher({
    userAgent: 'adrisk-test',
    timeoutMs: 2000,
    maxBodyBytes: 1 << 20,
    maxRedirects: 3,
    guard: { allowPrivateHosts: true },
  });
});
afterAll(async () => {
  await fetcher.close();
  await site.close();
  await down.close();
});

describe('RobotsCache', () => {
  it('blocks disallowed paths, allows the rest, and reads Crawl-delay', async () => {
    const robots = new RobotsCache({ fetcher, userAgent: 'adrisk', respect: true });
    await expect(robots.check(`${site.origin}/private/x`)).rejects.toBeInstanceOf(BlockedByRobotsError);
    await expect(robots.check(`${site.origin}/public`)).resolves.toBeUndefined();
    expect(await robots.crawlDelay(`${site.origin}/`)).toBe(2);
    const info = await robots.info(`${site.origin}/`);
    expect(info.disallows).toEqual(['/private/']);
  });

  it('fetches robots.txt once per origin', async () => {
    const before = site.requests.filter((p) => p === '/robots.txt').length;
    const robots = new RobotsCache({ fetcher, userAgent: 'adrisk', respect: true });
    await Promise.all([
      robots.check(`${site.origin}/a`),
      robots.check(`${site.origin}/b`),
      robots.check(`${site.origin}/c`),
    ]);
    expect(site.requests.filter((p) => p === '/robots.txt').length - before).toBe(1);
  });

  it('holds back an origin whose robots.txt answers 5xx', async () => {
    const robots = new RobotsCache({ fetcher, userAgent: 'adrisk', respect: true });
    await expect(robots.check(`${down.origin}/page`)).rejects.toBeInstanceOf(RobotsUnavailableError);
  });

  it('lets everything through only when explicitly overridden', async () => {
    const robots = new RobotsCache({ fetcher, userAgent: 'adrisk', respect: false });
    await expect(robots.check(`${site.origin}/private/x`)).resolves.toBeUndefined();
  });
});

describe('sitemaps', () => {
  it('parses urlsets and indexes, decoding entities', () => {
    expect(parseSitemap('<urlset><url><loc> http://a.test/?x=1&amp;y=2 </loc></url></urlset>')).toEqual({
      kind: 'urlset',
      locs: ['http://a.test/?x=1&y=2'],
    });
    expect(
      parseSitemap('<sitemapindex><sitemap><loc>http://a.test/s.xml</loc></sitemap></sitemapindex>').kind,
    ).toBe('index');
  });

  it('follows the sitemap named in robots.txt through its index, keeping same-host URLs', async () => {
    const robots = new RobotsCache({ fetcher, userAgent: 'adrisk', respect: true });
    const urls = await readSitemaps(`${site.origin}/`, {
      robots,
      fetch: (url, request) => fetcher.fetch({ url, ...request, beforeHop: (hop) => robots.check(hop) }),
    });
    expect(urls).toEqual([`${site.origin}/ad/1?a=1&b=2`]);
  });
});
