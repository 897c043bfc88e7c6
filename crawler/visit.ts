// One URL of the frontier, start to end: robots.txt, host clock, fetch (and Chromium when the page
// needs it or hides behind an age gate), page analysis, evidence, ads, new links. Failures are
// thrown typed and turned into frontier transitions by the run loop (crawl.ts).
import { hostname } from 'node:os';
import type {
  AdImage,
  AdRepository,
  CandidateRepository,
  CrawledAd,
  CrawlStats,
  EvidenceRef,
  FrontierDoc,
  HostDoc,
  HostRepository,
  PageDoc,
  PageRepository,
  SnapshotDoc,
} from '../storage/index.ts';
import { crawledAdId } from '../storage/index.ts';
import { captureEvidence, downloadAdImages, MAX_IMAGE_BYTES } from './evidence.ts';
import { assertOk, decodeBody, type Fetcher, type FetchResult } from './fetch.ts';
import type { EnqueueRequest, Frontier } from './frontier.ts';
import type { CrawlOptions } from './options.ts';
import type { Politeness } from './politeness.ts';
import type { Renderer, RenderResult } from './render.ts';
import type { RobotsCache } from './robots.ts';
import { recordCandidates } from './site-discovery.ts';
import { readSitemaps } from './sitemaps.ts';
import type { FetchedPage, PageAnalysis } from './types.ts';
import { canonicalizeAdUrl, hostOf } from './url.ts';

export type AnalyzePage = (page: FetchedPage, site: { host: string; baseUrl: string }) => PageAnalysis;

/** External links (and their anchors) kept per page record. */
const MAX_PAGE_EXTERNAL_LINKS = 200;
/** Anchor text kept per external link: enough for the discovery classifier's reasons. */
const MAX_ANCHOR_TEXT = 160;

function boundAnchor(anchor: { url: string; anchorText: string }): { url: string; anchorText: string } {
  return { url: anchor.url, anchorText: anchor.anchorText.slice(0, MAX_ANCHOR_TEXT) };
}

/** Host records cached per worker (cookies, browser need, country). */
const HOST_CACHE_SIZE = 10_000;
const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)|^$/i;
/**
 * Inline wait for a host's clock for requests that belong to a page already being processed
 * (its sitemaps, images, the browser pass): handing those back would waste the work done.
 */
const FOLLOW_UP_WAIT_MS = 30_000;

export interface VisitContext {
  options: CrawlOptions;
  runId: string;
  owner: string;
  frontier: Frontier;
  hosts: HostRepository;
  pages: PageRepository;
  ads: AdRepository;
  candidates: CandidateRepository;
  /** Discovery hops of hosts this worker linked from (0: a seed site). */
  candidateHops: Map<string, number>;
  /** Sightings of candidate hosts this worker recorded (beyond the stored bound, none are sent). */
  candidateSightings: Map<string, number>;
  fetcher: Fetcher;
  robots: RobotsCache;
  politeness: Politeness;
  renderer: Renderer | undefined;
  analyze: AnalyzePage;
  stats: CrawlStats;
  /** Hosts this worker fetched pages from in this run. */
  hostsSeen: Set<string>;
  signal: AbortSignal;
  hostCache: Map<string, Pick<HostDoc, 'cookies' | 'needsBrowser' | 'country' | 'ageGate'>>;
  /** Hosts whose sitemaps claim this worker already tried in this run. */
  sitemapsClaimed: Set<string>;
  /** Hosts whose age gate a visit of this worker is passing right now. */
  gatePasses: Map<string, Promise<void>>;
  log: { debug: (obj: object, msg: string) => void; info: (obj: object, msg: string) => void };
}

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

async function hostRecord(ctx: VisitContext, host: string) {
  let cached = ctx.hostCache.get(host);
  if (!cached) {
    const doc = await ctx.hosts.get(host);
    cached = {
      ...(doc?.cookies ? { cookies: doc.cookies } : {}),
      ...(doc?.needsBrowser ? { needsBrowser: true } : {}),
      ...(doc?.country ? { country: doc.country } : {}),
      ...(doc?.ageGate ? { ageGate: doc.ageGate } : {}),
    };
    // Another visit may have filled the cache while this one waited: share its object, so what
    // one visit learns (gate cookies) is seen by all.
    const raced = ctx.hostCache.get(host);
    if (raced) return raced;
    ctx.hostCache.set(host, cached);
    if (ctx.hostCache.size > HOST_CACHE_SIZE) ctx.hostCache.delete(ctx.hostCache.keys().next().value!);
  }
  return cached;
}

