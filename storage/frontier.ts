// The crawl frontier's documents and index-backed queries. Semantics (what "leased", "finished"
// mean) are defined in crawler/frontier.ts; this file holds only the MongoDB side, so every claim
// query sits next to the index that backs it (see storage/indexes.ts, `frontier_*`).
import { randomUUID } from 'node:crypto';
import { type Collection, type Db, MongoBulkWriteError, MongoServerError } from 'mongodb';
import { COLLECTIONS } from './documents.ts';

export type FrontierState = 'queued' | 'leased' | 'done' | 'failed';

export interface FrontierError {
  at: Date;
  code: string;
  message: string;
}

export interface FrontierDoc {
  _id: string; // fingerprint of the canonical URL
  url: string;
  host: string;
  depth: number;
  /** Higher first. */
  priority: number;
  state: FrontierState;
  /** Fetch attempts that failed in a retryable way (or whose lease expired). */
  attempts: number;
  /** Failures of this URL in the current run, oldest first (bounded by the attempt limit). */
  errors: FrontierError[];
  /** Not leased before this time (retry back-off, host clock, parked host). */
  nextFetchAt: Date;
  /** Present while leased: the claiming batch's token and when the claim lapses. */
  lease?: { owner: string; until: Date };
  /** The crawl run that queued the URL last; a URL is fetched at most once per run. */
  runId: string;
  /** `discovery`: a candidate site's front page queued by the discovery classifier. */
  via: 'seed' | 'link' | 'sitemap' | 'redirect' | 'discovery';
  discoveredFrom?: string;
  country?: string;
  status?: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface FrontierEntry {
  fingerprint: string;
  url: string;
  host: string;
  depth: number;
  priority: number;
  via: FrontierDoc['via'];
  discoveredFrom?: string;
  country?: string;
}

const DUPLICATE_KEY = 11000;

export class FrontierRepository {
  readonly col: Collection<FrontierDoc>;
  constructor(db: Db) {
    this.col = db.collection<FrontierDoc>(COLLECTIONS.frontier);
  }

  /**
   * Queues entries for `runId` unless they are already part of that run. A URL done in an earlier
   * run is queued again (incremental recrawl). Returns how many were newly queued.
   */
  async enqueue(entries: FrontierEntry[], runId: string, now = new Date()): Promise<number> {
    if (entries.length === 0) return 0;
    const known = new Map(
      (
        await this.col
          .find({ _id: { $in: entries.map((e) => e.fingerprint) } }, { projection: { _id: 1, runId: 1 } })
          .toArray()
      ).map((d) => [d._id, d.runId]),
    );
    const unique = new Map<string, FrontierEntry>();
    for (const e of entries) if (!unique.has(e.fingerprint)) unique.set(e.fingerprint, e);
    // Never seen: inserted as they are (the usual case, and the cheapest write). Seen in an earlier
    // run: queued again by a conditional upsert. Already in this run: skipped.
    const fresh = [...unique.values()].filter((e) => !known.has(e.fingerprint));
    const again = [...unique.values()].filter(
      (e) => known.has(e.fingerprint) && known.get(e.fingerprint) !== runId,
    );
    const inserted = await this.insertNew(fresh, runId, now);
    if (again.length === 0) return inserted;
    const ops = again.map((e) => ({
      updateOne: {
        // Not in this run and not leased: an upsert that loses a race hits the unique _id and
        // is ignored below, which is exactly "someone else queued it".
        filter: { _id: e.fingerprint, runId: { $ne: runId }, state: { $ne: 'leased' as const } },
        update: {
          $set: {
            runId,
            state: 'queued' as const,
            depth: e.depth,
            priority: e.priority,
            via: e.via,
            attempts: 0,
            errors: [],
            nextFetchAt: now,
            updatedAt: now,
            ...(e.discoveredFrom ? { discoveredFrom: e.discoveredFrom } : {}),
            ...(e.country ? { country: e.country } : {}),
          },
          $setOnInsert: { url: e.url, host: e.host, createdAt: now },
        },
        upsert: true,
      },
    }));
    try {
      const result = await this.col.bulkWrite(ops, { ordered: false });
      return inserted + result.upsertedCount + result.modifiedCount;
    } catch (error) {
      if (error instanceof MongoBulkWriteError) {
        const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
        if (errors.every((e) => e.code === DUPLICATE_KEY)) {
          return inserted + (error.result?.upsertedCount ?? 0) + (error.result?.modifiedCount ?? 0);
        }
      }
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return inserted;
      throw error;
    }
  }

  /**
   * Inserts URLs the frontier has never held. One that another worker inserted meanwhile fails on
   * the unique `_id` and is left out of the count: "someone else queued it".
   */
  private async insertNew(entries: FrontierEntry[], runId: string, now: Date): Promise<number> {
    if (entries.length === 0) return 0;
    const docs: FrontierDoc[] = entries.map((e) => ({
      _id: e.fingerprint,
      url: e.url,
      host: e.host,
      depth: e.depth,
      priority: e.priority,
      state: 'queued',
      attempts: 0,
      errors: [],
      nextFetchAt: now,
      runId,
      via: e.via,
      ...(e.discoveredFrom ? { discoveredFrom: e.discoveredFrom } : {}),
      ...(e.country ? { country: e.country } : {}),
      createdAt: now,
      updatedAt: now,
    }));
    try {
      return (await this.col.insertMany(docs, { ordered: false })).insertedCount;
    } catch (error) {
      if (error instanceof MongoBulkWriteError) {
        const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
        if (errors.every((e) => e.code === DUPLICATE_KEY)) return error.result?.insertedCount ?? 0;
      }
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return 0;
      throw error;
    }
  }

