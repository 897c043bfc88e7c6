// The slow path: Chromium via playwright-core, for pages whose content needs JavaScript and for
// click-through age gates. A bounded number of browser contexts run at once; every request the
// page makes passes the address guard and robots.txt, requests to other hosts and heavy media are
// refused, and a gate is passed the way a user passes it: by clicking its confirm control.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { assertSafeUrl, type GuardOptions } from './address-guard.ts';
import { FatalCrawlError, TimeoutError } from './errors.ts';
import type { RobotsCache } from './robots.ts';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Browser contexts open at once. @default 2 */
export const DEFAULT_RENDER_CONTEXTS = 2;
/** After load, how long to wait for the network to go quiet (scripts fetching the ads). */
const NETWORK_IDLE_MS = 5_000;
const VIEWPORT = { width: 1280, height: 900 };
const BLOCKED_RESOURCES = new Set(['image', 'media', 'font']);

/** Text of a control that confirms age or enters the site, in the languages we meet most. */
const GATE_CONFIRM =
  /\b(i am (over )?18|i'm (over )?18|over 18|18\+|enter|yes|confirm|agree|accept|continue|proceed|ich bin|eintreten|entrer|j'ai 18|sono maggiorenne|entrar|tengo 18|wejd)/i;
const GATE_DECLINE = /\b(leave|exit|no\b|under 18|not 18|cancel|verlassen|quitter)/i;
/** The page talks about age or adult content: only then is a confirm control a gate. */
const GATE_CONTEXT = /\b(18|adult|age|alter|âge|età|edad|wiek)\b/i;

export interface RendererOptions {
  chromiumPath: string;
  userAgent: string;
  guard: GuardOptions;
  robots: RobotsCache;
  timeoutMs: number;
  maxBodyBytes: number;
  contexts?: number;
}

export interface RenderRequest {
  url: string;
  passAgeGate: boolean;
  /** Cookie header to start with (a gate passed earlier). */
  cookies?: string;
  screenshot: boolean;
}

export interface RenderResult {
  url: string;
  status: number;
  headers: Record<string, string>;
  html: string;
  screenshot?: Buffer;
  /** Set when an age gate was passed on this visit. */
  ageGate?: { url: string; control: string };
  /** Cookie header the site set for its host (to reuse on the fast path). */
  cookies: string;
  fetchedAt: Date;
  elapsedMs: number;
}

export class Renderer {
  private browser: Promise<Browser> | undefined;
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly limit: number;

  constructor(private readonly options: RendererOptions) {
    this.limit = options.contexts ?? DEFAULT_RENDER_CONTEXTS;
  }

  private launch(): Promise<Browser> {
    this.browser ??= chromium
      .launch({ executablePath: this.options.chromiumPath, args: CHROMIUM_ARGS })
      .catch((error: unknown) => {
        this.browser = undefined;
        throw new FatalCrawlError(
          'browser_unavailable',
          `cannot start Chromium at ${this.options.chromiumPath}`,
          {
            cause: error,
          },
        );
      });
    return this.browser;
  }

  private async slot(): Promise<() => void> {
    while (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    return () => {
      this.active--;
      this.waiting.shift()?.();
    };
  }

  async render(req: RenderRequest): Promise<RenderResult> {
    const done = await this.slot();
    const started = Date.now();
    let context: BrowserContext | undefined;
    try {
      const browser = await this.launch();
      context = await browser.newContext({
        userAgent: this.options.userAgent,
        viewport: VIEWPORT,
        javaScriptEnabled: true,
        serviceWorkers: 'block',
        acceptDownloads: false,
      });
      const origin = new URL(req.url).origin;
      if (req.cookies) await context.addCookies(parseCookieHeader(req.cookies, origin));
      await context.route('**/*', async (route) => {
        const request = route.request();
        const target = request.url();
        try {
          if (target.startsWith('data:') || target.startsWith('blob:')) return await route.continue();
          if (new URL(target).origin !== origin) return await route.abort('blockedbyclient');
          if (BLOCKED_RESOURCES.has(request.resourceType())) return await route.abort('blockedbyclient');
          await assertSafeUrl(target, this.options.guard);
          await this.options.robots.check(target);
          await route.continue();
        } catch {
          await route.abort('blockedbyclient').catch(() => {});
        }
      });
      const page = await context.newPage();
      page.setDefaultTimeout(this.options.timeoutMs);
      const response = await page.goto(req.url, {
        waitUntil: 'domcontentloaded',
        timeout: this.options.timeoutMs,
      });
      await page.waitForLoadState('networkidle', { timeout: NETWORK_IDLE_MS }).catch(() => {});
      let ageGate: RenderResult['ageGate'];
      if (req.passAgeGate) {
        const control = await passAgeGate(page);
        if (control) {
          ageGate = { url: page.url(), control };
          // Some gates reload to a new URL, others reveal content in place; either way what is
          // shown once the network is quiet is what the user would see.
          await page.waitForLoadState('networkidle', { timeout: NETWORK_IDLE_MS }).catch(() => {});
        }
      }
      let html = await page.content();
      if (html.length > this.options.maxBodyBytes) html = html.slice(0, this.options.maxBodyBytes);
      const screenshot = req.screenshot
        ? await page.screenshot({ type: 'png', fullPage: false }).catch(() => undefined)
        : undefined;
      const cookies = (await context.cookies(origin)).map((c) => `${c.name}=${c.value}`).join('; ');
      return {
        url: page.url(),
        status: response?.status() ?? 200,
        headers: response ? await response.allHeaders().catch(() => ({})) : {},
        html,
        ...(screenshot ? { screenshot } : {}),
        ...(ageGate ? { ageGate } : {}),
        cookies,
        fetchedAt: new Date(started),
        elapsedMs: Date.now() - started,
      };
    } catch (error) {
      if (error instanceof FatalCrawlError) throw error;
      if ((error as Error)?.name === 'TimeoutError') throw new TimeoutError(req.url, 'render', error);
      throw error;
    } finally {
      await context?.close().catch(() => {});
      done();
    }
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close().catch(() => {});
  }
}

/**
 * Finds the control a user would press to confirm their age and presses it. Returns its text, or
 * undefined when the page shows no such gate.
 */
export async function passAgeGate(page: Page): Promise<string | undefined> {
  // Playwright's innerText (not the DOM property): the text a user sees, which is what a gate shows.
  const visibleText = (locator: ReturnType<Page['locator']>) => locator.innerText().catch(() => '');
  const bodyText = (await visibleText(page.locator('body'))).slice(0, 20_000);
  if (!GATE_CONTEXT.test(bodyText)) return undefined;
  const controls = page.locator('button, a, input[type=submit], input[type=button], [role=button]');
  const count = Math.min(await controls.count(), 200);
  for (let i = 0; i < count; i++) {
    const control = controls.nth(i);
    const text = ((await visibleText(control)) || (await control.getAttribute('value')) || '').trim();
    if (!text || text.length > 80 || !GATE_CONFIRM.test(text) || GATE_DECLINE.test(text)) continue;
    if (!(await control.isVisible().catch(() => false))) continue;
    await Promise.all([
      page.waitForNavigation({ timeout: NETWORK_IDLE_MS }).catch(() => {}),
      control.click({ timeout: NETWORK_IDLE_MS }),
    ]);
    return text;
  }
  return undefined;
}

function parseCookieHeader(
  header: string,
  origin: string,
): Array<{ name: string; value: string; url: string }> {
  return header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.includes('='))
    .map((part) => {
      const index = part.indexOf('=');
      return { name: part.slice(0, index), value: part.slice(index + 1), url: origin };
    });
}
