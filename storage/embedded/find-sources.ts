// Batch sources for find cursors: an unsorted find resumes by rid between getMores, a sorted one
// keeps the ordered rids of its matches and re-reads each batch (dropping rows deleted meanwhile).
import type { Document } from 'bson';
import type { SortSpec } from './bson-order.ts';
import type { BatchSource } from './cursors.ts';
import type { Matcher } from './mingo-bridge.ts';
import { type Match, readRows, scanMatches, sortedMatches } from './query-executor.ts';

/** Rows re-read per statement when a sorted cursor continues. */
const REREAD_CHUNK = 1_000;

import type { SqliteStore } from './sqlite-store.ts';

export interface FindSpec {
  store: SqliteStore;
  dbName: string;
  collection: string;
  filter: Document;
  matcher: Matcher;
  project: (docs: Document[]) => Document[];
  sort: SortSpec;
  skip: number;
  /** 0: no limit. */
  limit: number;
}

/** Unsorted: natural (insertion) order, resumed after the last rid returned. */
export class ScanSource implements BatchSource {
  private lastRid = 0;
  private skipLeft: number;
  private remaining: number;
  private done = false;

  constructor(private readonly spec: FindSpec) {
    this.skipLeft = spec.skip;
    this.remaining = spec.limit > 0 ? spec.limit : Number.POSITIVE_INFINITY;
  }

  get exhausted(): boolean {
    return this.done;
  }

  next(maxDocs: number, maxBytes: number): Document[] {
    const { store, dbName, collection, filter, matcher } = this.spec;
    const info = store.collection(dbName, collection);
    const out: Document[] = [];
    if (!info || this.done) {
      this.done = true;
      return out;
    }
    let bytes = 0;
    let finished = true;
    for (const m of scanMatches(store, info, filter, matcher, this.lastRid)) {
      this.lastRid = m.rid;
      if (this.skipLeft > 0) {
        this.skipLeft--;
        continue;
      }
      out.push(m.doc);
      bytes += m.bytes;
      this.remaining--;
      if (this.remaining <= 0) break;
      if (out.length >= maxDocs || bytes >= maxBytes) {
        finished = false;
        break;
      }
    }
    this.done = finished;
    return this.spec.project(out);
  }
}

/** Sorted: the ordered matches are found once; later batches re-read their rows by rid. */
export class SortedSource implements BatchSource {
  private readonly rids: number[];
  private first: Match[] | undefined;
  private pos = 0;

  constructor(private readonly spec: FindSpec) {
    const { store, dbName, collection, filter, matcher, sort, skip, limit } = spec;
    const info = store.collection(dbName, collection);
    const matches = info ? sortedMatches(store, info, filter, { sort, skip, limit }, matcher) : [];
    this.rids = matches.map((m) => m.rid);
    this.first = matches;
  }

  get exhausted(): boolean {
    return this.pos >= this.rids.length;
  }

  next(maxDocs: number, maxBytes: number): Document[] {
    const out: Document[] = [];
    let bytes = 0;
    const first = this.first;
    this.first = undefined;
    const info = this.spec.store.collection(this.spec.dbName, this.spec.collection);
    if (!info && !first) this.pos = this.rids.length; // dropped meanwhile
    while (this.pos < this.rids.length && out.length < maxDocs && bytes < maxBytes) {
      // The first batch reuses the documents just read; later ones are re-read (in chunks) and
      // re-checked, since they may have changed or gone since the query ran.
      const chunk = first
        ? []
        : this.rids.slice(this.pos, this.pos + Math.min(maxDocs - out.length, REREAD_CHUNK));
      const reread = info && !first ? readRows(this.spec.store, info, chunk) : undefined;
      const end = first ? this.rids.length : this.pos + chunk.length;
      while (this.pos < end && out.length < maxDocs && bytes < maxBytes) {
        const index = this.pos++;
        const m = first ? first[index] : reread?.get(this.rids[index]!);
        if (!m || (!first && !this.spec.matcher(m.doc))) continue;
        out.push(m.doc);
        bytes += m.bytes;
      }
    }
    return this.spec.project(out);
  }
}
