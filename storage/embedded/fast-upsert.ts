// The bulk upsert of whole records, `{ q: { _id }, u: { $set, $setOnInsert }, upsert: true }`,
// answered from the statement's bytes when no document has that _id: the stored document is cut
// from the bytes (bson-elements.ts) and only the fields that have key columns are decoded. A
// crawler's or classifier's batch of new ads then never decodes and re-encodes each ad's text and
// evidence. Anything else, or an _id that exists, returns undefined: the general path runs then,
// and gives the same result (the tests check both against each other).
import { type Document, ObjectId } from 'bson';
import {
  documentElements,
  documentFrom,
  documentFromParts,
  type ElementRange,
  isWellFormed,
  NOT_SCALAR,
  scalarValue,
} from './bson-elements.ts';
import type { CollectionInfo } from './catalog.ts';
import { asBuffer, deserializeDoc } from './documents.ts';
import type { KeyedRow, SqliteStore } from './sqlite-store.ts';

const TYPE_DOCUMENT = 0x03;
const TYPE_BOOLEAN = 0x08;
/** `_id` types whose key is always exact (string, ObjectId, int32); others take the general path. */
const EXACT_ID_TYPES = new Set([0x02, 0x07, 0x10]);
/** Statement fields that the direct path may ignore: they cannot change what an insert stores. */
const NEUTRAL_FIELDS = new Set(['q', 'u', 'upsert', 'multi']);

/** A new document ready to store: its `_id`, the decoded fields its keys need, and its bytes. */
export interface PreparedInsert {
  upsertedId: unknown;
  keyed: Document;
  bytes: Buffer;
}

/**
 * The inserted document's `_id` when the statement was answered here; the stored row when its
 * `_id` exists (the statement's filter is exactly that `_id`); undefined otherwise.
 */
export function tryFastUpsert(
  store: SqliteStore,
  info: CollectionInfo,
  bytes: Uint8Array | undefined,
): { upsertedId: unknown } | { existing: KeyedRow } | undefined {
  const prepared = prepareFastUpsert(store, info, bytes);
  if (!prepared) return undefined;
  if ('existing' in prepared) return { existing: prepared.existing };
  store.insert(info, prepared.keyed, prepared.bytes);
  return { upsertedId: prepared.upsertedId };
}

/** What tryFastUpsert would do, without storing: the insert to make, or the existing row. */
export function prepareFastUpsert(
  store: SqliteStore,
  info: CollectionInfo,
  bytes: Uint8Array | undefined,
): PreparedInsert | { existing: KeyedRow; id: unknown; u: ElementRange } | undefined {
  if (!bytes) return undefined;
  const statement = asBuffer(bytes);
  const top = documentElements(statement);
  if (!top || top.some((e) => !NEUTRAL_FIELDS.has(e.name))) return undefined;
  const field = (name: string) => top.find((e) => e.name === name);
  const upsert = field('upsert');
  const multi = field('multi');
  if (!isTrue(statement, upsert) || (multi && isTrue(statement, multi) !== false)) return undefined;
  const q = field('q');
  const u = field('u');
  if (q?.type !== TYPE_DOCUMENT || u?.type !== TYPE_DOCUMENT) return undefined;
  const filter = documentElements(statement, q.valueStart);
  const id = filter?.length === 1 && filter[0]!.name === '_id' ? filter[0]! : undefined;
  if (!id || !EXACT_ID_TYPES.has(id.type)) return undefined;
  // An existing _id (a recrawl) goes to the general path, with the row: it need not look again.
  const idValue = idOf(statement, id);
  const existing = store.byId(info, idValue);
  if (existing) return { existing, id: idValue, u };
  const fields = recordFields(statement, u);
  if (!fields || !isWellFormed(statement, u.valueStart)) return undefined;
  const parts = [id, ...fields.elements].map((e): Part => [statement, e]);
  const keyed = keyedFields(parts, keyedNames(info));
  return { upsertedId: idValue, keyed, bytes: documentFrom(statement, [id, ...fields.bodies]) };
}

/** An existing document's new version from a recrawl's `$set`: its bytes and decoded key fields. */
export interface PreparedUpdate {
  keyed: Document;
  bytes: Buffer;
}

/**
 * A statement that tryFastUpsert would have inserted, applied to the existing row instead, in
 * bytes: each `$set` field replaces the stored one in place (or is appended), `$setOnInsert` does
 * nothing. null when every value is binary-equal to the stored one (MongoDB's no-op rule);
 * undefined when the statement is not of that form.
 */
