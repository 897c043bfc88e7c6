// The run loop of `adrisk crawl`: joins or starts a crawl run, leases batches from the shared
// frontier, visits URLs through a p-queue (global concurrency; per-host limits live in MongoDB),
// turns typed failures into frontier transitions, keeps statistics, stops cleanly on a signal or a
// limit (frontier left resumable), and on a finished crawl records takedowns and site records.
import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import PQueue from 'p-queue';
import { describeIssues, InputError } from '../core/errors.ts';
import { logger } from '../core/log.ts';
import {
  AdRepository,
  CandidateRepository,
  COLLECTIONS,
  type CrawledAd,
  type CrawlRunDoc,
  CrawlRunRepository,
  type CrawlStats,
  EMPTY_STATS,
  ensureIndexes,
  type FrontierDoc,
  HostRepository,
  INDEXES,
  type PageDoc,
  PageRepository,
  SiteRepository,
  type SnapshotDoc,
} from '../storage/index.ts';
import { assertSafeUrl } from './address-guard.ts';
import { analyzePage, mergeSite } from './analysis/index.ts';
import { BlockedByRobotsError, decide, errorCode, UnsafeUrlError } from './errors.ts';
import { Fetcher } from './fetch.ts';
import { type EnqueueRequest, Frontier } from './frontier.ts';
import { type CrawlOptions, type CrawlOptionsInput, crawlOptionsSchema } from './options.ts';
import { HostBusyError, Politeness, sleep } from './politeness.ts';
import { Renderer } from './render.ts';
import { RobotsCache } from './robots.ts';
import { discoverSites } from './site-discovery.ts';
import { type MergeSite, rebuildSite } from './site-record.ts';
import { canonicalizeUrl, hostOf } from './url.ts';
import { type AnalyzePage, defaultWorkerId, type VisitContext, visit } from './visit.ts';

const CRAWLER_COLLECTIONS = new Set<string>([
  COLLECTIONS.frontier,
  COLLECTIONS.hosts,
  COLLECTIONS.crawlRuns,
  COLLECTIONS.pages,
  COLLECTIONS.ads,
  COLLECTIONS.adHistory,
  COLLECTIONS.imageBlobs,
  COLLECTIONS.candidates,
]);
/** How often a worker with nothing to lease looks again. */
const POLL_MS = 250;
/** URLs due later than this do not keep a run open: it ends `stopped`, resumable. */
export const FINISH_HORIZON_MS = 60_000;
/** How often counters are added to the run document. */
const STATS_FLUSH_MS = 2_000;
/** Leased URLs a worker holds, in multiples of its concurrency (running, waiting, being written). */
const LEASE_AHEAD = 3;
/** Completed URLs (with their page records) written in one round trip. */
const WRITE_BATCH = 32;
/** Longest a completion waits for its batch. */
const WRITE_FLUSH_MS = 250;

export interface CrawlDeps {
  db: Db;
  /** Page analysis; defaults to crawler/analysis (analyzePage, mergeSite). */
  analyzePage?: AnalyzePage;
  mergeSite?: MergeSite;
  /** Aborting it stops the crawl cleanly. */
  signal?: AbortSignal;
  /** Called with the run's live counters about once a second. */
  onProgress?: (progress: CrawlProgress) => void;
}

export interface CrawlProgress {
  runId: string;
  stats: CrawlStats;
  queued: number;
  inFlight: number;
  elapsedMs: number;
}

export interface CrawlSummary {
  runId: string;
  state: CrawlRunDoc['state'];
  stopReason?: string;
  complete: boolean;
  /** The run's totals, all workers together. */
  stats: CrawlStats;
  /** What this worker did. */
  worker: CrawlStats;
  sites: number;
  takedowns: number;
  pending: number;
  durationMs: number;
  robotsOverridden: boolean;
}

