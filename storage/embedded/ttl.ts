// The TTL monitor: removes documents whose date in a TTL-indexed field is older than the index's
// expireAfterSeconds, as MongoDB's background task does (also roughly once a minute).
import type { Document } from 'bson';
import { valuesAtPath } from './bson-order.ts';
import { deserializeDoc } from './documents.ts';
import { encodeScalar, TAG_DATE, WILDCARD_HIGH, WILDCARD_LOW } from './key-encoding.ts';
import type { Row, SqliteStore } from './sqlite-store.ts';

export const TTL_INTERVAL_MS = 60_000;

/** Deletes expired documents in every collection; returns how many went. */
export function sweepExpired(store: SqliteStore, now = new Date()): number {
  let removed = 0;
  store.transaction(
    () => {
      for (const dbName of store.databases()) {
        for (const info of store.collections(dbName)) {
          for (const index of info.indexes) {
            const paths = Object.keys(index.key);
            if (index.expireAfterSeconds === undefined || paths.length !== 1) continue;
            const field = info.fields.get(paths[0]!);
            if (!field) continue;
            const cutoff = new Date(now.getTime() - index.expireAfterSeconds * 1000);
            const dateLow = Buffer.from([TAG_DATE]);
            removed += store
              .prepare(`DELETE FROM ${info.table} WHERE ${field.column} >= ? AND ${field.column} < ?`)
              .run(dateLow, encodeScalar(cutoff)).changes;
            if (!field.wild) continue;
            // Arrays expire by their earliest date, as in MongoDB.
            const rows = store
              .prepare(
                `SELECT rid, doc FROM ${info.table} WHERE ${field.column} >= ? AND ${field.column} < ?`,
              )
              .all(WILDCARD_LOW, WILDCARD_HIGH) as Row[];
            for (const row of rows) {
              const doc = deserializeDoc(row.doc) as Document;
              const dates = valuesAtPath(doc, field.parts).filter((v): v is Date => v instanceof Date);
              if (dates.some((d) => d < cutoff)) {
                store.remove(info, row.rid, doc._id);
                removed++;
              }
            }
          }
        }
      }
      // The bulk DELETE above is not in the redo log, so SQLite commits it at once.
    },
    { commit: true },
  );
  return removed;
}
