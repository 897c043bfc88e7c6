// Per-host crawl state shared by every worker: the politeness clock (leased to one worker at a
// time, which paces the host's requests itself and writes the clock back in batches), back-off,
// parking, and what the crawler learnt about the host (robots.txt, age gate, cookies it was given).
import type { Collection, Db, Filter, UpdateFilter } from 'mongodb';
import { COLLECTIONS } from './documents.ts';

export interface HostDoc {
  _id: string; // host
  /** No request may start before this time (shared rate limit; written back by the clock's holder). */
  nextAllowedAt: Date;
  /** Host parked (kept refusing): its URLs wait until this time. */
  parkedUntil: Date;
  /** Current back-off added by 429/503 responses, in ms. */
  backoffMs: number;
  /** 429/503 answers in a row. */
  refusals: number;
  /**
   * The host's clock, leased by one worker: while `until` has not passed only `owner` starts
   * requests to the host, pacing and counting them itself; a lapsed lease is free (crash-safe).
   */
  clock?: { owner: string; until: Date };
  /** Another worker asked for the clock: the holder hands it over and may not take it back first. */
  wanted?: { owner: string; until: Date };
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
/** How soon to ask again when the clock is held by another worker and its lease says nothing better. */
export const CLOCK_POLL_MS = 50;

export type ClockClaim =
  | {
      ok: true;
      /** The lease's end: the holder starts no request whose interval would pass it. */
      until: Date;
      /** The shared clock as the claim found it: the holder's first request waits for it. */
      nextAllowedAt: Date;
      refusals: number;
    }
  | { ok: false; waitMs: number; parked: boolean };

/** A held clock as its holder writes it back: where the clock stands now, and the new lease end. */
export interface ClockWriteBack {
  host: string;
  nextAllowedAt: Date;
  /** The renewed lease end; absent when the clock is released. */
  until?: Date;
}

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
   * Leases the host's clock to `owner` until `now + leaseMs` (or renews the owner's lease): one
   * atomic findOneAndUpdate, so of several workers (on any number of machines) exactly one holds
   * a host's clock at a time and paces its requests for it, with no round trip per request.
   * A claim is refused while the host is parked, while another worker's lease runs, and while
   * another worker waits for the clock (`wanted`), so a holder that hands over cannot take it back
   * first. A refused claimer registers as waiting, which tells the holder to hand over.
   */
  async claimClock(
    host: string,
    owner: string,
    opts: { leaseMs: number; wantMs: number; retryMs?: number },
    now = new Date(),
  ): Promise<ClockClaim> {
    await this.ensure(host);
    const until = new Date(now.getTime() + opts.leaseMs);
    const won = await this.col.findOneAndUpdate(
      {
        _id: host,
        parkedUntil: { $lte: now },
        $and: [
          {
            $or: [{ clock: { $exists: false } }, { 'clock.until': { $lte: now } }, { 'clock.owner': owner }],
          },
          {
            $or: [
              { wanted: { $exists: false } },
              { 'wanted.until': { $lte: now } },
              { 'wanted.owner': owner },
            ],
          },
        ],
      } as Filter<HostDoc>,
      { $set: { clock: { owner, until } }, $unset: { wanted: '' } } as UpdateFilter<HostDoc>,
      { projection: { nextAllowedAt: 1, refusals: 1 } },
    );
    if (won)
      return { ok: true, until, nextAllowedAt: won.nextAllowedAt ?? EPOCH, refusals: won.refusals ?? 0 };
    const doc = await this.col.findOne(
      { _id: host },
      { projection: { parkedUntil: 1, clock: 1, wanted: 1 } },
    );
    if (!doc) return { ok: false, waitMs: CLOCK_POLL_MS, parked: false };
    const parkedMs = (doc.parkedUntil?.getTime() ?? 0) - now.getTime();
    if (parkedMs > 0) return { ok: false, waitMs: parkedMs, parked: true };
    const heldByOther = doc.clock && doc.clock.owner !== owner && doc.clock.until > now;
    const wantedByOther = doc.wanted && doc.wanted.owner !== owner && doc.wanted.until > now;
    if (heldByOther && !wantedByOther) {
      // First in line: ask the holder to hand over (it looks at least once per renewal).
      await this.col.updateOne(
        {
          _id: host,
          $or: [{ wanted: { $exists: false } }, { 'wanted.until': { $lte: now } }, { 'wanted.owner': owner }],
        } as Filter<HostDoc>,
        { $set: { wanted: { owner, until: new Date(now.getTime() + opts.wantMs) } } },
      );
    }
    const lapses = Math.min(
      heldByOther ? doc.clock!.until.getTime() - now.getTime() : Number.POSITIVE_INFINITY,
      wantedByOther ? doc.wanted!.until.getTime() - now.getTime() : Number.POSITIVE_INFINITY,
    );
    // A waiting worker asks again soon: the holder hands over within a renewal or two.
    const waitMs = Math.min(lapses, opts.leaseMs, opts.retryMs ?? Number.POSITIVE_INFINITY);
    return { ok: false, waitMs: Math.max(1, waitMs), parked: false };
  }

  /**
   * Writes held clocks back in one round trip: the clock (never moved backwards) and the renewed
   * lease, or the release. Returns, of the hosts renewed, those still held by `owner` and whether
   * another worker is waiting for each.
   */
  async writeBackClocks(
    owner: string,
    items: ClockWriteBack[],
    now = new Date(),
  ): Promise<Map<string, { wanted: boolean }>> {
    const held = new Map<string, { wanted: boolean }>();
    if (items.length === 0) return held;
    await this.col.bulkWrite(
      items.map((item) => ({
        updateOne: {
          filter: { _id: item.host, 'clock.owner': owner } as Filter<HostDoc>,
          update: (item.until
            ? { $set: { 'clock.until': item.until }, $max: { nextAllowedAt: item.nextAllowedAt } }
            : {
                $unset: { clock: '' },
                $max: { nextAllowedAt: item.nextAllowedAt },
              }) as UpdateFilter<HostDoc>,
        },
      })),
      { ordered: false },
    );
    const renewed = items.filter((item) => item.until).map((item) => item.host);
    if (renewed.length === 0) return held;
    const docs = await this.col
      .find({ _id: { $in: renewed }, 'clock.owner': owner } as Filter<HostDoc>, {
        projection: { wanted: 1 },
      })
      .toArray();
    for (const doc of docs) {
      const wanted = doc.wanted !== undefined && doc.wanted.owner !== owner && doc.wanted.until > now;
      held.set(doc._id, { wanted });
    }
    return held;
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