/** Validates options, refusing unsafe seeds with an InputError (exit code 2). */
export async function prepareCrawl(input: CrawlOptionsInput): Promise<CrawlOptions> {
  const parsed = crawlOptionsSchema.safeParse(input);
  if (!parsed.success) throw new InputError(`invalid crawl options: ${describeIssues(parsed.error.issues)}`);
  const options = parsed.data;
  for (const seed of options.seeds) {
    const canonical = canonicalizeUrl(seed.url);
    if (!canonical) throw new InputError(`seed is not an http(s) URL: ${seed.url}`);
    try {
      await assertSafeUrl(canonical, {
        allowPrivateHosts: options.allowPrivateHosts,
        allowAddresses: options.allowAddresses,
      });
    } catch (error) {
      if (error instanceof UnsafeUrlError)
        throw new InputError(error.message.replace(/^refusing /, 'refusing seed '));
      throw error;
    }
  }
  if (!options.resume && options.seeds.length === 0) {
    throw new InputError('no seeds: give seed URLs, --seeds-file, or --resume to continue a stopped crawl');
  }
  return options;
}

/** Runs (or joins, with `resume`) a crawl until its frontier is finished, a limit, or a stop. */
export async function crawl(input: CrawlOptionsInput, deps: CrawlDeps): Promise<CrawlSummary> {
  const options = await prepareCrawl(input);
  const log = logger('crawler');
  const analysis = deps.analyzePage
    ? { analyzePage: deps.analyzePage, mergeSite: deps.mergeSite }
    : { analyzePage: analyzePage as AnalyzePage, mergeSite: mergeSite as MergeSite };
  const { db } = deps;
  await ensureIndexes(
    db,
    INDEXES.filter((spec) => CRAWLER_COLLECTIONS.has(spec.collection)),
  );
  const started = Date.now();
  const owner = options.workerId ?? defaultWorkerId();
  const runs = new CrawlRunRepository(db);
  const hosts = new HostRepository(db);
  const pages = new PageRepository(db);
  const ads = new AdRepository(db);
  const sites = new SiteRepository(db);

  let run: CrawlRunDoc;
  if (options.resume) {
    const latest = await runs.latestUnfinished();
    if (!latest) throw new InputError('no stopped crawl to resume; start one with seed URLs');
    run = latest;
  } else {
    run = await runs.create({
      _id: `run_${new Date(started)
        .toISOString()
        .replace(/[-:.TZ]/g, '')
        .slice(0, 14)}_${randomUUID().slice(0, 8)}`,
      state: 'running',
      startedAt: new Date(started),
      options: {
        ...options,
        seeds: undefined,
        workerId: undefined,
        robotsOverridden: !options.respectRobots,
      },
      seeds: options.seeds.slice(0, 1000).map((s) => s.url),
    });
  }
  await runs.join(run._id, owner);
  const runId = run._id;

  const guard = { allowPrivateHosts: options.allowPrivateHosts, allowAddresses: options.allowAddresses };
  const fetcher = new Fetcher({
    userAgent: options.userAgent,
    timeoutMs: options.requestTimeoutMs,
    maxBodyBytes: options.maxBodyBytes,
    maxRedirects: options.maxRedirects,
    guard,
    connectionsPerOrigin: options.perHostConcurrency,
  });
  const robots = new RobotsCache({ fetcher, userAgent: options.userAgent, respect: options.respectRobots });
  const politeness = new Politeness(hosts, robots, {
    perHostRps: options.perHostRps,
    perHostConcurrency: options.perHostConcurrency,
    owner,
    maxInlineWaitMs: options.maxInlineWaitMs,
    onError: (error) => log.warn({ err: error }, 'host clock write-back failed'),
  });
  const renderer =
    options.render === 'never'
      ? undefined
      : new Renderer({
          chromiumPath: options.chromiumPath,
          userAgent: options.userAgent,
          guard,
          robots,
          timeoutMs: options.renderTimeoutMs,
          maxBodyBytes: options.maxBodyBytes,
          contexts: options.renderContexts,
        });
  const frontier = new Frontier(db, runId);

  // Stopping: a signal, the CLI's first Ctrl-C (`adrisk:stop`), or SIGINT/SIGTERM when asked.
  const stopper = new AbortController();
  let stopReason: string | undefined;
  const stop = (reason: string) => {
    if (stopper.signal.aborted) return;
    stopReason ??= reason;
    log.info({ reason }, 'stopping crawl');
    stopper.abort();
  };
  const onStopEvent = () => stop('interrupted');
  process.on('adrisk:stop' as 'SIGINT', onStopEvent);
  if (options.handleSignals) {
    process.on('SIGINT', onStopEvent);
    process.on('SIGTERM', onStopEvent);
  }
  const onAbort = () => stop('interrupted');
  deps.signal?.addEventListener('abort', onAbort);
  if (deps.signal?.aborted) stop('interrupted');

  const stats: CrawlStats = { ...EMPTY_STATS };
  let flushed: CrawlStats = { ...EMPTY_STATS };
  const hostsSeen = new Set<string>();
  const ctx: VisitContext = {
    options,
    runId,
    owner,
    frontier,
    hosts,
    pages,
    ads,
    candidates: new CandidateRepository(db),
    candidateHops: new Map(),
    candidateSightings: new Map(),
    fetcher,
    robots,
    politeness,
    renderer,
    analyze: analysis.analyzePage,
    stats,
    hostsSeen,
    signal: stopper.signal,
    hostCache: new Map(),
    sitemapsClaimed: new Set(),
    gatePasses: new Map(),
    log,
  };

  // Seeds, with their country recorded on the host for the site record.
  if (options.seeds.length > 0) {
    for (const seed of options.seeds) {
      if (seed.country) await hosts.update(hostOf(canonicalizeUrl(seed.url)!), { country: seed.country });
    }
    stats.enqueued += await frontier.enqueue(
      options.seeds.map((s) => ({
        url: s.url,
        depth: 0,
        priority: 10,
        via: 'seed' as const,
        ...(s.country ? { country: s.country } : {}),
      })),
    );
  }

  const queue = new PQueue({ concurrency: options.concurrency });
  /** Leased by this worker and not yet settled or written: released on stop, lease renewed while held. */
  const held = new Map<string, FrontierDoc>();
  /** Hosts known busy until a time: their other URLs go back without a database round trip. */
  const busyUntil = new Map<string, number>();
  let fatal: unknown;
  let budgetSpent = false;

  const flush = async () => {
    const delta: Partial<CrawlStats> = {};
    for (const key of Object.keys(stats) as Array<keyof CrawlStats>) delta[key] = stats[key] - flushed[key];
    flushed = { ...stats };
    await runs.addStats(runId, delta, [...hostsSeen]);
  };
  const renew = async () => {
    const owners = new Set([...held.values()].map((d) => d.lease?.owner).filter(Boolean) as string[]);
    if (owners.size === 0) return;
    await frontier.repo.col.updateMany(
      { 'lease.owner': { $in: [...owners] }, state: 'leased' },
      { $set: { 'lease.until': new Date(Date.now() + options.leaseMs) } },
    );
  };
  const timers = [
    setInterval(
      () => void flushWrites().catch((e) => log.warn({ err: e }, 'page write failed')),
      WRITE_FLUSH_MS,
    ),
    setInterval(() => void flush().catch((e) => log.warn({ err: e }, 'stats flush failed')), STATS_FLUSH_MS),
    setInterval(
      () => void renew().catch((e) => log.warn({ err: e }, 'lease renewal failed')),
      options.leaseMs / 3,
    ),
    setInterval(() => {
      deps.onProgress?.({
        runId,
        stats: { ...stats },
        queued: queue.size + held.size,
        inFlight: queue.pending,
        elapsedMs: Date.now() - started,
      });
    }, 1000),
  ];

  // Snapshots, ads, links, page records and completions are written together, a batch of URLs at
  // a time, in that order: a worker killed before a write loses only unfinished work, whose leases
  // lapse and whose URLs are fetched again (ads are upserted by id, so a refetch never duplicates
  // one). A URL is acknowledged done only by the last write of its batch.
  const emptyBatch = () => ({
    ads: [] as CrawledAd[],
    pages: [] as PageDoc[],
    snapshots: [] as SnapshotDoc[],
    links: [] as EnqueueRequest[],
    done: [] as Array<{ doc: FrontierDoc; status?: number }>,
  });
  let written = emptyBatch();
  let writing: Promise<void> = Promise.resolve();
  const flushWrites = () => {
    const batch = written;
    written = emptyBatch();
    // A failed write is logged and its URLs' leases lapse (they are refetched); later writes go on.
    writing = writing
      .catch(() => {})
      .then(async () => {
        if (batch.done.length === 0) return;
        try {
          await pages.saveSnapshots(batch.snapshots);
          if (batch.ads.length > 0) {
            const result = await ads.upsertCrawled(batch.ads, runId);
            stats.ads += result.ids.length;
            stats.adsNew += result.inserted;
            stats.adsChanged += result.changed;
          }
          stats.enqueued += await frontier.enqueue(batch.links);
          await pages.savePages(batch.pages);
          await frontier.repo.completeMany(batch.done);
        } finally {
          // Held (lease renewed) until written; after a failed write the leases lapse instead.
          for (const { doc } of batch.done) held.delete(doc._id);
        }
      });
    return writing;
  };

  const settle = async (doc: FrontierDoc) => {
    try {
      const outcome = await visit(ctx, doc);
      if (outcome.ads) written.ads.push(...outcome.ads);
      if (outcome.links) written.links.push(...outcome.links);
      if (outcome.page) written.pages.push(outcome.page);
      if (outcome.snapshot) written.snapshots.push(outcome.snapshot);
      written.done.push({ doc, status: outcome.status });
    } catch (error) {
      await onFailure(doc, error).finally(() => held.delete(doc._id));
    }
    if (written.done.length >= WRITE_BATCH)
      await flushWrites().catch((e) => log.warn({ err: e }, 'page write failed'));
  };

  const onFailure = async (doc: FrontierDoc, error: unknown) => {
    const now = Date.now();
    if (error instanceof HostBusyError) {
      busyUntil.set(doc.host, now + error.waitMs);
      await frontier.release([doc], new Date(now + error.waitMs));
      await runs.returnPages(runId, 1);
      if (error.parked) await frontier.deferHost(doc.host, new Date(now + error.waitMs));
      return;
    }
    const record = {
      at: new Date(now),
      code: errorCode(error),
      message: String((error as Error)?.message ?? error).slice(0, 500),
    };
    switch (decide(error)) {
      case 'fatal':
        fatal ??= error;
        await frontier.release([doc]);
        stop('fatal');
        return;
      case 'throttle': {
        stats.throttled++;
        const { delayMs, parkedUntil } = await politeness.throttle(
          doc.host,
          (error as { retryAfterMs?: number }).retryAfterMs,
        );
        busyUntil.set(doc.host, now + delayMs);
        await frontier.release([doc], new Date(now + delayMs));
        if (parkedUntil) {
          log.warn({ host: doc.host, until: parkedUntil }, 'host parked: keeps refusing');
          await frontier.deferHost(doc.host, parkedUntil);
        }
        return;
      }
      case 'fail':
        stats.errors++;
        if (error instanceof BlockedByRobotsError) stats.robotsBlocked++;
        if (error instanceof UnsafeUrlError) stats.unsafeBlocked++;
        await frontier.fail(doc, record);
        log.debug({ url: doc.url, code: record.code }, record.message);
        return;
      case 'retry':
        if (stopper.signal.aborted) {
          await frontier.release([doc]);
          return;
        }
        if (doc.attempts + 1 >= options.maxAttempts) {
          stats.errors++;
          await frontier.fail(doc, record);
        } else {
          stats.retries++;
          const delay = options.retryBaseMs * 2 ** doc.attempts * (0.75 + Math.random() / 2);
          await frontier.retry(doc, record, new Date(now + delay));
        }
        log.debug({ url: doc.url, code: record.code }, record.message);
        return;
    }
  };

  let finishedFrontier = false;
  try {
    const deadline = options.maxTimeS ? started + options.maxTimeS * 1000 : Number.POSITIVE_INFINITY;
    while (!stopper.signal.aborted) {
      if (Date.now() >= deadline) {
        stop('max_time');
        break;
      }
      if (queue.size >= options.concurrency) {
        await Promise.race([queue.onSizeLessThan(options.concurrency), sleep(POLL_MS)]);
        continue;
      }
      // Refilled only once fewer than `concurrency` wait, so a lease brings at least that many.
      const want = options.concurrency * LEASE_AHEAD - queue.size - queue.pending;
      const granted = await runs.reservePages(runId, want, options.maxPages);
      if (granted === 0) {
        budgetSpent = true;
        await queue.onIdle();
        stop('max_pages');
        break;
      }
      const docs = await frontier.lease(owner, granted, options.leaseMs);
      if (docs.length < granted) await runs.returnPages(runId, granted - docs.length);
      if (docs.length === 0) {
        await flushWrites().catch((e) => log.warn({ err: e }, 'page write failed'));
        await frontier.recoverExpired();
        // Out of work: with --discover, the classifier may add candidate sites to this run.
        if (options.discover && queue.size === 0 && queue.pending === 0 && (await discoverSites(ctx)) > 0)
          continue;
        if (queue.size === 0 && queue.pending === 0 && (await frontier.isFinished(FINISH_HORIZON_MS))) {
          finishedFrontier = true;
          break;
        }
        await Promise.race([queue.onIdle(), sleep(POLL_MS)]);
        continue;
      }
      const now = Date.now();
      const deferred: FrontierDoc[] = [];
      for (const doc of docs) {
        if (doc.attempts >= options.maxAttempts) {
          await frontier.fail(doc, {
            at: new Date(),
            code: 'too_many_attempts',
            message: 'lease expired too often',
          });
          await runs.returnPages(runId, 1);
          stats.errors++;
          continue;
        }
        const busy = busyUntil.get(doc.host);
        if (busy !== undefined && busy - now > options.maxInlineWaitMs) {
          deferred.push(doc);
          continue;
        }
        held.set(doc._id, doc);
        queue.add(() => settle(doc)).catch((e) => log.error({ err: e }, 'visit crashed'));
      }
      for (const doc of deferred) await frontier.release([doc], new Date(busyUntil.get(doc.host)!));
      if (deferred.length > 0) await runs.returnPages(runId, deferred.length);
      if (deferred.length === docs.length) await sleep(POLL_MS);
    }
  } finally {
    // Work not started goes back to the frontier untouched; work in flight finishes (bounded by
    // the request timeout) so nothing is half-recorded.
    queue.clear();
    await queue.onIdle();
    await flushWrites().catch((e) => log.warn({ err: e }, 'page write failed'));
    if (held.size > 0) {
      await frontier.release([...held.values()]);
      await runs.returnPages(runId, held.size);
      held.clear();
    }
    for (const timer of timers) clearInterval(timer);
    await flush().catch(() => {});
    process.off('adrisk:stop' as 'SIGINT', onStopEvent);
    process.off('SIGINT', onStopEvent);
    process.off('SIGTERM', onStopEvent);
    deps.signal?.removeEventListener('abort', onAbort);
    await politeness.close().catch((e) => log.warn({ err: e }, 'host clock release failed'));
    await renderer?.close();
    await fetcher.close();
  }

  const pending = await frontier.repo.count('queued');
  let state: CrawlRunDoc['state'] = 'stopped';
  let takedowns = 0;
  const runHosts = new Set((await runs.get(runId))?.hosts ?? hostsSeen);
  const complete = finishedFrontier && pending === 0 && !budgetSpent;
  if (fatal) {
    state = 'failed';
    await runs.end(runId, { state, stopReason: errorCode(fatal) });
  } else if (finishedFrontier) {
    // One worker wins the right to close the run; the others just leave.
    const won = await runs.col.findOneAndUpdate(
      { _id: runId, state: { $nin: ['finished', 'failed'] } },
      {
        $set: { state: 'finished', finishedAt: new Date(), complete, updatedAt: new Date() },
        // A limit met by an earlier session of this run no longer explains how it ended.
        $unset: { stopReason: '' },
      },
    );
    state = 'finished';
    if (won && complete) {
      takedowns = await ads.markRemoved([...runHosts], runId);
      await runs.end(runId, { takedowns });
    }
    if (won && !complete) await runs.end(runId, { stopReason: pending > 0 ? 'hosts_parked' : 'max_pages' });
  } else {
    await runs.col.updateOne(
      { _id: runId, state: 'running' },
      { $set: { state: 'stopped', stopReason: stopReason ?? 'stopped', updatedAt: new Date() } },
    );
  }
  // Site records from this run's pages (any worker may rebuild; each rebuild reads all pages).
  const siteDeps = { pages, hosts, ads, sites, robots, mergeSite: analysis.mergeSite };
  for (const host of hostsSeen) {
    await rebuildSite(host, runId, siteDeps).catch((e) => log.warn({ err: e, host }, 'site record failed'));
  }
  if (fatal) throw fatal;
  const finalRun = await runs.get(runId);
  return {
    runId,
    state: finalRun?.state ?? state,
    ...(stopReason || finalRun?.stopReason ? { stopReason: stopReason ?? finalRun?.stopReason } : {}),
    complete: finalRun?.complete === true,
    stats: finalRun?.stats ?? stats,
    worker: stats,
    sites: hostsSeen.size,
    takedowns,
    pending,
    durationMs: Date.now() - started,
    robotsOverridden: !options.respectRobots,
  };
}
