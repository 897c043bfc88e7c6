// The slow path: Chromium via playwright-core, for pages whose content needs JavaScript and for
// click-through age gates. A bounded pool of browser contexts (one page each, reused for visits of
// the same origin); a visit waits for the page to settle, not for fixed timeouts; every request
// the page makes passes the address guard and robots.txt, requests to other hosts and heavy media
// are refused, and a gate is passed the way a user passes it: by clicking its confirm control.
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
/**
 * After load, the longest wait for the page to settle (scripts fetching and drawing the ads);
 * a page that keeps polling is taken as it stands then.
 */
const SETTLE_MAX_MS = 5_000;
/**
 * The page has settled once no request of it was in flight and its DOM did not change for this
 * long. Playwright's `networkidle` waits 500 ms of silence on every page; the scripts of an ad
 * page draw what they fetched within a few milliseconds of the response.
 */
const SETTLE_QUIET_MS = 150;
/** How often the settle wait looks at the page's requests. */
const SETTLE_POLL_MS = 25;
/** Longest wait for a click on a gate's control to navigate. */
const GATE_CLICK_MS = 5_000;
/** Controls of a page looked at for an age gate's confirm button. */
const MAX_GATE_CONTROLS = 200;
const VIEWPORT = { width: 1280, height: 900 };
/** Not needed to read an ad (its text, links, contacts); image URLs stay in the HTML. */
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

/**
 * One browser context with its one page, kept for the visits of one origin: the site sees one
 * browsing session (as a user's), and a visit costs a navigation, not a new context and page.
 */
interface Tab {
  context: BrowserContext;
  page: Page;
  origin: string;
  /** Requests of the page in flight, and when the last one started or ended. */
  inFlight: number;
  lastNetworkAt: number;
}

export class Renderer {
  private browser: Promise<Browser> | undefined;
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly limit: number;
  /** Idle tabs, most recently used last; at most `limit` tabs exist at once. */
  private readonly idle: Tab[] = [];

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

  /** An idle tab of the origin, else a new one (closing the least recently used idle tab). */
  private async tabFor(origin: string): Promise<Tab> {
    const index = this.idle.findLastIndex((tab) => tab.origin === origin);
    if (index >= 0) return this.idle.splice(index, 1)[0]!;
    // Slots bound the tabs in use; idle tabs of other origins give way to this one.
    if (this.idle.length + this.active > this.limit)
      await this.idle
        .shift()
        ?.context.close()
        .catch(() => {});
    const browser = await this.launch();
    const context = await browser.newContext({
      userAgent: this.options.userAgent,
      viewport: VIEWPORT,
      javaScriptEnabled: true,
      serviceWorkers: 'block',
      acceptDownloads: false,
    });
    const page = await context.newPage();
    const tab: Tab = { context, page, origin, inFlight: 0, lastNetworkAt: Date.now() };
    await context.route('**/*', async (route) => {
      const request = route.request();
      const target = request.url();
      try {
        if (target.startsWith('data:') || target.startsWith('blob:')) return await route.continue();
        if (new URL(target).origin !== tab.origin) return await route.abort('blockedbyclient');
        if (BLOCKED_RESOURCES.has(request.resourceType())) return await route.abort('blockedbyclient');
        await assertSafeUrl(target, this.options.guard);
        await this.options.robots.check(target);
        await route.continue();
      } catch {
        await route.abort('blockedbyclient').catch(() => {});
      }
    });
    const started = () => {
      tab.inFlight++;
      tab.lastNetworkAt = Date.now();
    };
    const ended = () => {
      tab.inFlight = Math.max(0, tab.inFlight - 1);
      tab.lastNetworkAt = Date.now();
    };
    page.on('request', started);
    page.on('requestfinished', ended);
    page.on('requestfailed', ended);
    return tab;
  }

