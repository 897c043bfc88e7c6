import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageSvg, renderImagePng } from '../../scripts/marketplace/images.ts';
import {
  GATE_COOKIE,
  type GeneratedAd,
  type Marketplace,
  startMarketplace,
} from '../../scripts/marketplace/index.ts';
import { COOKIE_HEADER_FOR_TESTS as COOKIE } from './gate-cookie.ts';
import { collapse, visibleText } from './visible-text.ts';

const SLOW_MS = 1200;
const LARGE_BYTES = 3 * 1024 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let market: Marketplace;
let ads: GeneratedAd[];
const base = (key: string) => market.sites.find((s) => s.key === key)!.baseUrl;
const get = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers, redirect: 'manual' });

beforeAll(async () => {
  market = await startMarketplace({ seed: 3, adsPerSite: 15, slowMs: SLOW_MS, largePageBytes: LARGE_BYTES });
  ads = [...market.groundTruth.ads()];
});
afterAll(() => market?.close());

describe('marketplace server', () => {
  it('serves six sites of different types, each on its own loopback address', async () => {
    expect(market.sites).toHaveLength(6);
    expect(new Set(market.sites.map((s) => s.host)).size).toBe(6);
    expect(new Set(market.sites.map((s) => s.type)).size).toBe(6);
    for (const site of market.sites) {
      expect(site.host).toMatch(/^127\.0\.0\.\d+$/);
      const res = await get(`${site.baseUrl}/`);
      expect(res.status, site.key).toBe(200);
      expect((await res.text()).length).toBeGreaterThan(100);
    }
  });

  it('answers every crawlable ad URL with 200 and the ad text', async () => {
    for (const { ad, truth } of ads) {
      if (truth.needsBrowser) continue;
      const res = await get(truth.url, truth.behindGate ? COOKIE : {});
      expect(res.status, truth.url).toBe(200);
      expect(visibleText(await res.text()), truth.url).toContain(collapse(ad.text));
    }
  });

  it('links every crawlable ad from its site’s home page', async () => {
    const trapPrefixes = ['/calendar/', '/go/', '/archive/', '/news', '/img/', '/members/', '/report'];
    for (const site of market.sites.filter((s) => s.key !== 'spa')) {
      const seen = new Set<string>([`${site.baseUrl}/`]);
      const queue = [`${site.baseUrl}/`];
      while (queue.length > 0 && seen.size < 2000) {
        const url = queue.shift()!;
        const html = await (await get(url, COOKIE)).text();
        for (const [, href] of html.matchAll(/href="([^"#]+)"/g)) {
          const next = new URL(href!.replace(/&amp;/g, '&'), url);
          if (next.origin !== site.baseUrl || trapPrefixes.some((p) => next.pathname.startsWith(p))) continue;
          if (!seen.has(next.href)) {
            seen.add(next.href);
            queue.push(next.href);
          }
        }
      }
      for (const { truth } of ads.filter((a) => a.truth.site === site.key && a.truth.crawlable)) {
        expect(seen.has(truth.url), truth.url).toBe(true);
      }
    }
  });

  it('keeps the ad counts of ground truth', async () => {
    const gt = market.groundTruth;
    expect(gt.sites.reduce((sum, s) => sum + s.adCount, 0)).toBe(gt.adCount);
    expect(ads).toHaveLength(gt.adCount);
    for (const { truth } of ads) expect(truth.url.startsWith(base(truth.site))).toBe(true);
  });

  it('renders the SPA only with JavaScript: the shell has no ad text, its API does', async () => {
    const spaAds = ads.filter((a) => a.truth.site === 'spa');
    expect(spaAds.length).toBeGreaterThan(0);
    for (const { ad, truth } of spaAds.slice(0, 5)) {
      const shell = await (await get(truth.url)).text();
      expect(shell).toContain('/static/app.js');
      expect(shell).not.toContain(ad.title);
      expect(shell.length).toBeLessThan(1000);
      const local = truth.url.split('/').pop();
      const api = (await (await get(`${base('spa')}/api/ads/${local}`)).json()) as {
        text: string;
        title: string;
      };
      expect(api.text).toBe(ad.text);
      expect(api.title).toBe(ad.title);
    }
    const list = (await (await get(`${base('spa')}/api/ads?page=1`)).json()) as {
      ads: unknown[];
      total: number;
    };
    expect(list.total).toBe(spaAds.length);
  });

  it('shows the age gate on every page until the gate cookie is set', async () => {
    const ad = ads.find((a) => a.truth.site === 'gated' && a.truth.crawlable)!;
    for (const url of [ad.truth.url, `${base('gated')}/terms`, `${base('gated')}/listings`]) {
      const html = await (await get(url)).text();
      expect(html).toContain('action="/enter"');
      expect(html).not.toContain(ad.ad.title);
    }
    const path = new URL(ad.truth.url).pathname;
    const enter = await fetch(`${base('gated')}/enter`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `next=${encodeURIComponent(path)}`,
      redirect: 'manual',
    });
    expect(enter.status).toBe(303);
    expect(enter.headers.get('location')).toBe(path);
    expect(enter.headers.get('set-cookie')).toContain(`${GATE_COOKIE}=1`);
    const after = await (await get(ad.truth.url, COOKIE)).text();
    expect(after).not.toContain('action="/enter"');
    expect(after).toContain('anti-trafficking');
  });

  it('disallows the members section in robots.txt and leaves it out of the sitemap', async () => {
    const robots = await (await get(`${base('gated')}/robots.txt`)).text();
    expect(robots).toMatch(/^Disallow: \/members\/$/m);
    expect(robots).toMatch(/^Crawl-delay: [\d.]+$/m);
    const sitemap = await (await get(`${base('gated')}/sitemap.xml`)).text();
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    const gatedAds = ads.filter((a) => a.truth.site === 'gated');
    expect(gatedAds.some((a) => !a.truth.crawlable)).toBe(true);
    for (const { truth } of gatedAds) {
      expect(locs.includes(truth.url), truth.url).toBe(truth.crawlable);
      expect(new URL(truth.url).pathname.startsWith('/members/')).toBe(!truth.crawlable);
    }
    const site = market.groundTruth.sites.find((s) => s.key === 'gated')!;
    expect(site.compliance.robotsTxt.disallows).toEqual(['/members/']);
    for (const url of [
      site.compliance.termsUrl,
      site.compliance.privacyUrl,
      site.compliance.reportMechanism.url,
    ]) {
      expect((await get(url!, COOKIE)).status).toBe(200);
    }
  });

  it('lists only a category’s ads on a classifieds category page', async () => {
    const furniture = ads.filter((a) => a.truth.category === 'furniture');
    const html = await (await get(`${base('classifieds')}/c/furniture`)).text();
    for (const { ad } of furniture.slice(0, 25)) expect(html).toContain(ad.title.replace(/&/g, '&amp;'));
    for (const { ad } of ads.filter((a) => a.truth.category === 'escorts'))
      expect(visibleText(html)).not.toContain(collapse(ad.title));
  });

  it('serves ad images as PNGs drawn from text only', async () => {
    const withImages = ads.filter((a) => a.truth.images.length > 0);
    expect(withImages.some((a) => a.truth.images.some((i) => i.kind === 'phone'))).toBe(true);
    for (const { truth } of withImages.slice(0, 8)) {
      for (const image of truth.images) {
        const res = await get(base(truth.site) + image.path, COOKIE);
        expect(res.headers.get('content-type')).toBe('image/png');
        const body = Buffer.from(await res.arrayBuffer());
        expect(body.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
        expect(body.equals(await renderImagePng(image.id, image.text))).toBe(true);
        const svg = imageSvg(image.id, image.text);
        expect(svg).not.toMatch(/<image|href=/);
        if (image.kind === 'phone')
          expect(truth.phones.some((p) => p.style === 'image' && p.shown === image.text)).toBe(true);
      }
    }
  });

  it('writes ground truth as JSON files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'adrisk-market-'));
    try {
      const paths = await market.writeGroundTruth(dir);
      const sites = JSON.parse(await readFile(paths.sites, 'utf8')) as { sites: unknown[] };
      expect(sites.sites).toHaveLength(6);
      const lines = (await readFile(paths.ads, 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(ads.length);
      expect(JSON.parse(lines[0]!)).toEqual(ads[0]);
      const networks = (await readFile(paths.networks, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(networks.length).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('marketplace traps', () => {
  const trap = (kind: string) =>
    market.groundTruth.sites.flatMap((s) => s.traps).find((t) => t.kind === kind)!;

  it('has an infinite calendar: every day links to a new next day', async () => {
    let url = trap('infinite_calendar').url;
    const seen = new Set<string>();
    for (let step = 0; step < 40; step++) {
      const res = await get(url);
      expect(res.status).toBe(200);
      const next = /href="([^"]+)"[^>]*>Next day/.exec(await res.text())?.[1];
      expect(next).toBeDefined();
      url = new URL(next!, url).href;
      expect(seen.has(url)).toBe(false);
      seen.add(url);
    }
  });

  it('has a redirect loop that never reaches a page', async () => {
    let url = trap('redirect_loop').url;
    const seen: string[] = [];
    for (let hop = 0; hop < 10; hop++) {
      const res = await get(url);
      expect(res.status).toBeGreaterThanOrEqual(300);
      expect(res.status).toBeLessThan(400);
      seen.push(url);
      url = new URL(res.headers.get('location')!, url).href;
    }
    expect(new Set(seen).size).toBeLessThan(seen.length);
  });

  it('has a very large page', async () => {
    const body = await (await get(trap('large_page').url)).arrayBuffer();
    expect(body.byteLength).toBeGreaterThanOrEqual(LARGE_BYTES);
  });

  it('has a slow page that is slower than the delay it promises', async () => {
    const started = performance.now();
    const res = await get(trap('slow_response').url, COOKIE);
    await res.text();
    expect(performance.now() - started).toBeGreaterThan(SLOW_MS * 0.9);
  });

  it('has malformed HTML that still carries the ad text', async () => {
    const { url } = trap('malformed_html');
    const html = await (await get(url)).text();
    expect(html).toMatch(/class="crumbs>/);
    const ad = ads.find((a) => a.truth.url === url)!;
    expect(visibleText(html)).toContain(collapse(ad.ad.text));
  });
});
