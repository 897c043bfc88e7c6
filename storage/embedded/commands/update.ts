// update: each statement matches (one or many), applies the update and re-stores the document;
// with upsert and no match it inserts the document built from the filter. One transaction.
import type { Document } from 'bson';
import { parseSort } from '../bson-order.ts';
import type { CollectionInfo } from '../catalog.ts';
import { badValue, notSupported } from '../command-error.ts';
import { deserializeDoc } from '../documents.ts';
import { tryFastUpsert } from '../fast-upsert.ts';
import { isPlainObject } from '../key-encoding.ts';
import { lazyFilter } from '../mingo-bridge.ts';
import { firstMatch, scanMatches } from '../query-executor.ts';
import type { KeyedRow, SqliteStore } from '../sqlite-store.ts';
import { applyUpdate, upsertDocument } from '../update-apply.ts';
import { type CommandHandler, collectionName, documentList } from './context.ts';
import { logAheadUpserts } from './log-ahead.ts';
import { isOrdered, WriteErrors } from './write-errors.ts';

export interface UpdateOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
}

/** One update statement `{ q, u, upsert, multi, arrayFilters, sort }`. */
export function runUpdateStatement(
  store: SqliteStore,
  info: CollectionInfo,
  statement: Document,
  /** The row of the filter's `_id` when the caller has read it (the filter is exactly that `_id`). */
  existing?: KeyedRow,
): UpdateOutcome {
  const filter = statement.q ?? {};
  if (!isPlainObject(filter)) throw badValue('q must be a document');
  if (statement.collation) throw notSupported('collation');
  const arrayFilters = statement.arrayFilters as Document[] | undefined;
  const matcher = lazyFilter(filter);
  let matched = 0;
  let modified = 0;
  if (statement.multi) {
    // Updated rows are re-stored in place while the scan moves on by rid: each row is seen once.
    for (const m of scanMatches(store, info, filter, matcher)) {
      matched++;
      const bytes = applyUpdate(m.doc, statement.u, arrayFilters, m.raw);
      if (bytes) {
        store.replace(info, m.rid, m.doc, bytes);
        modified++;
      }
    }
  } else {
    const m = existing
      ? { rid: existing.rid, doc: deserializeDoc(existing.doc), raw: existing.doc, keys: existing.keys }
      : firstMatch(store, info, filter, parseSort(statement.sort), matcher);
    if (m) {
      matched = 1;
      const bytes = applyUpdate(m.doc, statement.u, arrayFilters, m.raw);
      if (bytes) {
        store.replace(info, m.rid, m.doc, bytes, m.keys);
        modified = 1;
      }
    }
  }
  if (matched === 0 && statement.upsert) {
    const doc = upsertDocument(filter, statement.u, arrayFilters);
    store.insert(info, doc);
    return { matched: 0, modified: 0, upsertedId: doc._id };
  }
  return { matched, modified };
}

const update: CommandHandler = (ctx) => {
  const name = collectionName(ctx, 'update');
  const statements = documentList(ctx, 'updates');
  const ahead = logAheadUpserts(ctx, name, statements);
  if (ahead) return ahead;
  const errors = new WriteErrors(isOrdered(ctx.body));
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  ctx.store.transaction(() => {
    let info = ctx.store.collection(ctx.dbName, name);
    for (let i = 0; i < statements.length; i++) {
      const raw = statements[i]!;
      const ok = errors.run(i, () => {
        const fast = info && tryFastUpsert(ctx.store, info, raw.bytes);
        if (fast && 'upsertedId' in fast) {
          upserted.push({ index: i, _id: fast.upsertedId });
          n++;
          return;
        }
        const statement = raw.doc;
        if (!info && !statement.upsert) return;
        info ??= ctx.store.ensureCollection(ctx.dbName, name).info;
        const outcome = runUpdateStatement(ctx.store, info, statement, fast ? fast.existing : undefined);
        if (outcome.upsertedId !== undefined) {
          upserted.push({ index: i, _id: outcome.upsertedId });
          n++;
        } else {
          n += outcome.matched;
          nModified += outcome.modified;
        }
      });
      statements[i]!.release?.();
      if (!ok) break;
    }
  });
  return errors.reply({ n, nModified, ...(upserted.length > 0 ? { upserted } : {}) });
};

export const updateCommands: Record<string, CommandHandler> = { update };
