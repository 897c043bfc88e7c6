// The append-only audit log: who logged in, viewed, decided or exported what, and when. Nothing in
// adrisk updates or deletes an entry; this module offers only `append` and reads.
import { randomUUID } from 'node:crypto';
import type { Collection, Db, Filter } from 'mongodb';
import { type AuditDoc, COLLECTIONS } from './documents.ts';

export interface AuditPage {
  entries: AuditDoc[];
  /** Pass as `before` to read the next (older) page; absent on the last page. */
  next?: { at: Date; id: string };
}

export class AuditLog {
  readonly col: Collection<AuditDoc>;
  constructor(db: Db) {
    this.col = db.collection<AuditDoc>(COLLECTIONS.audit);
  }

  async append(
    user: string,
    action: string,
    target?: string,
    details?: Record<string, unknown>,
    at = new Date(),
  ): Promise<AuditDoc> {
    const doc: AuditDoc = { _id: randomUUID(), at, user, action };
    if (target !== undefined) doc.target = target;
    if (details !== undefined) doc.details = details;
    await this.col.insertOne(doc);
    return doc;
  }

  /** Newest first, keyset-paginated on (at, _id) so deep pages stay cheap. */
  async page(options: {
    limit: number;
    before?: { at: Date; id: string };
    user?: string;
    action?: string;
  }): Promise<AuditPage> {
    const base: Filter<AuditDoc> = {};
    if (options.user) base.user = options.user;
    if (options.action) base.action = options.action;
    const entries: AuditDoc[] = [];
    const before = options.before;
    if (before) {
      // Same timestamp, older id first; then strictly older timestamps. Two range scans, no $or.
      entries.push(
        ...(await this.col
          .find({ ...base, at: before.at, _id: { $lt: before.id } })
          .sort({ at: -1, _id: -1 })
          .limit(options.limit + 1)
          .toArray()),
      );
    }
    if (entries.length <= options.limit) {
      const filter: Filter<AuditDoc> = before ? { ...base, at: { $lt: before.at } } : base;
      entries.push(
        ...(await this.col
          .find(filter)
          .sort({ at: -1, _id: -1 })
          .limit(options.limit + 1 - entries.length)
          .toArray()),
      );
    }
    const page = entries.slice(0, options.limit);
    const last = page.at(-1);
    return entries.length > options.limit && last
      ? { entries: page, next: { at: last.at, id: last._id } }
      : { entries: page };
  }
}