/** Reads a host's sitemaps once per run (one worker wins the claim) and queues what they list. */
async function discoverFromSitemaps(ctx: VisitContext, doc: FrontierDoc): Promise<void> {
  // After this worker's first claim for a host (won or lost) every later one would lose: skip the
  // two round trips the claim costs on each of the host's pages.
  if (ctx.sitemapsClaimed.has(doc.host)) return;
  ctx.sitemapsClaimed.add(doc.host);
  if (ctx.sitemapsClaimed.size > HOST_CACHE_SIZE)
    ctx.sitemapsClaimed.delete(ctx.sitemapsClaimed.values().next().value!);
  if (!(await ctx.hosts.claimSitemaps(doc.host, ctx.runId))) return;
  const urls = await readSitemaps(doc.url, {
    robots: ctx.robots,
    fetch: (url, request) => politeGet(ctx, url, { ...request, patient: true }),
  });
  if (urls.length === 0) return;
  const depth = Math.min(doc.depth + 1, ctx.options.maxDepth);
  ctx.stats.enqueued += await ctx.frontier.enqueue(
    urls.map((url) => ({ url, depth, via: 'sitemap' as const, discoveredFrom: 'sitemap' })),
  );
}

/** A polite single GET: the host's clock first, robots.txt on every redirect hop. */
export async function politeGet(
  ctx: VisitContext,
  url: string,
  extra: { cookies?: string; maxBodyBytes?: number; accept?: string; patient?: boolean } = {},
): Promise<FetchResult> {
  const slot = await ctx.politeness.acquire(url, ctx.signal, extra.patient ? FOLLOW_UP_WAIT_MS : undefined);
  try {
    const result = await ctx.fetcher.fetch({
      url,
      ...(extra.cookies ? { headers: { cookie: extra.cookies } } : {}),
      ...(extra.maxBodyBytes ? { maxBodyBytes: extra.maxBodyBytes } : {}),
      ...(extra.accept ? { accept: extra.accept } : {}),
      beforeHop: (hop) => ctx.robots.check(hop),
    });
    if (slot.wasRefusing && result.status < 400) await ctx.politeness.recovered(slot.host);
    ctx.stats.bytes += result.body.length;
    return result;
  } finally {
    await slot.release();
  }
}

async function politeRender(
  ctx: VisitContext,
  url: string,
  cookies: string | undefined,
  patient: boolean,
): Promise<RenderResult> {
  const slot = await ctx.politeness.acquire(url, ctx.signal, patient ? FOLLOW_UP_WAIT_MS : undefined);
  try {
    return await ctx.renderer!.render({
      url,
      passAgeGate: true,
      screenshot: true,
      ...(cookies ? { cookies } : {}),
    });
  } finally {
    await slot.release();
  }
}

/** The outcome the run loop records: the HTTP status, when there was one. */
export interface VisitOutcome {
  status: number;
  /**
   * What the run loop writes, a batch of URLs at a time, before it marks the URL done: the ads
   * found, the page record and the links to queue. A URL is done only once all three are stored.
   */
  ads?: CrawledAd[];
  page?: PageDoc;
  /** The page's evidence snapshot, written before the ads that refer to it. */
  snapshot?: SnapshotDoc;
  links?: EnqueueRequest[];
}

