// The crawl frontier: every URL of a crawl, in MongoDB, shared by all workers of the crawl.
//
// Contract (cf. Crawlee's RequestQueueBackend):
// - A URL enters once per run, keyed by the fingerprint of its canonical form (`_id`, unique).
//   Enqueueing a URL the run already holds is a no-op, whatever its state.
// - States: `queued` (waiting; `nextFetchAt` says from when) → `leased` (one worker holds it until
//   `lease.until`) → `done` | `failed`; a retry or a release puts it back to `queued`.
// - `lease(n)` claims up to n due URLs, highest priority first. A claimed URL belongs to that
//   batch alone: the claim re-checks `state: queued` in one atomic update, so no URL is handed to
//   two workers. Every later transition names the batch's token and is a no-op once the lease was
//   lost, so a slow worker cannot overwrite the work of the one that took its URL over.
// - A worker that dies (kill -9) loses nothing: `recoverExpired()` (run by every worker as it
//   polls) returns URLs whose lease lapsed to `queued`, counting an attempt so a URL that crashes
//   workers cannot loop forever.
// - `isEmpty()`: no URL is due now (a URL may still be leased or due later).
//   `isFinished(horizon)`: nothing leased and nothing due within `horizon`. URLs further out (a
//   parked host's) stay `queued`: the run ends `stopped`, resumable, rather than waiting hours.
// - Memory stays flat: the frontier lives in MongoDB; the process keeps only a bounded cache of
//   fingerprints it has enqueued itself (DedupCache).
import type { Db } from 'mongodb';
import {
  type FrontierDoc,
  type FrontierEntry,
  type FrontierError,
  FrontierRepository,
} from '../storage/index.ts';
import { canonicalizeUrl, hostOf, urlFingerprint } from './url.ts';

export type { FrontierDoc, FrontierEntry, FrontierError };

/** Fingerprints remembered per worker; beyond this the oldest are forgotten. */
export const DEDUP_CACHE_SIZE = 100_000;

/**
 * Fingerprints this process already enqueued in the current run, to skip a database round trip
 * for links seen again (menus, pagination). A hit only ever skips an enqueue the database would
 * have refused anyway (same fingerprint, same run); a miss — the cache forgot — costs one query,
 * never a duplicate, because the database enforces uniqueness. So eviction is harmless.
 */
export class DedupCache {
  private readonly seen = new Set<string>();
  constructor(private readonly capacity = DEDUP_CACHE_SIZE) {}

  /** True if the key was already present; otherwise remembers it. */
  testAndAdd(key: string): boolean {
    if (this.seen.has(key)) return true;
    this.seen.add(key);
    // A Set iterates in insertion order, so the first key is the oldest.
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.values().next().value!);
    return false;
  }

  get size(): number {
    return this.seen.size;
  }
}

export interface EnqueueRequest {
  url: string;
  depth: number;
  priority?: number;
  via: FrontierEntry['via'];
  discoveredFrom?: string;
  country?: string;
}

export class Frontier {
  readonly repo: FrontierRepository;
  private readonly cache: DedupCache;
  /**
   * URLs as given that this worker already enqueued: the same links come back on every page of a
   * site (menus, pagination), and the same string always has the same canonical form, so a hit
   * skips canonicalising and hashing it again (a miss costs only that work, as above).
   */
  private readonly rawCache: DedupCache;
  constructor(
    db: Db,
    readonly runId: string,
    cacheSize = DEDUP_CACHE_SIZE,
  ) {
    this.repo = new FrontierRepository(db);
    this.cache = new DedupCache(cacheSize);
    this.rawCache = new DedupCache(cacheSize);
  }

  /** Canonicalises and queues URLs for this run; returns how many were new to the run. */
  async enqueue(requests: EnqueueRequest[], now = new Date()): Promise<number> {
    const entries: FrontierEntry[] = [];
    for (const req of requests) {
      if (this.rawCache.testAndAdd(req.url)) continue;
      const url = canonicalizeUrl(req.url);
      if (!url) continue;
      const fingerprint = urlFingerprint(url);
      if (this.cache.testAndAdd(fingerprint)) continue;
      entries.push({
        fingerprint,
        url,
        host: hostOf(url),
        depth: req.depth,
        priority: req.priority ?? -req.depth,
        via: req.via,
        ...(req.discoveredFrom ? { discoveredFrom: req.discoveredFrom } : {}),
        ...(req.country ? { country: req.country } : {}),
      });
    }
    return this.repo.enqueue(entries, this.runId, now);
  }

  lease(owner: string, limit: number, leaseMs: number, now = new Date()): Promise<FrontierDoc[]> {
    return this.repo.lease(owner, limit, new Date(now.getTime() + leaseMs), now);
  }

  complete(doc: FrontierDoc, status?: number): Promise<boolean> {
    return this.repo.complete(doc, status);
  }

  fail(doc: FrontierDoc, error: FrontierError): Promise<void> {
    return this.repo.fail(doc, error);
  }

  retry(doc: FrontierDoc, error: FrontierError, nextFetchAt: Date): Promise<void> {
    return this.repo.retry(doc, error, nextFetchAt);
  }

  release(docs: FrontierDoc[], nextFetchAt = new Date()): Promise<void> {
    return this.repo.release(docs, nextFetchAt);
  }

  recoverExpired(now = new Date()): Promise<number> {
    return this.repo.recoverExpired(now);
  }

  deferHost(host: string, until: Date): Promise<void> {
    return this.repo.deferHost(host, until);
  }

  async isEmpty(now = new Date()): Promise<boolean> {
    return !(await this.repo.hasDue(now));
  }

  async isFinished(horizonMs: number, now = new Date()): Promise<boolean> {
    if (await this.repo.hasLeased()) return false;
    return !(await this.repo.hasDue(new Date(now.getTime() + horizonMs)));
  }
}
