// Pushdown: turns the parts of a MongoDB filter and sort that SQLite can answer from key columns
// into SQL. The SQL only narrows the candidates (a superset of the matches); every candidate is
// still tested with mingo, so a missed or partial pushdown costs speed, never correctness.
// Sort is pushed down only when SQLite's order on the key columns equals MongoDB's order.
import type { Document } from 'bson';
import type { SortSpec } from './bson-order.ts';
import type { CollectionInfo, IndexInfo } from './catalog.ts';
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
import { partialPaths, partialTerms } from './partial-index.ts';

export interface QueryPlan {
  /** SQL conditions, ANDed. */
  where: string[];
  params: unknown[];
  /** ORDER BY terms when the sort is pushed down; empty when it is not (rows come in rid order). */
  orderBy: string[];
  sortPushed: boolean;
  /**
   * SQLite indexes that return rows already in the pushed-down sort order (their leading keys are
   * equality-constrained, the next ones are the sort), best first. SQLite's cost model sometimes
   * prefers another index plus a sort of every candidate row (a temp B-tree), which for a limited
   * query on a large collection reads and holds the whole range; the executor then names one.
   */
  orderedIndexes: OrderedIndex[];
  /** The key column each `where` term tests. */
  termColumns: string[];
}

export interface OrderedIndex {
  sqlName: string;
  /** Columns of its equality-constrained prefix: the only terms it should seek on. */
  seek: Set<string>;
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
  readonly termColumns: string[] = [];
  /** Paths constrained by a plain `column = ?` (one key value, no wildcard rows): constant in index order. */
  readonly equalities = new Set<string>();
  /** Paths with a pushed term that no null or missing value satisfies (what partial indexes need). */
  readonly present = new Set<string>();

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
      const ops = isOperatorObject(value) ? Object.entries(value) : [['$eq', value] as const];
      for (const [op, operand] of ops) {
        const before = this.where.length;
        if (this.addOperator(ref, op, operand) && op === '$eq') this.equalities.add(key);
        if (this.where.length > before && excludesNull(op, operand)) this.present.add(key);
      }
    }
  }

  /** Returns true when a plain equality on a column without wildcard rows was pushed. */
  private addOperator(ref: ColumnRef, op: string, operand: unknown): boolean {
    if (op === '$eq') {
      const key = encodeScalar(operand);
      if (key === undefined) return false;
      this.push(ref, `${ref.column} = ?`, [key]);
      return !ref.wild;
    }
    if (op === '$in' && Array.isArray(operand) && operand.length > 0) {
      const keys = operand.map((v) => (isPlainObject(v) || Array.isArray(v) ? undefined : encodeScalar(v)));
      if (keys.some((k) => k === undefined)) return false;
      this.push(ref, `${ref.column} IN (${keys.map(() => '?').join(', ')})`, keys);
    } else if (op in RANGE_OPS) {
      const key = encodeScalar(operand);
      if (key === undefined || key === NULL_KEY) return false;
      const bracket = typeBracket(key);
      if (!bracket) return false;
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
    return false;
  }

  private push(ref: ColumnRef, sql: string, params: unknown[]): void {
    this.termColumns.push(ref.column);
    if (ref.wild) {
      this.where.push(`(${sql} OR (${ref.column} >= ? AND ${ref.column} < ?))`);
      this.params.push(...params, WILDCARD_LOW, WILDCARD_HIGH);
    } else {
      this.where.push(sql);
      this.params.push(...params);
    }
  }
}

/** Whether a pushed comparison can only hold for a present, non-null value (ranges never match null). */
function excludesNull(op: string, operand: unknown): boolean {
  if (op === '$eq') return operand !== null && operand !== undefined;
  if (op === '$in') return Array.isArray(operand) && !operand.some((v) => v === null || v === undefined);
  return op in RANGE_OPS && operand !== null && operand !== undefined;
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
  const usable = usableIndexes(info, builder.present);
  const where = [...builder.where];
  const termColumns = [...builder.termColumns];
  // A partial index's own condition, repeated so that SQLite may use the index; implied by the
  // pushed terms, so it drops no candidate. Its column is blank so that no rewrite touches it.
  for (const term of new Set(usable.flatMap((index) => partialTerms(info, index)))) {
    where.push(term);
    termColumns.push('');
  }
  const orderedIndexes =
    sortPushed && sort.length > 0 ? indexesInOrder(info, usable, builder.equalities, sort) : [];
  return { where, params: builder.params, orderBy, sortPushed, orderedIndexes, termColumns };
}

/**
 * Declared indexes whose keys are: equality-constrained paths, then the sort's paths with all
 * directions as given or all reversed (sort paths that are equality-constrained are constant and
 * dropped). Longest equality prefix first, as it narrows the range most.
 */
function indexesInOrder(
  info: CollectionInfo,
  usable: IndexInfo[],
  equalities: Set<string>,
  sort: SortSpec,
): OrderedIndex[] {
  const wanted = sort
    .map(([path, dir]) => [path.join('.'), dir] as const)
    .filter(([p]) => !equalities.has(p));
  const found: Array<OrderedIndex & { prefix: number }> = [];
  for (const index of usable) {
    if (!index.sqlName) continue;
    const keys = Object.entries(index.key);
    let prefix = 0;
    while (prefix < keys.length && equalities.has(keys[prefix]![0])) prefix++;
    if (keys.length - prefix < wanted.length) continue;
    const flip = wanted.length > 0 && keys[prefix]![1] !== wanted[0]![1];
    const fits = wanted.every(([path, dir], i) => {
      const [keyPath, keyDir] = keys[prefix + i]!;
      return keyPath === path && (keyDir === dir) !== flip;
    });
    if (!fits) continue;
    const seek = new Set(keys.slice(0, prefix).map(([path]) => columnFor(info, path)!.column));
    found.push({ sqlName: index.sqlName, seek, prefix });
  }
  return found.sort((a, b) => b.prefix - a.prefix);
}

/** Indexes the query may use: every full index, and the partial ones whose paths it requires. */
function usableIndexes(info: CollectionInfo, present: Set<string>): IndexInfo[] {
  return info.indexes.filter(
    (index) =>
      !index.partialFilterExpression ||
      partialPaths(index.partialFilterExpression).every((path) => present.has(path)),
  );
}

/** Keys of `_id` that sort by a rule SQLite cannot reproduce lie in [TAG_OBJECT, TAG_OBJECT_ID). */
export const UNORDERED_ID_LOW = Buffer.from([TAG_OBJECT]);
export const UNORDERED_ID_HIGH = Buffer.from([TAG_OTHER + 1]);
