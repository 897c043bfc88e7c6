// Crawl runs: one document per `adrisk crawl` run (shared by every worker that joins it), holding
// its options (including any robots.txt override), its page budget and its statistics.
import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from './documents.ts';

export type CrawlRunState = 'running' | 'stopped' | 'finished' | 'failed';

export interface CrawlStats {
  pages: number;
  rendered: number;
  ads: number;
  adsNew: number;
  adsChanged: number;
  errors: number;
  retries: number;
  throttled: number;
  robotsBlocked: number;
  unsafeBlocked: number;
  bytes: number;
  images: number;
  enqueued: number;
}

export const EMPTY_STATS: CrawlStats = {
  pages: 0,
  rendered: 0,
  ads: 0,
  adsNew: 0,
  adsChanged: 0,
  errors: 0,
  retries: 0,
  throttled: 0,
  robotsBlocked: 0,
  unsafeBlocked: 0,
  bytes: 0,
  images: 0,
  enqueued: 0,
};

export interface CrawlRunDoc {
  _id: string;
  state: CrawlRunState;
  startedAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
  /** The options the run was started with; `respectRobots: false` records an explicit override. */
  options: Record<string, unknown>;
  seeds: string[];
  /** Pages reserved against `options.maxPages` by all workers together. */
  pagesReserved: number;
  stats: CrawlStats;
  workers: string[];
  /** True when the frontier ran dry (no page, depth or time limit cut it short). */
  complete?: boolean;
  stopReason?: string;
  /** Ads marked removed when this run finished (takedown tracking). */
  takedowns?: number;
  /** Hosts this run fetched pages from, for takedown tracking. */
  hosts?: string[];
}

export class CrawlRunRepository {
  readonly col: Collection<CrawlRunDoc>;
  constructor(db: Db) {
    this.col = db.collection<CrawlRunDoc>(COLLECTIONS.crawlRuns);
  }

  async create(
    doc: Omit<CrawlRunDoc, 'stats' | 'pagesReserved' | 'workers' | 'updatedAt'>,
  ): Promise<CrawlRunDoc> {
    const full: CrawlRunDoc = {
      ...doc,
      stats: { ...EMPTY_STATS },
      pagesReserved: 0,
      workers: [],
      updatedAt: doc.startedAt,
    };
    await this.col.insertOne(full);
    return full;
  }

  /** The latest run not finished (the one `--resume` continues), if any. */
  async latestUnfinished(): Promise<CrawlRunDoc | null> {
    return this.col.findOne({ state: { $in: ['running', 'stopped'] } }, { sort: { startedAt: -1 } });
  }

  async get(id: string): Promise<CrawlRunDoc | null> {
    return this.col.findOne({ _id: id });
  }

  async join(id: string, worker: string): Promise<void> {
    await this.col.updateOne(
      { _id: id },
      { $set: { state: 'running', updatedAt: new Date() }, $addToSet: { workers: worker } },
    );
  }

  /**
   * Reserves up to `wanted` pages of the run's budget for one batch; returns how many were
   * granted (0 when the budget is spent). Atomic, so workers together never exceed `max`.
   */
  async reservePages(id: string, wanted: number, max: number): Promise<number> {
    const before = await this.col.findOneAndUpdate(
      { _id: id, pagesReserved: { $lt: max } },
      { $inc: { pagesReserved: wanted } },
      { projection: { pagesReserved: 1 } },
    );
    if (!before) return 0;
    const granted = Math.min(wanted, max - before.pagesReserved);
    if (granted < wanted) await this.returnPages(id, wanted - granted);
    return granted;
  }

  async returnPages(id: string, count: number): Promise<void> {
    if (count > 0) await this.col.updateOne({ _id: id }, { $inc: { pagesReserved: -count } });
  }

  /** Adds a worker's counters to the run's totals. */
  async addStats(id: string, delta: Partial<CrawlStats>, hosts: string[] = []): Promise<void> {
    const inc: Record<string, number> = {};
    for (const [key, value] of Object.entries(delta)) if (value) inc[`stats.${key}`] = value;
    const update: Record<string, unknown> = { $set: { updatedAt: new Date() } };
    if (Object.keys(inc).length > 0) update.$inc = inc;
    if (hosts.length > 0) update.$addToSet = { hosts: { $each: hosts } };
    await this.col.updateOne({ _id: id }, update);
  }

  async end(id: string, set: Partial<Omit<CrawlRunDoc, '_id'>>): Promise<void> {
    await this.col.updateOne({ _id: id }, { $set: { ...set, updatedAt: new Date() } });
  }
}
