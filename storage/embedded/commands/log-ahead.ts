// Log-ahead upserts: a bulk of `{ q: { _id }, u: { $set, $setOnInsert }, upsert: true }` statements
// (what crawlers and the classifier send) into a collection whose only unique index is _id's
// cannot fail once each statement's outcome is known: a new _id is inserted, an existing one gets
// its update applied. So the outcomes are computed, the new documents made durable in the redo
// log and the reply sent; SQLite stores them right after, while the client encodes its next batch.
import type { Document } from 'bson';
import { deserializeDoc } from '../documents.ts';
import { type PreparedInsert, prepareFastUpdate, prepareFastUpsert } from '../fast-upsert.ts';
import { encodeId } from '../key-encoding.ts';
import type { KeyedRow } from '../sqlite-store.ts';
import { applyUpdate } from '../update-apply.ts';
import type { RawDocument } from '../wire-protocol.ts';
import type { CommandContext } from './context.ts';

/** An existing document's new version: the row to rewrite and its new bytes. */
interface PreparedReplace {
  row: KeyedRow;
  doc: Document;
  bytes: Buffer;
}

/**
 * The reply of an update command handled this way, its storing left to ctx.afterReply; undefined,
 * with nothing done, for any batch that is not made only of such statements on distinct _ids.
 */
export function logAheadUpserts(
  ctx: CommandContext,
  name: string,
  statements: RawDocument[],
): Document | undefined {
  const info = ctx.store.collection(ctx.dbName, name);
  const afterReply = ctx.afterReply;
  if (!info || !afterReply || statements.length === 0 || !ctx.store.canLogAhead(info)) return undefined;
  const inserts: Array<PreparedInsert & { index: number }> = [];
  const replaces: PreparedReplace[] = [];
  let matched = 0;
  const ids = new Set<string>();
  for (let index = 0; index < statements.length; index++) {
    const raw = statements[index]!;
    const prepared = prepareFastUpsert(ctx.store, info, raw.bytes);
    if (!prepared) return undefined;
    // The same _id twice: the second statement depends on what the first does.
    if (!('existing' in prepared)) {
      if (!once(ids, prepared.upsertedId)) return undefined;
      inserts.push({ ...prepared, index });
      continue;
    }
    if (!once(ids, prepared.id)) return undefined;
    const row = prepared.existing;
    const fast = prepareFastUpdate(info, raw.bytes, prepared.u, row);
    // Not in the byte-level form: the general update, decoded.
    const replace =
      fast === undefined ? updated(row, raw) : fast && { row, doc: fast.keyed, bytes: fast.bytes };
    if (replace === undefined) return undefined;
    matched++;
    if (replace) replaces.push(replace);
  }
  ctx.store.logAhead(info, [...inserts.map((p) => p.bytes), ...replaces.map((r) => r.bytes)]);
  afterReply(() =>
    ctx.store.applyLogged(() => {
      for (const p of inserts) ctx.store.insert(info, p.keyed, p.bytes);
      for (const r of replaces) ctx.store.replace(info, r.row.rid, r.doc, r.bytes, r.row.keys);
    }),
  );
  for (const raw of statements) raw.release?.();
  const upserted = inserts.map((p) => ({ index: p.index, _id: p.upsertedId }));
  return {
    n: inserts.length + matched,
    nModified: replaces.length,
    ...(upserted.length > 0 ? { upserted } : {}),
    ok: 1,
  };
}

/**
 * The existing document with the statement's update applied: null when that changes nothing,
 * undefined when the update fails (the ordinary path then reports the error).
 */
function updated(row: KeyedRow, raw: RawDocument): PreparedReplace | null | undefined {
  try {
    const doc = deserializeDoc(row.doc);
    const bytes = applyUpdate(doc, raw.doc.u, undefined, row.doc);
    return bytes ? { row, doc, bytes } : null;
  } catch {
    return undefined;
  }
}

/** Notes an _id; false when the batch named it already. */
function once(ids: Set<string>, id: unknown): boolean {
  const key = encodeId(id);
  const text = Buffer.isBuffer(key) ? `b${key.toString('hex')}` : `${typeof key}${key}`;
  if (ids.has(text)) return false;
  ids.add(text);
  return true;
}
