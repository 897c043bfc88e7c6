import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Marketplace, startMarketplace } from '../../scripts/marketplace/index.ts';
import { CHROMIUM_PATH, launchChromium } from '../support/browser.ts';
import { collapse } from './visible-text.ts';

describe.skipIf(!existsSync(CHROMIUM_PATH))('single-page app site in a real browser', () => {
  let market: Marketplace;
  let browser: Browser;

  beforeAll(async () => {
    market = await startMarketplace({ seed: 11, adsPerSite: 30 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await market?.close();
  });

  it('renders the listing and the ad text with JavaScript', async () => {
    const spa = market.sites.find((s) => s.key === 'spa')!;
    const spaAds = [...market.groundTruth.ads()].filter((a) => a.truth.site === 'spa');
    const page = await browser.newPage();
    try {
      await page.goto(`${spa.baseUrl}/`);
      await page.waitForSelector('a.rv-link');
      const links = await page.$$eval('a.rv-link', (as) => as.map((a) => (a as HTMLAnchorElement).href));
      expect(links).toHaveLength(24);
      expect(await page.$('a[rel="next"]')).not.toBeNull();

      const ad = spaAds[3]!;
      await page.goto(ad.truth.url);
      await page.waitForSelector('.ad-text');
      const text = await page.$eval('.ad-text', (el) => el.textContent ?? '');
      expect(collapse(text)).toBe(collapse(ad.ad.text));
      expect(await page.$eval('html', (el) => el.lang)).toBe(ad.truth.language);
    } finally {
      await page.close();
    }
  });
});
