// MongoDB's comparison order for sorting in JavaScript when a sort cannot be pushed into SQLite,
// and the values found at a dotted path (through arrays) that sorting and distinct need.
import type { Document } from 'bson';
import { isPlainObject } from './key-encoding.ts';

const RANK = {
  minKey: 0,
  null: 1,
  number: 2,
  string: 3,
  object: 4,
  array: 5,
  binData: 6,
  objectId: 7,
  boolean: 8,
  date: 9,
  timestamp: 10,
  regex: 11,
  maxKey: 12,
} as const;

function bsonTag(v: unknown): string | undefined {
  return typeof v === 'object' && v !== null ? (v as { _bsontype?: string })._bsontype : undefined;
}

function rank(v: unknown): number {
  if (v === null || v === undefined) return RANK.null;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return RANK.number;
    case 'string':
      return RANK.string;
    case 'boolean':
      return RANK.boolean;
  }
  if (v instanceof Date) return RANK.date;
  if (v instanceof RegExp) return RANK.regex;
  if (Array.isArray(v)) return RANK.array;
  switch (bsonTag(v)) {
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return RANK.number;
    case 'BSONSymbol':
      return RANK.string;
    case 'Binary':
      return RANK.binData;
    case 'ObjectId':
      return RANK.objectId;
    case 'Timestamp':
      return RANK.timestamp;
    case 'BSONRegExp':
      return RANK.regex;
    case 'MinKey':
      return RANK.minKey;
    case 'MaxKey':
      return RANK.maxKey;
  }
  return RANK.object;
}

function cmp<T>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), b);
}

/** Compares two BSON values the way MongoDB orders them. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case RANK.null:
    case RANK.minKey:
    case RANK.maxKey:
      return 0;
    case RANK.number:
      return cmp(Number(a), Number(b));
    case RANK.string:
      return compareBytes(Buffer.from(String(a)), Buffer.from(String(b)));
    case RANK.boolean:
      return cmp(Number(a), Number(b));
    case RANK.date:
      return cmp((a as Date).getTime(), (b as Date).getTime());
    case RANK.objectId:
      return compareBytes((a as { id: Uint8Array }).id, (b as { id: Uint8Array }).id);
    case RANK.binData: {
      const x = a as { position: number; sub_type: number; buffer: Uint8Array };
      const y = b as { position: number; sub_type: number; buffer: Uint8Array };
      return (
        cmp(x.position, y.position) ||
        cmp(x.sub_type, y.sub_type) ||
        compareBytes(x.buffer.subarray(0, x.position), y.buffer.subarray(0, y.position))
      );
    }
    case RANK.array: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareValues(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    case RANK.object: {
      const xe = Object.entries(a as object);
      const ye = Object.entries(b as object);
      for (let i = 0; i < Math.min(xe.length, ye.length); i++) {
        const [xk, xv] = xe[i]!;
        const [yk, yv] = ye[i]!;
        const c =
          rank(xv) - rank(yv) || compareBytes(Buffer.from(xk), Buffer.from(yk)) || compareValues(xv, yv);
        if (c !== 0) return c;
      }
      return xe.length - ye.length;
    }
    default:
      return cmp(String(a), String(b));
  }
}

/** Every value a dotted path reaches, descending into arrays as MongoDB does (arrays flattened once). */
export function valuesAtPath(doc: unknown, path: string[], index = 0): unknown[] {
  if (index === path.length) return Array.isArray(doc) ? [...doc] : [doc];
  if (Array.isArray(doc)) {
    const part = path[index]!;
    const out: unknown[] = [];
    if (/^\d+$/.test(part)) out.push(...valuesAtPath(doc[Number(part)], path, index + 1));
    for (const el of doc) if (isPlainObject(el)) out.push(...valuesAtPath(el, path, index));
    return out;
  }
  if (!isPlainObject(doc)) return [];
  const next = doc[path[index]!];
  return next === undefined ? [] : valuesAtPath(next, path, index + 1);
}

export type SortSpec = Array<[path: string[], direction: 1 | -1]>;

export function parseSort(sort: Document | undefined): SortSpec {
  if (!sort) return [];
  return Object.entries(sort).map(([key, dir]) => {
    const direction = Number(dir);
    if (direction !== 1 && direction !== -1) {
      throw Object.assign(new Error(`sort direction for ${key} must be 1 or -1`), { sortError: true });
    }
    return [key.split('.'), direction];
  });
}

/** The value a document sorts by for one key: the least element ascending, the greatest descending. */
function sortKey(doc: Document, path: string[], direction: 1 | -1): unknown {
  const values = valuesAtPath(doc, path);
  if (values.length === 0) return null;
  let best = values[0];
  for (const v of values) if (compareValues(v, best) * direction < 0) best = v;
  return best;
}

/** Sorts documents in place by a MongoDB sort specification. */
export function sortDocuments(docs: Document[], spec: SortSpec): Document[] {
  if (spec.length === 0) return docs;
  const keyed = docs.map((doc) => ({ doc, keys: spec.map(([p, d]) => sortKey(doc, p, d)) }));
  keyed.sort((x, y) => {
    for (let i = 0; i < spec.length; i++) {
      const c = compareValues(x.keys[i], y.keys[i]) * spec[i]![1];
      if (c !== 0) return c;
    }
    return 0;
  });
  return keyed.map((k) => k.doc);
}
