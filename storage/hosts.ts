// Per-host crawl state shared by every worker: the politeness clock and request slots, back-off,
// parking, and what the crawler learnt about the host (robots.txt, age gate, cookies it was given).
import type { Collection, Db, Filter, UpdateFilter } from 'mongodb';
import { COLLECTIONS } from './documents.ts';

export interface HostDoc {
  _id: string; // host
  /** No request may start before this time (shared rate limit). */
  nextAllowedAt: Date;
  /** Host parked (kept refusing): its URLs wait until this time. */
  parkedUntil: Date;
  /** Current back-off added by 429/503 responses, in ms. */
  backoffMs: number;
  /** 429/503 answers in a row. */
  refusals: number;
  /** Request slots `slotN: { owner, until }`; a slot whose `until` passed is free (crash-safe). */
  [slot: `slot${number}`]: { owner: string; until: Date } | undefined;
  robots?: { present: boolean; disallows: string[]; crawlDelay?: number };
  /** The run that last read the host's sitemaps (each run reads them once). */
  sitemapsRunId?: string;
  /** Cookie header granted by the site (e.g. after the age gate was passed in the browser). */
  cookies?: string;
  ageGate?: { passed: boolean; at: Date; url: string; control: string };
  needsBrowser?: boolean;
  country?: string;
  updatedAt?: Date;
}

const EPOCH = new Date(0);
/** A new host's clock: free now, not parked, no back-off. */
const CLOCK_DEFAULTS = { nextAllowedAt: EPOCH, parkedUntil: EPOCH, backoffMs: 0, refusals: 0 };
/** How soon to ask again when every request slot of a host is in use. */
export const SLOT_POLL_MS = 50;

export type SlotResult =
  | { ok: true; slot: number; refusals: number }
  | { ok: false; waitMs: number; parked: boolean };

export class HostRepository {
  readonly col: Collection<HostDoc>;
  private readonly known = new Set<string>();
  constructor(db: Db) {
    this.col = db.collection<HostDoc>(COLLECTIONS.hosts);
  }

  /** Creates the host's clock once (idempotent upsert). */
  async ensure(host: string): Promise<void> {
    if (this.known.has(host)) return;
    await this.col.updateOne({ _id: host }, { $setOnInsert: CLOCK_DEFAULTS }, { upsert: true });
    this.known.add(host);
  }

  /**
   * Takes a request slot if the host's clock allows a request now: one atomic findOneAndUpdate per
   * slot tried, which also moves the clock `intervalMs` ahead, so workers on several machines
   * share one rate limit and one concurrency limit.
   */
  async acquire(
    host: string,
    owner: string,
    opts: { intervalMs: number; concurrency: number; slotMs: number },
    now = new Date(),
  ): Promise<SlotResult> {
    await this.ensure(host);
    for (let slot = 0; slot < opts.concurrency; slot++) {
      const key = `slot${slot}` as const;
      const won = await this.col.findOneAndUpdate(
        {
          _id: host,
          nextAllowedAt: { $lte: now },
          parkedUntil: { $lte: now },
          $or: [{ [key]: { $exists: false } }, { [`${key}.until`]: { $lte: now } }],
        } as Filter<HostDoc>,
        {
          $set: {
            [key]: { owner, until: new Date(now.getTime() + opts.slotMs) },
            nextAllowedAt: new Date(now.getTime() + opts.intervalMs),
          },
        } as UpdateFilter<HostDoc>,
        { projection: { refusals: 1 } },
      );
      if (won) return { ok: true, slot, refusals: won.refusals ?? 0 };
    }
    const doc = await this.col.findOne({ _id: host });
    if (!doc) return { ok: false, waitMs: opts.intervalMs, parked: false };
    const parkedUntil = doc.parkedUntil?.getTime() ?? 0;
    const parked = parkedUntil > now.getTime();
    const clockMs = Math.max(doc.nextAllowedAt?.getTime() ?? 0, parkedUntil) - now.getTime();
    // All slots taken: they are normally freed when their request ends, long before they expire,
    // so poll again soon rather than waiting for the expiry.
    const slotsMs = clockMs > 0 ? 0 : Math.max(opts.intervalMs, SLOT_POLL_MS);
    return { ok: false, waitMs: Math.max(clockMs, slotsMs, 1), parked };
  }

  /** Frees a slot taken by `owner` (no-op when it expired and was taken by someone else). */
  async releaseSlot(host: string, slot: number, owner: string): Promise<void> {
    await this.col.updateOne(
      { _id: host, [`slot${slot}.owner`]: owner } as Filter<HostDoc>,
      {
        $unset: { [`slot${slot}`]: '' },
      } as UpdateFilter<HostDoc>,
    );
  }

  /** A 429/503: grows the back-off (or uses Retry-After), moves the clock, parks after `parkAfter`. */
  async throttle(
    host: string,
    opts: { retryAfterMs?: number; baseMs: number; maxMs: number; parkAfter: number; parkMs: number },
    now = new Date(),
  ): Promise<{ delayMs: number; parkedUntil?: Date }> {
    const doc = await this.col.findOneAndUpdate(
      { _id: host },
      { $inc: { refusals: 1 } },
      { returnDocument: 'after', upsert: true },
    );
    const refusals = doc?.refusals ?? 1;
    const grown = Math.max(opts.baseMs, (doc?.backoffMs ?? 0) * 2);
    // The server's own Retry-After wins over our guess, within the cap.
    const delayMs = Math.min(opts.retryAfterMs ?? grown, opts.maxMs);
    const set: Partial<HostDoc> = { backoffMs: Math.min(grown, opts.maxMs) };
    let parkedUntil: Date | undefined;
    if (refusals >= opts.parkAfter) {
      parkedUntil = new Date(now.getTime() + opts.parkMs);
      set.parkedUntil = parkedUntil;
      set.refusals = 0;
    }
    await this.col.updateOne(
      { _id: host },
      { $set: set, $max: { nextAllowedAt: new Date(now.getTime() + delayMs) } },
    );
    return { delayMs, ...(parkedUntil ? { parkedUntil } : {}) };
  }

  /** A successful answer after refusals: the host is trusted again. */
  async recovered(host: string): Promise<void> {
    await this.col.updateOne({ _id: host }, { $set: { refusals: 0, backoffMs: 0 } });
  }

  async get(host: string): Promise<HostDoc | null> {
    return this.col.findOne({ _id: host });
  }

  async update(host: string, set: Partial<Omit<HostDoc, '_id'>>): Promise<void> {
    // Every way a host record is created starts its clock, so claims can rely on the fields.
    const onInsert = Object.fromEntries(Object.entries(CLOCK_DEFAULTS).filter(([key]) => !(key in set)));
    await this.col.updateOne(
      { _id: host },
      {
        $set: { ...set, updatedAt: new Date() },
        $setOnInsert: onInsert as UpdateFilter<HostDoc>['$setOnInsert'],
      },
      { upsert: true },
    );
  }

  /** Claims the one-time job of reading a host's sitemaps; true for exactly one worker. */
  async claimSitemaps(host: string, runId: string): Promise<boolean> {
    await this.ensure(host);
    const result = await this.col.updateOne(
      { _id: host, sitemapsRunId: { $ne: runId } },
      { $set: { sitemapsRunId: runId } },
    );
    return result.modifiedCount === 1;
  }
}