  async render(req: RenderRequest): Promise<RenderResult> {
    const done = await this.slot();
    const started = Date.now();
    let tab: Tab | undefined;
    let reusable = false;
    try {
      const origin = new URL(req.url).origin;
      tab = await this.tabFor(origin);
      const { context, page } = tab;
      if (req.cookies) await context.addCookies(parseCookieHeader(req.cookies, origin));
      page.setDefaultTimeout(this.options.timeoutMs);
      tab.inFlight = 0;
      const response = await page.goto(req.url, { waitUntil: 'load', timeout: this.options.timeoutMs });
      await settle(page, tab);
      let ageGate: RenderResult['ageGate'];
      if (req.passAgeGate) {
        const control = await passAgeGate(page);
        if (control) {
          ageGate = { url: page.url(), control };
          // Some gates reload to a new URL, others reveal content in place; either way what is
          // shown once the page has settled is what the user would see.
          await settle(page, tab);
        }
      }
      let html = await page.content();
      if (html.length > this.options.maxBodyBytes) html = html.slice(0, this.options.maxBodyBytes);
      const screenshot = req.screenshot
        ? await page.screenshot({ type: 'png', fullPage: false }).catch(() => undefined)
        : undefined;
      const cookies = (await context.cookies(origin)).map((c) => `${c.name}=${c.value}`).join('; ');
      const result = {
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
      reusable = true;
      return result;
    } catch (error) {
      if (error instanceof FatalCrawlError) throw error;
      if ((error as Error)?.name === 'TimeoutError') throw new TimeoutError(req.url, 'render', error);
      throw error;
    } finally {
      // A tab whose visit failed (timeout, crash) is not trusted again.
      if (tab && reusable && !tab.page.isClosed()) this.idle.push(tab);
      else await tab?.context.close().catch(() => {});
      done();
    }
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    for (const tab of this.idle.splice(0)) await tab.context.close().catch(() => {});
    if (browser) await (await browser.catch(() => undefined))?.close().catch(() => {});
  }
}

/**
 * Waits until the page has settled: no DOM change for SETTLE_QUIET_MS and no request in flight or
 * ended within that time, at most SETTLE_MAX_MS (never an error: the page is then taken as it
 * stands). The DOM is watched first: a script draws what it fetched after the response, so a
 * quiet DOM usually means a quiet network too, and the page settles SETTLE_QUIET_MS after it
 * last changed.
 */
async function settle(page: Page, tab: Tab): Promise<void> {
  const deadline = Date.now() + SETTLE_MAX_MS;
  const networkQuiet = () => tab.inFlight === 0 && Date.now() - tab.lastNetworkAt >= SETTLE_QUIET_MS;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) return;
    const domQuiet = await page
      .evaluate(
        ({ quietMs, maxMs }) =>
          new Promise<boolean>((resolve) => {
            let timer = setTimeout(() => finish(true), quietMs);
            const observer = new MutationObserver(() => {
              clearTimeout(timer);
              timer = setTimeout(() => finish(true), quietMs);
            });
            const limit = setTimeout(() => finish(false), maxMs);
            function finish(value: boolean) {
              observer.disconnect();
              clearTimeout(timer);
              clearTimeout(limit);
              resolve(value);
            }
            observer.observe(document, {
              subtree: true,
              childList: true,
              attributes: true,
              characterData: true,
            });
          }),
        { quietMs: SETTLE_QUIET_MS, maxMs: left },
      )
      // A navigation (a gate's reload) destroys the context the wait ran in: look again.
      .catch(() => true);
    if (!domQuiet || networkQuiet()) return;
    // Requests still running (or just ended): wait for the network, then for the DOM again.
    while (Date.now() < deadline && !networkQuiet()) {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    }
  }
}

/**
 * Finds the control a user would press to confirm their age and presses it. Returns its text, or
 * undefined when the page shows no such gate. The page is read in one evaluation (the text a user
 * sees, as innerText gives it); the control is then clicked the way a user clicks it.
 */
export async function passAgeGate(page: Page): Promise<string | undefined> {
  const found = await page
    .evaluate(
      ({ selector, max, context, confirm, decline }) => {
        const contextRe = new RegExp(context, 'i');
        const confirmRe = new RegExp(confirm, 'i');
        const declineRe = new RegExp(decline, 'i');
        if (!contextRe.test((document.body?.innerText ?? '').slice(0, 20_000))) return undefined;
        const controls = Array.from(document.querySelectorAll<HTMLElement>(selector)).slice(0, max);
        for (let i = 0; i < controls.length; i++) {
          const control = controls[i]!;
          const text = (control.innerText || (control as HTMLInputElement).value || '').trim();
          if (!text || text.length > 80 || !confirmRe.test(text) || declineRe.test(text)) continue;
          const box = control.getBoundingClientRect();
          const style = getComputedStyle(control);
          if (
            box.width === 0 ||
            box.height === 0 ||
            style.visibility === 'hidden' ||
            style.display === 'none'
          )
            continue;
          return { index: i, text };
        }
        return undefined;
      },
      {
        selector: GATE_CONTROLS,
        max: MAX_GATE_CONTROLS,
        context: GATE_CONTEXT.source,
        confirm: GATE_CONFIRM.source,
        decline: GATE_DECLINE.source,
      },
    )
    .catch(() => undefined);
  if (!found) return undefined;
  const control = page.locator(GATE_CONTROLS).nth(found.index);
  await Promise.all([
    page.waitForNavigation({ timeout: GATE_CLICK_MS }).catch(() => {}),
    control.click({ timeout: GATE_CLICK_MS }),
  ]);
  return found.text;
}

const GATE_CONTROLS = 'button, a, input[type=submit], input[type=button], [role=button]';

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
