// The review app in real Chromium: a reviewer's whole round (log in, queue, ad, decision, audit),
// hostile ad content rendering inert, researchers never seeing a phone number, refusals.
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../review/index.ts';
import { type AdDoc, COLLECTIONS } from '../../storage/index.ts';
import { launchChromium } from '../support/browser.ts';
import { openTempStore, type TempStore } from '../support/temp-store.ts';
import { containsPhone, PASSWORD, type Seeded, seedReview, XSS_TITLE } from './seed.ts';

const config = { privacy: { pseudonymKey: 'test-key-0123456789abcdef', retentionDays: 180 } };

let store: TempStore;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let seeded: Seeded;

beforeAll(async () => {
  store = await openTempStore('adrisk-review-browser-');
  seeded = await seedReview(store.db);
  app = await buildApp({ db: store.db, config, loginRateLimit: { max: 100, timeWindowMs: 60_000 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.destroy();
});

interface Tab {
  context: BrowserContext;
  page: Page;
  dialogs: string[];
}

async function loggedIn(user: string): Promise<Tab> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto(`${base}/`);
  expect(page.url()).toBe(`${base}/login`);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
  return { context, page, dialogs };
}

describe('review app in Chromium', () => {
  it('lets an analyst work the queue, open an ad, decide, and an admin see the audit entry', async () => {
    const { context, page } = await loggedIn('ana');
    const rows = page.locator('table.queue tbody tr');
    expect(await rows.count()).toBe(6);
    expect(await rows.first().textContent()).toContain('urgent: possible minor');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: '/tmp/review-queue.png', fullPage: true });

    await Promise.all([
      page.waitForURL(`${base}/ads/${seeded.ids.high}`),
      page.click(`a[href="/ads/${seeded.ids.high}"]`),
    ]);
    expect(await page.locator('mark').first().textContent()).toBe('My girls');
    expect(await page.locator('img').count()).toBe(0);
    // Images load only when asked for.
    await page.locator('button.reveal').first().click();
    const img = page.locator('img.revealed');
    await img.waitFor();
    expect(
      await img.evaluate(
        (el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0,
      ),
    ).toBe(true);
    await page.screenshot({ path: '/tmp/review-ad.png', fullPage: true });

    await page.check('input[name=decision][value=confirmed]');
    await page.fill('textarea[name=comment]', 'third-party wording and shared phone');
    await Promise.all([page.waitForURL(`${base}/`), page.click('form.decide button[type=submit]')]);
    const row = page.locator('table.queue tbody tr', {
      has: page.locator(`a[href="/ads/${seeded.ids.high}"]`),
    });
    expect(await row.locator('td.status-confirmed').textContent()).toBe('confirmed');
    await context.close();

    const adminTab = await loggedIn('ada');
    await adminTab.page.goto(`${base}/admin/audit?action=decide`);
    const entry = adminTab.page.locator('table.audit tbody tr').first();
    const cells = await entry.locator('td').allTextContents();
    expect(cells.slice(1, 4)).toEqual(['ana', 'decide', seeded.ids.high]);
    await adminTab.context.close();
  });

  it('renders an ad whose title, name, URL and text carry script and HTML payloads inert', async () => {
    const tab = await loggedIn('ana');
    const { page, dialogs } = tab;
    for (const url of [`${base}/`, `${base}/ads/${seeded.ids.xss}`]) {
      await page.goto(url);
      await page.waitForLoadState('load');
      expect(
        await page.locator('#injected-text, #injected-name, #injected-url, iframe, svg[onload]').count(),
        url,
      ).toBe(0);
      expect(
        await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
        url,
      ).toBeUndefined();
      expect(await page.locator('img').count(), url).toBe(0);
    }
    expect(await page.locator('h1').textContent()).toBe(XSS_TITLE);
    expect(await page.locator('.ad-text').textContent()).toContain('<b id="injected-text">bold</b>');
    // The evidence snippet is highlighted as text, not as markup.
    expect(await page.locator('.ad-text mark').allTextContents()).toEqual(
      expect.arrayContaining(['new in town', '<b id="injected-text">']),
    );
    expect(dialogs).toEqual([]);
    await tab.context.close();
  });

  it('never shows a researcher a phone number, on any page', async () => {
    const { context, page } = await loggedIn('rex');
    for (const url of [
      '/',
      `/ads/${seeded.ids.high}`,
      `/ads/${seeded.ids.medium}`,
      `/networks/${seeded.networkId}`,
      '/api/queue',
      `/api/ads/${seeded.ids.high}`,
    ]) {
      const res = await page.goto(`${base}${url}`);
      expect(res?.status(), url).toBe(200);
      expect(containsPhone(await page.content()), url).toBe(false);
      expect(containsPhone((await page.locator('body').textContent()) ?? ''), url).toBe(false);
    }
    await page.goto(`${base}/ads/${seeded.ids.high}`);
    await page.screenshot({ path: '/tmp/review-ad-researcher.png', fullPage: true });
    const csv = await page.request.get(`${base}/export/queue.csv`);
    expect(containsPhone(await csv.text())).toBe(false);
    expect(await page.locator('form.decide').count()).toBe(0);
    await context.close();
  });

  it('refuses requests without a CSRF token or a session, and query operators', async () => {
    const { context, page } = await loggedIn('ana');
    const noToken = await page.request.post(`${base}/ads/${seeded.ids.low}/decisions`, {
      form: { decision: 'confirmed' },
    });
    expect(noToken.status()).toBe(403);
    const anonymous = await browser.newContext();
    const noSession = await anonymous.request.post(`${base}/ads/${seeded.ids.low}/decisions`, {
      form: { decision: 'confirmed', _csrf: 'anything' },
    });
    expect(noSession.status()).toBe(401);
    expect((await anonymous.request.get(`${base}/api/queue`)).status()).toBe(401);
    await anonymous.close();
    const ad = await store.db.collection<AdDoc>(COLLECTIONS.ads).findOne({ _id: seeded.ids.low });
    expect(ad?.reviewStatus).toBeUndefined();
    for (const qs of ['site[$ne]=x', 'site={"$ne":1}', 'city[$gt]=', 'risk[$gt]=0']) {
      const res = await page.goto(`${base}/?${qs}`);
      expect(res?.status(), qs).toBe(400);
    }
    await context.close();
  });
});
