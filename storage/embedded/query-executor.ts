// Runs a filter (+ sort, skip, limit) against one collection: SQL from the query planner picks the
// candidate rows, mingo decides each one. Rows are read in chunks by rid so that no SQLite iterator
// stays open while other statements run (better-sqlite3 forbids that on one connection).
import type { Document } from 'bson';
import { type SortSpec, sortDocuments } from './bson-order.ts';
import type { CollectionInfo } from './catalog.ts';
import { deserializeDoc } from './documents.ts';
import { encodeScalar, isPlainObject, type KeyValue } from './key-encoding.ts';
import { compileFilter, type Matcher } from './mingo-bridge.ts';
import { planQuery, type QueryPlan, UNORDERED_ID_HIGH, UNORDERED_ID_LOW } from './query-planner.ts';
import type { Row, SqliteStore } from './sqlite-store.ts';

/** Rows fetched per SQL round trip when scanning in rid order. */
const SCAN_CHUNK = 1_000;

export interface Match {
  rid: number;
  doc: Document;
  /** Stored size, used to bound reply sizes. */
  bytes: number;
  /** The stored BSON, when at hand (lets an update skip re-serialising the old version). */
  raw?: Buffer;
  /** The row's key columns, when read with it (lets an update skip re-reading them). */
  keys?: KeyValue[];
}

export interface FindOptions {
  sort?: SortSpec;
  skip?: number;
  /** 0 or undefined: no limit. */
  limit?: number;
}

export function plan(store: SqliteStore, info: CollectionInfo, filter: Document, sort: SortSpec): QueryPlan {
  store.analyzeIfStale(info);
  return planQuery(info, filter, sort, () => {
    const row = store
      .prepare(`SELECT 1 FROM ${info.table} WHERE id >= ? AND id < ? LIMIT 1`)
      .get(UNORDERED_ID_LOW, UNORDERED_ID_HIGH);
    return row !== undefined;
  });
}

function whereSql(conditions: string[]): string {
  return conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
}

/**
 * The candidate query of a sorted read. When SQLite's own choice would sort the candidates (a temp
 * B-tree: every row in range read and held before the first is returned) although an index gives
 * the order, that index is named, so a limited query stops after its first rows. The choice is
 * checked once per SQL text (and again after ANALYZE, which clears the cache).
 */
function orderedSql(store: SqliteStore, info: CollectionInfo, p: QueryPlan): string {
  const order = p.orderBy.length > 0 ? p.orderBy.join(', ') : 'rid';
  const sql = `SELECT rid, doc FROM ${info.table}${whereSql(p.where)} ORDER BY ${order}`;
  if (p.orderedIndexes.length === 0) return sql;
  return store.planChoice(sql, () => {
    const steps = store.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...p.params) as Array<{ detail: string }>;
    if (!steps.some((s) => s.detail.includes('TEMP B-TREE'))) return sql;
    // Seek on the equality prefix only: a range on a later column would tempt SQLite into a
    // skip-scan, which loses the order again. `+column` keeps a term out of the index search.
    const { sqlName, seek } = p.orderedIndexes[0]!;
    const where = p.where.map((term, i) => {
      const column = p.termColumns[i]!;
      return !column || seek.has(column)
        ? term
        : term.replace(new RegExp(`\\b${column}\\b`, 'g'), `+${column}`);
    });
    return `SELECT rid, doc FROM ${info.table} INDEXED BY ${sqlName}${whereSql(where)} ORDER BY ${order}`;
  });
}

/** Matches in rid order, from after `afterRid`, read chunk by chunk; stop iterating any time. */
export function* scanMatches(
  store: SqliteStore,
  info: CollectionInfo,
  filter: Document,
  matcher: Matcher = compileFilter(filter),
  afterRid = 0,
): Generator<Match> {
  const p = plan(store, info, filter, []);
  const sql = `SELECT rid, doc FROM ${info.table}${whereSql([...p.where, 'rid > ?'])} ORDER BY rid LIMIT ${SCAN_CHUNK}`;
  const stmt = store.prepare(sql);
  let last = afterRid;
  for (;;) {
    const rows = stmt.all(...p.params, last) as Row[];
    for (const row of rows) {
      last = row.rid;
      const doc = deserializeDoc(row.doc);
      if (matcher(doc)) yield { rid: row.rid, doc, bytes: row.doc.length, raw: row.doc };
    }
    if (rows.length < SCAN_CHUNK) return;
  }
}