export function prepareFastUpdate(
  info: CollectionInfo,
  bytes: Uint8Array,
  /** The statement's `u`, as prepareFastUpsert found it. */
  u: ElementRange,
  row: KeyedRow,
): PreparedUpdate | null | undefined {
  const statement = asBuffer(bytes);
  const fields = recordFields(statement, u);
  if (!fields || !isWellFormed(statement, u.valueStart)) return undefined;
  const updates = new Map(fields.set.map((e) => [e.name, e]));
  const stored = documentElements(row.doc);
  if (!stored) return undefined;
  const parts: Part[] = [];
  let changed = false;
  for (const e of stored) {
    const update = updates.get(e.name);
    if (!update) {
      parts.push([row.doc, e]);
      continue;
    }
    updates.delete(e.name);
    parts.push([statement, update]);
    changed ||= !sameElement(row.doc, e, statement, update);
  }
  for (const e of updates.values()) {
    parts.push([statement, e]);
    changed = true;
  }
  if (!changed) return null;
  return { keyed: keyedFields(parts, keyedNames(info)), bytes: documentFromParts(parts) };
}

/** An element of the statement or of the stored document. */
type Part = [Buffer, ElementRange];

function sameElement(a: Buffer, x: ElementRange, b: Buffer, y: ElementRange): boolean {
  return x.type === y.type && a.subarray(x.valueStart, x.end).equals(b.subarray(y.valueStart, y.end));
}

const keyedNameCache = new WeakMap<CollectionInfo, { version: number; names: Set<string> }>();

/** The top-level field names that the collection's key columns read (kept per catalog version). */
function keyedNames(info: CollectionInfo): Set<string> {
  const cached = keyedNameCache.get(info);
  if (cached?.version === info.version) return cached.names;
  const names = new Set<string>();
  for (const column of info.fields.values()) names.add(column.parts[0]!);
  keyedNameCache.set(info, { version: info.version, names });
  return names;
}

/**
 * The decoded part of a document: `_id` and the top-level fields that key columns read, nothing
 * else. Scalars are read straight from the bytes; other values go through the BSON decoder.
 */
function keyedFields(parts: Part[], names: Set<string>): Document {
  const doc: Document = {};
  for (const [bytes, e] of parts) {
    if (e.name !== '_id' && !names.has(e.name)) continue;
    const value = scalarValue(bytes, e);
    doc[e.name] = value === NOT_SCALAR ? deserializeDoc(documentFrom(bytes, [e]))[e.name] : value;
  }
  return doc;
}

/**
 * The fields of `{ $set: {…}, $setOnInsert: {…} }` (either may be absent) when every one is a plain
 * top-level name set once: as directUpsert (update-apply.ts) requires, so both build one document.
 */
function recordFields(
  bytes: Buffer,
  u: ElementRange,
): { elements: ElementRange[]; bodies: ElementRange[]; set: ElementRange[] } | undefined {
  const operators = documentElements(bytes, u.valueStart);
  if (!operators || operators.length === 0) return undefined;
  const elements: ElementRange[] = [];
  const bodies: ElementRange[] = [];
  const seen = new Set<string>();
  let set: ElementRange[] = [];
  for (const name of ['$set', '$setOnInsert']) {
    const operator = operators.find((e) => e.name === name);
    if (!operator) continue;
    if (operator.type !== TYPE_DOCUMENT) return undefined;
    const inner = documentElements(bytes, operator.valueStart);
    if (!inner) return undefined;
    if (name === '$set') set = inner;
    for (const e of inner) {
      if (!isPlainName(e.name) || seen.has(e.name)) return undefined;
      seen.add(e.name);
      elements.push(e);
    }
    // A subdocument's body (between its length and its final 0) is its elements, back to back.
    bodies.push({ ...operator, start: operator.valueStart + 4, end: operator.end - 1 });
  }
  if (bodies.length !== operators.length) return undefined;
  return { elements, bodies, set };
}

function isPlainName(name: string): boolean {
  return (
    name !== '' && name !== '_id' && name !== '__proto__' && !name.includes('.') && !name.startsWith('$')
  );
}

function isTrue(bytes: Uint8Array, element: ElementRange | undefined): boolean | undefined {
  if (element?.type !== TYPE_BOOLEAN) return undefined;
  return bytes[element.valueStart] === 1;
}

/** The `_id` value of an element of one of EXACT_ID_TYPES, read straight from its bytes. */
function idOf(bytes: Buffer, id: ElementRange): unknown {
  if (id.type === 0x02) return bytes.toString('utf8', id.valueStart + 4, id.end - 1);
  if (id.type === 0x10) return bytes.readInt32LE(id.valueStart);
  return new ObjectId(bytes.subarray(id.valueStart, id.end));
}
