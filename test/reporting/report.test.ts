import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../storage/index.ts';
import { launchChromium } from '../support/browser.ts';
import { runCli } from '../support/run-cli.ts';
import { openTempStore, type TempStore } from '../support/temp-store.ts';
import { seedReportingData } from './seed.ts';

let store: TempStore;
let browser: Browser;
let reportPath: string;

beforeAll(async () => {
  store = await openTempStore();
  await seedReportingData(store.db);
  // A hostile site name must come out as text.
  await store.db.collection(COLLECTIONS.sites).updateOne({ _id: 'ads.example.test' } as never, {
    $set: { type: 'classifieds', country: '<img src=x onerror=alert(1)>' },
  });
  reportPath = join(store.dataDir, 'report.html');
  const run = await runCli(['report', '--out', reportPath, '--db', store.uri]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await store?.destroy();
});

describe('adrisk report', () => {
  it('is one self-contained file whose figures match the stored data', async () => {
    const html = await readFile(reportPath, 'utf8');
    expect(html).not.toMatch(/<script|<link|<img|src="|url\(/i);
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    let dialogs = 0;
    page.on('dialog', async (d) => {
      dialogs++;
      await d.dismiss();
    });
    await page.goto(`file://${reportPath}`);
    const cards = Object.fromEntries(
      await page.$$eval('.card', (els) =>
        els.map((el) => [el.childNodes[1]?.textContent ?? '', Number(el.querySelector('b')?.textContent)]),
      ),
    );
    expect(cards['sites mapped']).toBe(await store.db.collection(COLLECTIONS.sites).countDocuments());
    expect(cards['ads found']).toBe(await store.db.collection(COLLECTIONS.ads).countDocuments());
    expect(cards['high risk']).toBe(
      await store.db.collection(COLLECTIONS.ads).countDocuments({ level: 'high' }),
    );
    expect(cards['networks on several sites']).toBe(1);
    expect(cards['ads taken down']).toBe(1);
    // One compliance row per site, each with its observed signals.
    const rows = await page.$$eval('table tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(
      rows.filter((r) => r.startsWith('dir.example.test') || r.startsWith('ads.example.test')),
    ).toHaveLength(2);
    expect(rows.some((r) => r.includes('no indicators observed'))).toBe(true);
    expect(await page.locator('svg.chart').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toBe(0);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    expect(await page.textContent('body')).toContain('lex-test');
    await page.screenshot({ path: '/tmp/adrisk-report.png', fullPage: false });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });
});