/** All documents matching a filter, streamed (for aggregation, count, distinct). */
export function* matchingDocs(
  store: SqliteStore,
  info: CollectionInfo,
  filter: Document,
): Generator<Document> {
  for (const m of scanMatches(store, info, filter)) yield m.doc;
}

/**
 * Matches in the requested order with skip and limit applied, fully materialised. With a pushed-down
 * sort it reads rows in index order and stops as soon as skip + limit matches are found.
 */
export function sortedMatches(
  store: SqliteStore,
  info: CollectionInfo,
  filter: Document,
  options: FindOptions,
  matcher: Matcher = compileFilter(filter),
): Match[] {
  const sort = options.sort ?? [];
  const skip = options.skip ?? 0;
  const wanted = options.limit ? skip + options.limit : Number.POSITIVE_INFINITY;
  const p = plan(store, info, filter, sort);
  const out: Match[] = [];
  if (p.sortPushed) {
    const sql = orderedSql(store, info, p);
    // Only deserialising and mingo run while this iterator is open: no other statement.
    for (const row of store.rows(sql, p.params)) {
      const doc = deserializeDoc(row.doc);
      if (!matcher(doc)) continue;
      out.push({ rid: row.rid, doc, bytes: row.doc.length, raw: row.doc });
      if (out.length >= wanted) break;
    }
    return out.slice(skip);
  }
  for (const m of scanMatches(store, info, filter, matcher)) out.push(m);
  const byDoc = new Map(out.map((m) => [m.doc, m]));
  const sorted = sortDocuments(
    out.map((m) => m.doc),
    sort,
  ).map((d) => byDoc.get(d)!);
  return sorted.slice(skip, Number.isFinite(wanted) ? wanted : undefined);
}

/** Reads rows by rid in one statement; rows deleted meanwhile are simply absent from the map. */
export function readRows(store: SqliteStore, info: CollectionInfo, rids: number[]): Map<number, Match> {
  const rows = store
    .prepare(`SELECT rid, doc FROM ${info.table} WHERE rid IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(rids)) as Row[];
  return new Map(
    rows.map((row) => [row.rid, { rid: row.rid, doc: deserializeDoc(row.doc), bytes: row.doc.length }]),
  );
}

/** The first match in sort order; a plain `{ _id: value }` filter is one primary-key lookup. */
export function firstMatch(
  store: SqliteStore,
  info: CollectionInfo,
  filter: Document,
  sort: SortSpec,
  matcher: Matcher = compileFilter(filter),
): Match | undefined {
  if (Object.hasOwn(filter, '_id') && isExactIdValue(filter._id)) {
    // At most one document has this _id, so the sort is moot: one primary-key lookup, then the
    // rest of the filter (if any) decides. Equality of exact _id encodings is MongoDB's equality.
    const row = store.byId(info, filter._id);
    if (!row) return undefined;
    const doc = deserializeDoc(row.doc);
    if (Object.keys(filter).length > 1 && !matcher(doc)) return undefined;
    return { rid: row.rid, doc, bytes: row.doc.length, raw: row.doc, keys: row.keys };
  }
  return sortedMatches(store, info, filter, { sort, limit: 1 }, matcher)[0];
}

/** An `_id` value matched by plain equality of its encoding (not an operator object, array or regex). */
function isExactIdValue(value: unknown): boolean {
  if (value === null || value === undefined || Array.isArray(value) || value instanceof RegExp) return false;
  if (isPlainObject(value)) return false;
  return encodeScalar(value) !== undefined;
}

/** SQLite's plan for the candidate query of a find (for tests and diagnosis). */
export function explainFind(
  store: SqliteStore,
  info: CollectionInfo,
  filter: Document,
  sort: SortSpec,
): { sql: string; sortPushed: boolean; plan: string[] } {
  const p = plan(store, info, filter, sort);
  const sql = orderedSql(store, info, p);
  const rows = store.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...p.params) as Array<{ detail: string }>;
  return { sql, sortPushed: p.sortPushed, plan: rows.map((r) => r.detail) };
}