export async function visit(ctx: VisitContext, doc: FrontierDoc): Promise<VisitOutcome> {
  await ctx.robots.check(doc.url);
  await discoverFromSitemaps(ctx, doc);
  const record = await hostRecord(ctx, doc.host);
  const mode = ctx.options.render;
  const canRender = mode !== 'never' && ctx.renderer !== undefined;

  let page: FetchedPage;
  let body: Buffer;
  let rendered: RenderResult | undefined;
  let truncated = false;
  let fetchedAt: Date;
  let analysis: PageAnalysis;
  const renderFirst = canRender && (mode === 'always' || record.needsBrowser === true);

  if (!renderFirst) {
    let cookiesUsed = record.cookies;
    let fetched = await fetchStatic(ctx, doc.url, cookiesUsed);
    ctx.stats.pages++;
    ctx.hostsSeen.add(doc.host);
    if (!fetched) return { status: 200 };
    analysis = ctx.analyze(fetched.page, siteOf(fetched.page.url));
    if (canRender && analysis.role === 'gate') {
      // One visit per host passes a gate; visits that met it meanwhile wait, then fetch again
      // with the cookies it earned instead of each clicking through in a browser.
      await ctx.gatePasses.get(doc.host);
      if (record.cookies && record.cookies !== cookiesUsed) {
        cookiesUsed = record.cookies;
        fetched = (await fetchStatic(ctx, doc.url, cookiesUsed, true)) ?? fetched;
        analysis = ctx.analyze(fetched.page, siteOf(fetched.page.url));
      }
    }
    ({ page, body, truncated, fetchedAt } = fetched);
    // The analysis decides (app shell, site profile, gate); the engine only acts on it.
    if (canRender && analysis.role === 'gate') {
      const passing = politeRender(ctx, doc.url, cookiesUsed, true).then((result) => {
        // Before anyone waiting on this pass resumes: they fetch again with these cookies.
        if (result.cookies) record.cookies = result.cookies;
        return result;
      });
      ctx.gatePasses.set(
        doc.host,
        passing.then(
          () => {},
          () => {},
        ),
      );
      try {
        rendered = await passing;
      } finally {
        ctx.gatePasses.delete(doc.host);
      }
    } else if (canRender && analysis.needsBrowser) {
      rendered = await politeRender(ctx, doc.url, cookiesUsed, true);
    }
  } else {
    rendered = await politeRender(ctx, doc.url, record.cookies, false);
    ctx.stats.pages++;
    ctx.hostsSeen.add(doc.host);
    body = Buffer.alloc(0);
    fetchedAt = new Date();
    page = undefined as never;
    analysis = undefined as never;
  }

  if (rendered) {
    ctx.stats.rendered++;
    if (rendered.status === 429 || rendered.status === 503 || rendered.status >= 400) {
      assertOk({ ...blankResult(rendered.url), status: rendered.status, headers: rendered.headers });
    }
    body = Buffer.from(rendered.html, 'utf8');
    fetchedAt = rendered.fetchedAt;
    page = {
      url: rendered.url,
      status: rendered.status,
      contentType: 'text/html; charset=utf-8',
      html: rendered.html,
      headers: rendered.headers,
      rendered: true,
    };
    const before = analysis;
    analysis = ctx.analyze(page, siteOf(page.url));
    await rememberBrowserNeeds(ctx, doc.host, record, rendered, before, analysis);
  }

  const host = hostOf(page.url);
  let evidence: EvidenceRef | undefined;
  let snapshot: SnapshotDoc | undefined;
  if (analysis.ads.length > 0) {
    ({ ref: evidence, snapshot } = await captureEvidence({
      url: page.url,
      status: page.status,
      headers: page.headers,
      contentType: page.contentType,
      body,
      fetchedAt,
      ...(rendered?.screenshot ? { screenshot: rendered.screenshot } : {}),
    }));
  }

  const crawled: CrawledAd[] = [];
  for (const ad of analysis.ads) {
    // Ad identity keeps the fragment (several ads of one page); fetching never sees it.
    const adUrl = canonicalizeAdUrl(ad.url) ?? ad.url;
    const adHost = hostOf(adUrl);
    const normalised = { ...ad, url: adUrl };
    let images: AdImage[] = [];
    if (ctx.options.downloadImages && ad.images.length > 0) {
      images = await downloadAdImages(ad.images, crawledAdId(adHost, adUrl), {
        pages: ctx.pages,
        keepImages: ctx.options.keepImages,
        fetchImage: async (imageUrl) => {
          await ctx.robots.check(imageUrl);
          const result = await politeGet(ctx, imageUrl, {
            maxBodyBytes: MAX_IMAGE_BYTES,
            accept: 'image/*',
            patient: true,
          });
          if (result.status !== 200) return undefined;
          ctx.stats.images++;
          return result;
        },
      });
    }
    crawled.push({
      ad: normalised,
      host: adHost,
      images,
      ...(evidence ? { evidence } : {}),
      ...(record.country ? { country: record.country } : {}),
    });
  }
  const pageDoc: PageDoc = {
    _id: doc._id,
    url: doc.url,
    finalUrl: page.url,
    host,
    runId: ctx.runId,
    status: page.status,
    fetchedAt,
    contentType: page.contentType,
    sha256: evidence?.sha256 ?? '',
    ...(evidence ? { snapshot: evidence.snapshot } : {}),
    truncated,
    rendered: page.rendered,
    role: analysis.role,
    adsCount: analysis.ads.length,
    signals: analysis.signals,
    typeHints: analysis.typeHints.slice(0, 50),
    cities: analysis.cities.slice(0, 100),
    ...(analysis.language ? { language: analysis.language } : {}),
    needsBrowser: analysis.needsBrowser || page.rendered,
    ...(analysis.externalLinks.length > 0
      ? { externalLinks: analysis.externalLinks.slice(0, MAX_PAGE_EXTERNAL_LINKS) }
      : {}),
    ...(analysis.externalAnchors?.length
      ? { externalAnchors: analysis.externalAnchors.slice(0, MAX_PAGE_EXTERNAL_LINKS).map(boundAnchor) }
      : {}),
    ...(analysis.explicitness ? { explicitness: analysis.explicitness } : {}),
    ...(analysis.adDecision ? { adDecision: analysis.adDecision } : {}),
  };
  const anchors = analysis.externalAnchors ?? analysis.externalLinks.map((url) => ({ url, anchorText: '' }));
  if (anchors.length > 0)
    await recordCandidates(ctx, { url: page.url, host }, anchors.slice(0, MAX_PAGE_EXTERNAL_LINKS));

  const nextDepth = doc.depth + 1;
  const links: EnqueueRequest[] = [];
  if (nextDepth <= ctx.options.maxDepth && analysis.links.length > 0) {
    for (const url of analysis.links) {
      try {
        if (hostOf(url) === host)
          links.push({ url, depth: nextDepth, via: 'link' as const, discoveredFrom: doc._id });
      } catch {
        // not a URL: skipped
      }
    }
  }
  return { status: page.status, ads: crawled, page: pageDoc, links, ...(snapshot ? { snapshot } : {}) };
}