  /**
   * Claims up to `limit` due URLs for `owner` until `until`. Candidates come from the
   * `frontier_claim` index; the claim is one updateMany whose filter re-checks `state: queued`,
   * so two workers racing for a URL cannot both win it. Returns what this call won.
   */
  async lease(owner: string, limit: number, until: Date, now = new Date()): Promise<FrontierDoc[]> {
    const candidates = await this.col
      .find(
        { state: 'queued', nextFetchAt: { $lte: now } },
        { sort: { priority: -1, nextFetchAt: 1 }, limit },
      )
      .toArray();
    if (candidates.length === 0) return [];
    const token = `${owner}:${randomUUID()}`;
    const lease = { owner: token, until };
    const claimed = await this.col.updateMany(
      { _id: { $in: candidates.map((c) => c._id) }, state: 'queued' },
      { $set: { state: 'leased', lease, updatedAt: now } },
    );
    // Won them all (the usual case): the candidates as read are what was leased. After a race,
    // only what carries this batch's token was won.
    if (claimed.modifiedCount === candidates.length) {
      return candidates.map((doc) => ({ ...doc, state: 'leased' as const, lease, updatedAt: now }));
    }
    return this.col.find({ 'lease.owner': token }).toArray();
  }

  /** Marks a leased URL done; a no-op when the lease was lost (expired and taken by another). */
  async complete(doc: FrontierDoc, status: number | undefined, now = new Date()): Promise<boolean> {
    const result = await this.col.updateOne(
      { _id: doc._id, 'lease.owner': doc.lease?.owner },
      { $set: { state: 'done', updatedAt: now, ...(status ? { status } : {}) }, $unset: { lease: '' } },
    );
    return result.modifiedCount === 1;
  }

  /**
   * complete() for many URLs in one round trip; each still names its own lease. URLs of one lease
   * token and status (a batch's usual case: all 200) are completed by one updateMany.
   */
  async completeMany(items: Array<{ doc: FrontierDoc; status?: number }>, now = new Date()): Promise<void> {
    if (items.length === 0) return;
    const groups = new Map<string, { owner: string | undefined; status?: number; ids: string[] }>();
    for (const { doc, status } of items) {
      const owner = doc.lease?.owner;
      const key = `${owner}\u0000${status ?? ''}`;
      let group = groups.get(key);
      if (!group) {
        group = { owner, ...(status ? { status } : {}), ids: [] };
        groups.set(key, group);
      }
      group.ids.push(doc._id);
    }
    await this.col.bulkWrite(
      [...groups.values()].map(({ owner, status, ids }) => ({
        updateMany: {
          filter: { _id: { $in: ids }, 'lease.owner': owner },
          update: {
            $set: { state: 'done' as const, updatedAt: now, ...(status ? { status } : {}) },
            $unset: { lease: '' as const },
          },
        },
      })),
      { ordered: false },
    );
  }

  /** Marks a leased URL failed for good, with the error that decided it. */
  async fail(doc: FrontierDoc, error: FrontierError, now = new Date()): Promise<void> {
    await this.col.updateOne(
      { _id: doc._id, 'lease.owner': doc.lease?.owner },
      { $set: { state: 'failed', updatedAt: now }, $unset: { lease: '' }, $push: { errors: error } },
    );
  }

  /** Puts a leased URL back for a later attempt, counting the attempt. */
  async retry(doc: FrontierDoc, error: FrontierError, nextFetchAt: Date, now = new Date()): Promise<void> {
    await this.col.updateOne(
      { _id: doc._id, 'lease.owner': doc.lease?.owner },
      {
        $set: { state: 'queued', nextFetchAt, updatedAt: now },
        $unset: { lease: '' },
        $inc: { attempts: 1 },
        $push: { errors: error },
      },
    );
  }

  /** Puts leased URLs back without counting an attempt (host busy, throttled, worker stopping). */
  async release(docs: FrontierDoc[], nextFetchAt: Date, now = new Date()): Promise<void> {
    const byOwner = new Map<string, string[]>();
    for (const doc of docs) {
      const owner = doc.lease?.owner;
      if (!owner) continue;
      byOwner.set(owner, [...(byOwner.get(owner) ?? []), doc._id]);
    }
    for (const [owner, ids] of byOwner) {
      await this.col.updateMany(
        { _id: { $in: ids }, 'lease.owner': owner },
        { $set: { state: 'queued', nextFetchAt, updatedAt: now }, $unset: { lease: '' } },
      );
    }
  }

  /** Returns expired leases to the queue (their worker died); counts an attempt against each. */
  async recoverExpired(now = new Date()): Promise<number> {
    const result = await this.col.updateMany(
      { state: 'leased', 'lease.until': { $lt: now } },
      {
        $set: { state: 'queued', nextFetchAt: now, updatedAt: now },
        $unset: { lease: '' },
        $inc: { attempts: 1 },
      },
    );
    return result.modifiedCount;
  }

  /** Defers every queued URL of a host (parked host: its URLs stay pending, not failed). */
  async deferHost(host: string, until: Date): Promise<void> {
    await this.col.updateMany({ host, state: 'queued' }, { $max: { nextFetchAt: until } });
  }

  async hasDue(now = new Date()): Promise<boolean> {
    return (
      (await this.col.findOne(
        { state: 'queued', nextFetchAt: { $lte: now } },
        { projection: { _id: 1 } },
      )) !== null
    );
  }

  async hasLeased(): Promise<boolean> {
    return (await this.col.findOne({ state: 'leased' }, { projection: { _id: 1 } })) !== null;
  }

  async count(state: FrontierState): Promise<number> {
    return this.col.countDocuments({ state });
  }
}
