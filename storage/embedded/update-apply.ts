// What an update does to one document: operator updates through mingo, replacements, and the
// document an upsert inserts (equality fields of the filter, then the update with $setOnInsert).
import { type Document, ObjectId, serialize } from 'bson';
import { badValue, CommandError, notSupported } from './command-error.ts';
import { serializeDoc } from './documents.ts';
import { encodeId, isPlainObject } from './key-encoding.ts';
import { applyOperators } from './mingo-bridge.ts';

export function isOperatorUpdate(update: Document): boolean {
  const keys = Object.keys(update);
  const operators = keys.filter((k) => k.startsWith('$'));
  if (operators.length > 0 && operators.length !== keys.length) {
    throw badValue('an update document may not mix operators and plain fields');
  }
  return operators.length > 0;
}

function checkUpdate(update: unknown): Document {
  if (Array.isArray(update)) throw notSupported('pipeline-style update');
  if (!isPlainObject(update)) throw badValue('update must be a document');
  return update;
}

/**
 * Updates `doc` in place; returns its new stored form when that changed (MongoDB's nModified counts
 * only real changes), else undefined. `before` is the stored form, when the caller has it.
 */
export function applyUpdate(
  doc: Document,
  rawUpdate: unknown,
  arrayFilters?: Document[],
  before: Uint8Array = serialize(doc),
): Buffer | undefined {
  const update = checkUpdate(rawUpdate);
  const id = doc._id;
  if (isOperatorUpdate(update)) {
    if (!applyOperators(doc, update, arrayFilters)) return undefined;
  } else {
    if (update._id !== undefined && !sameId(update._id, id)) throw immutableId();
    for (const key of Object.keys(doc)) if (key !== '_id') delete doc[key];
    for (const [key, value] of Object.entries(update)) if (key !== '_id') doc[key] = value;
  }
  if (!sameId(doc._id, id)) throw immutableId();
  const after = serializeDoc(doc);
  return after.equals(before) ? undefined : after;
}

function sameId(a: unknown, b: unknown): boolean {
  const x = encodeId(a);
  const y = encodeId(b);
  return Buffer.isBuffer(x) && Buffer.isBuffer(y) ? x.equals(y) : x === y;
}

function immutableId(): CommandError {
  return new CommandError(
    'ImmutableField',
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  );
}

/** The document an upsert inserts when nothing matched. */
export function upsertDocument(filter: Document, rawUpdate: unknown, arrayFilters?: Document[]): Document {
  const update = checkUpdate(rawUpdate);
  const direct = arrayFilters ? undefined : directUpsert(filter, update);
  if (direct) return direct;
  let doc: Document;
  if (isOperatorUpdate(update)) {
    doc = seedFromFilter(filter);
    const { $setOnInsert, ...rest } = update;
    const operators = $setOnInsert ? { ...rest, $set: { ...(rest.$set ?? {}), ...$setOnInsert } } : rest;
    applyOperators(doc, operators, arrayFilters);
  } else {
    const seed = seedFromFilter(filter);
    doc = { ...update };
    if (doc._id === undefined && seed._id !== undefined) doc._id = seed._id;
  }
  return withIdFirst(doc);
}

/**
 * The usual upsert of a whole record, `{ _id } ` with `$set` and `$setOnInsert` of top-level
 * fields, built in one pass: the same document the general path builds (`_id`, then the `$set`
 * fields, then the `$setOnInsert` ones, in order), without its copies and checks. Anything else
 * (dotted or `$` paths, `_id` in the update, a field in both operators, …) returns undefined.
 */
function directUpsert(filter: Document, update: Document): Document | undefined {
  let filterKeys = 0;
  for (const key in filter) if (++filterKeys > 1 || key !== '_id') return undefined;
  const id = filter._id;
  if (
    filterKeys !== 1 ||
    id === undefined ||
    id instanceof RegExp ||
    isPlainObject(id) ||
    Array.isArray(id)
  ) {
    return undefined;
  }
  const { $set, $setOnInsert } = update;
  for (const key in update) if (key !== '$set' && key !== '$setOnInsert') return undefined;
  if (
    ($set !== undefined && !isPlainObject($set)) ||
    ($setOnInsert !== undefined && !isPlainObject($setOnInsert))
  ) {
    return undefined;
  }
  const doc: Document = { _id: id };
  for (const fields of [$set, $setOnInsert]) {
    if (!fields) continue;
    for (const key of Object.keys(fields)) {
      const plain =
        key !== '' && key !== '_id' && key !== '__proto__' && !key.includes('.') && !key.startsWith('$');
      if (!plain || Object.hasOwn(doc, key)) return undefined;
      doc[key] = fields[key];
    }
  }
  return doc;
}

/** Puts `_id` first (generating one when absent), as MongoDB stores it. */
export function withIdFirst(doc: Document): Document {
  const first = Object.keys(doc)[0];
  if (first === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id: _id === undefined ? new ObjectId() : _id, ...rest };
}

/** Equality conditions of a filter become the new document's fields, as MongoDB does for upserts. */
function seedFromFilter(filter: Document): Document {
  const seed: Document = {};
  const visit = (part: Document) => {
    for (const [key, value] of Object.entries(part)) {
      if (key === '$and' && Array.isArray(value)) {
        for (const p of value) if (isPlainObject(p)) visit(p);
        continue;
      }
      if (key.startsWith('$')) continue;
      if (isPlainObject(value)) {
        const keys = Object.keys(value);
        if (keys.some((k) => k.startsWith('$'))) {
          if ('$eq' in value) setPath(seed, key, value.$eq);
          continue;
        }
      }
      if (value instanceof RegExp) continue;
      setPath(seed, key, value);
    }
  };
  visit(filter);
  return seed;
}

function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let current: Record<string, unknown> = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(current[part])) current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts[parts.length - 1]!] = value;
}
