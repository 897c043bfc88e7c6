// Pushdown: turns the parts of a MongoDB filter and sort that SQLite can answer from key columns
// into SQL. The SQL only narrows the candidates (a superset of the matches); every candidate is
// still tested with mingo, so a missed or partial pushdown costs speed, never correctness.
// Sort is pushed down only when SQLite's order on the key columns equals MongoDB's order.
import type { Document } from 'bson';
import type { SortSpec } from './bson-order.ts';
import type { CollectionInfo } from './catalog.ts';
import {
  encodeScalar,
  isPlainObject,
  type KeyValue,
  NULL_KEY,
  TAG_BOOLEAN,
  TAG_DATE,
  TAG_OBJECT,
  TAG_OBJECT_ID,
  TAG_OTHER,
  WILDCARD_HIGH,
  WILDCARD_LOW,
} from './key-encoding.ts';

export interface QueryPlan {
  /** SQL conditions, ANDed. */
  where: string[];
  params: unknown[];
  /** ORDER BY terms when the sort is pushed down; empty when it is not (rows come in rid order). */
  orderBy: string[];
  sortPushed: boolean;
}

interface ColumnRef {
  column: string;
  /** The column may hold wildcard rows that any condition must let through. */
  wild: boolean;
  unordered: boolean;
}

function columnFor(info: CollectionInfo, path: string): ColumnRef | undefined {
  if (path === '_id') return { column: 'id', wild: false, unordered: false };
  const field = info.fields.get(path);
  return field && { column: field.column, wild: field.wild, unordered: field.unordered };
}

/** Blob ranges [low, high) holding every key of one BSON type, for MongoDB's type bracketing. */
function typeBracket(key: KeyValue): [low: KeyValue, high: KeyValue] | undefined {
  if (typeof key === 'number') return key === NULL_KEY ? undefined : [NULL_KEY, ''];
  if (typeof key === 'string') return ['', Buffer.alloc(0)];
  const tag = key[0]!;
  if (tag === TAG_DATE || tag === TAG_OBJECT_ID || tag === TAG_BOOLEAN) {
    return [Buffer.from([tag]), Buffer.from([tag + 1])];
  }
  return undefined;
}

const RANGE_OPS: Record<string, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

class ConditionBuilder {
  readonly where: string[] = [];
  readonly params: unknown[] = [];

  constructor(private readonly info: CollectionInfo) {}

  addFilter(filter: Document): void {
    for (const [key, value] of Object.entries(filter)) {
      if (key === '$and' && Array.isArray(value)) {
        for (const part of value) if (isPlainObject(part)) this.addFilter(part);
        continue;
      }
      if (key.startsWith('$')) continue;
      const ref = columnFor(this.info, key);
      if (!ref) continue;
      if (isOperatorObject(value)) {
        for (const [op, operand] of Object.entries(value)) this.addOperator(ref, op, operand);
      } else {
        this.addOperator(ref, '$eq', value);
      }
    }
  }

  private addOperator(ref: ColumnRef, op: string, operand: unknown): void {
    if (op === '$eq') {
      const key = encodeScalar(operand);
      if (key !== undefined) this.push(ref, `${ref.column} = ?`, [key]);
    } else if (op === '$in' && Array.isArray(operand) && operand.length > 0) {
      const keys = operand.map((v) => (isPlainObject(v) || Array.isArray(v) ? undefined : encodeScalar(v)));
      if (keys.some((k) => k === undefined)) return;
      this.push(ref, `${ref.column} IN (${keys.map(() => '?').join(', ')})`, keys);
    } else if (op in RANGE_OPS) {
      const key = encodeScalar(operand);
      if (key === undefined || key === NULL_KEY) return;
      const bracket = typeBracket(key);
      if (!bracket) return;
      const [low, high] = bracket;
      const sql = RANGE_OPS[op]!;
      const lower = sql.startsWith('>');
      // Keep the other end inside the operand's type, as MongoDB compares only within a type.
      this.push(
        ref,
        lower
          ? `(${ref.column} ${sql} ? AND ${ref.column} < ?)`
          : `(${ref.column} ${typeof low === 'number' ? '>' : '>='} ? AND ${ref.column} ${sql} ?)`,
        lower ? [key, high] : [low, key],
      );
    }
  }

  private push(ref: ColumnRef, sql: string, params: unknown[]): void {
    if (ref.wild) {
      this.where.push(`(${sql} OR (${ref.column} >= ? AND ${ref.column} < ?))`);
      this.params.push(...params, WILDCARD_LOW, WILDCARD_HIGH);
    } else {
      this.where.push(sql);
      this.params.push(...params);
    }
  }
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

/**
 * Whether `_id` values SQLite cannot order (objects, binaries, exotic types) exist; checked with
 * the unique `_id` index, so it costs one index probe.
 */
export type IdOrderProbe = () => boolean;

export function planQuery(
  info: CollectionInfo,
  filter: Document,
  sort: SortSpec,
  idHasUnorderedValues: IdOrderProbe,
): QueryPlan {
  const builder = new ConditionBuilder(info);
  builder.addFilter(filter);
  const orderBy: string[] = [];
  let sortPushed = sort.length === 0;
  if (sort.length > 0) {
    const refs = sort.map(([path]) => columnFor(info, path.join('.')));
    const pushable =
      refs.every((r) => r && !r.unordered) &&
      (!refs.some((r) => r?.column === 'id') || !idHasUnorderedValues());
    if (pushable) {
      refs.forEach((r, i) => {
        orderBy.push(`${r!.column} ${sort[i]![1] === -1 ? 'DESC' : 'ASC'}`);
      });
      sortPushed = true;
    }
  }
  return { where: builder.where, params: builder.params, orderBy, sortPushed };
}

/** Keys of `_id` that sort by a rule SQLite cannot reproduce lie in [TAG_OBJECT, TAG_OBJECT_ID). */
export const UNORDERED_ID_LOW = Buffer.from([TAG_OBJECT]);
export const UNORDERED_ID_HIGH = Buffer.from([TAG_OTHER + 1]);
