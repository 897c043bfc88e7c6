// Encodes field values into SQLite key columns whose SQL order is MongoDB's BSON order, so that
// SQLite indexes can answer equality, range and sort on indexed fields. Values whose matching
// cannot be decided from one scalar (arrays, paths through arrays, Decimal128, NaN, …) get the
// WILDCARD encoding: every query treats such rows as candidates and leaves the decision to mingo.
//
// SQLite orders NULL < numbers < TEXT < BLOB; MongoDB orders null < numbers < strings < objects <
// arrays < binData < ObjectId < bool < date. So numbers and strings are stored natively, null and
// missing as -Infinity (not NULL, so that a unique index treats two missing fields as equal, as
// MongoDB does), and the rest as BLOBs whose first byte is the type tag below.
import { Binary, type Document, ObjectId, serialize } from 'bson';

export const TAG_WILDCARD = 0x00;
export const TAG_OBJECT = 0x05;
export const TAG_BINARY = 0x08;
export const TAG_OTHER = 0x0f;
export const TAG_OBJECT_ID = 0x10;
export const TAG_BOOLEAN = 0x20;
export const TAG_DATE = 0x30;

export type KeyValue = number | string | Buffer;

/** null and missing; a real -Infinity is encoded as a wildcard so the two never mix. */
export const NULL_KEY = Number.NEGATIVE_INFINITY;
export const WILDCARD_KEY = Buffer.from([TAG_WILDCARD]);
/** Blobs in [WILDCARD_LOW, WILDCARD_HIGH) are wildcards (unique columns append a row suffix). */
export const WILDCARD_LOW = Buffer.from([TAG_WILDCARD]);
export const WILDCARD_HIGH = Buffer.from([TAG_WILDCARD + 1]);
/** Blobs below this sort by a rule SQLite cannot reproduce (objects, wildcards). */
export const ORDERED_BLOB_LOW = Buffer.from([TAG_BINARY]);

const DATE_BIAS = 2n ** 63n;
const TRUE_KEY = Buffer.from([TAG_BOOLEAN, 1]);
const FALSE_KEY = Buffer.from([TAG_BOOLEAN, 0]);

/** Encodes a scalar that has an exact, order-preserving key; undefined when it has none. */
export function encodeScalar(value: unknown): KeyValue | undefined {
  if (value === null || value === undefined) return NULL_KEY;
  switch (typeof value) {
    case 'number':
      return Number.isNaN(value) || value === Number.NEGATIVE_INFINITY ? undefined : value;
    case 'string':
      return value;
    case 'boolean':
      // Shared: SQLite copies blob parameters, and nothing writes into a key.
      return value ? TRUE_KEY : FALSE_KEY;
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : undefined;
  }
  if (value instanceof Date) {
    const time = value.getTime();
    if (Number.isNaN(time)) return undefined;
    const out = Buffer.alloc(9);
    out[0] = TAG_DATE;
    out.writeBigUInt64BE(BigInt(time) + DATE_BIAS, 1);
    return out;
  }
  if (value instanceof ObjectId || (value as { _bsontype?: string })._bsontype === 'ObjectId') {
    return Buffer.concat([Buffer.from([TAG_OBJECT_ID]), Buffer.from((value as ObjectId).id)]);
  }
  const bsonType = (value as { _bsontype?: string })._bsontype;
  if (bsonType === 'Long' || bsonType === 'Int32' || bsonType === 'Double') {
    const n = Number((value as { valueOf(): unknown }).valueOf());
    return Number.isSafeInteger(n) || (bsonType !== 'Long' && !Number.isNaN(n)) ? n : undefined;
  }
  return undefined;
}

/** The key of a whole value as stored in a column (objects and binaries exactly, arrays as wildcards). */
export function encodeValue(value: unknown): KeyValue {
  const scalar = encodeScalar(value);
  if (scalar !== undefined) return scalar;
  if (Array.isArray(value)) return WILDCARD_KEY;
  if (value instanceof Binary || (value as { _bsontype?: string })._bsontype === 'Binary') {
    const bin = value as Binary;
    const bytes = bin.buffer.subarray(0, bin.position);
    const head = Buffer.alloc(6);
    head[0] = TAG_BINARY;
    // MongoDB orders binData by length, then subtype, then bytes.
    head.writeUInt32BE(bytes.length, 1);
    head[5] = bin.sub_type;
    return Buffer.concat([head, Buffer.from(bytes)]);
  }
  if (isPlainObject(value)) {
    return Buffer.concat([Buffer.from([TAG_OBJECT]), Buffer.from(serialize(value as Document))]);
  }
  return WILDCARD_KEY;
}

/** Encodes `_id`, which must be exact because it is the primary key (never a wildcard). */
export function encodeId(value: unknown): KeyValue {
  const key = encodeValue(value);
  if (key !== WILDCARD_KEY) return key;
  return Buffer.concat([Buffer.from([TAG_OTHER]), Buffer.from(serialize({ v: value }))]);
}

/**
 * The key of the value at a dotted path. A path that meets an array anywhere (including at its
 * end) is a wildcard, since MongoDB then matches against every element.
 */
export function encodePath(doc: Document, path: string[]): KeyValue {
  let current: unknown = doc;
  for (const part of path) {
    if (Array.isArray(current)) return WILDCARD_KEY;
    if (!isPlainObject(current)) return NULL_KEY;
    current = (current as Record<string, unknown>)[part];
    if (current === undefined) return NULL_KEY;
  }
  return encodeValue(current);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