/**
 * After a render: an age gate passed is recorded on the host (with the cookies the site granted,
 * so later fetches on the fast path carry them); a host whose pages only show their content in the
 * browser is marked, so its next pages go straight to Chromium.
 */
async function rememberBrowserNeeds(
  ctx: VisitContext,
  host: string,
  record: Awaited<ReturnType<typeof hostRecord>>,
  rendered: RenderResult,
  before: PageAnalysis | undefined,
  after: PageAnalysis,
): Promise<void> {
  const set: Partial<HostDoc> = {};
  if (rendered.ageGate) {
    set.ageGate = {
      passed: true,
      at: new Date(),
      url: rendered.ageGate.url,
      control: rendered.ageGate.control,
    };
    ctx.log.info({ host, control: rendered.ageGate.control }, 'age gate passed');
  }
  if (rendered.cookies && (rendered.ageGate || rendered.cookies !== record.cookies))
    set.cookies = rendered.cookies;
  // Only a page that was not a gate on the fast path proves the host needs scripts: a gate page
  // gains content in the browser because of the cookie, not because of JavaScript.
  const gainedContent =
    before !== undefined &&
    before.role !== 'gate' &&
    !rendered.ageGate &&
    (after.ads.length > before.ads.length || after.links.length > before.links.length);
  if (gainedContent && !record.needsBrowser) set.needsBrowser = true;
  if (Object.keys(set).length === 0) return;
  Object.assign(record, set);
  await ctx.hosts.update(host, set);
}

/** A GET on the fast path, decoded; undefined when the response is not HTML. */
async function fetchStatic(
  ctx: VisitContext,
  url: string,
  cookies: string | undefined,
  patient = false,
): Promise<{ page: FetchedPage; body: Buffer; truncated: boolean; fetchedAt: Date } | undefined> {
  const result = assertOk(await politeGet(ctx, url, { ...(cookies ? { cookies } : {}), patient }));
  if (!HTML_TYPES.test(result.contentType)) return undefined;
  return {
    page: asFetchedPage(result),
    body: result.body,
    truncated: result.truncated,
    fetchedAt: result.fetchedAt,
  };
}

/** A fast-path response as page analysis reads it (decoded to text). */
export function asFetchedPage(result: FetchResult): FetchedPage {
  return {
    url: result.url,
    status: result.status,
    contentType: result.contentType,
    html: decodeBody(result.contentType, result.body),
    headers: result.headers,
    rendered: false,
  };
}

function siteOf(url: string): { host: string; baseUrl: string } {
  const parsed = new URL(url);
  return { host: parsed.host.toLowerCase(), baseUrl: parsed.origin };
}

function blankResult(url: string): FetchResult {
  return {
    url,
    chain: [url],
    status: 0,
    headers: {},
    requestHeaders: {},
    contentType: '',
    body: Buffer.alloc(0),
    truncated: false,
    fetchedAt: new Date(),
    elapsedMs: 0,
  };
}
