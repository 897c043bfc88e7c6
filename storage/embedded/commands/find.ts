// find, getMore and killCursors.
import { Long } from 'bson';
import { parseSort } from '../bson-order.ts';
import { badValue, CommandError, notSupported } from '../command-error.ts';
import type { BatchSource } from '../cursors.ts';
import { type FindSpec, ScanSource, SortedSource } from '../find-sources.ts';
import { compileFilter, compileProjection } from '../mingo-bridge.ts';
import {
  type CommandContext,
  type CommandHandler,
  collectionName,
  namespace,
  optionalCount,
  optionalDocument,
} from './context.ts';

const UNSUPPORTED_FIND_OPTIONS = [
  'collation',
  'tailable',
  'awaitData',
  'min',
  'max',
  'returnKey',
  'showRecordId',
];

/** Parses sort, turning a bad direction into BadValue. */
export function readSort(ctx: CommandContext, field = 'sort') {
  try {
    return parseSort(optionalDocument(ctx, field));
  } catch (error) {
    throw badValue((error as Error).message);
  }
}

/** One-batch sources report exhaustion after the first batch, so no cursor stays open. */
class SingleBatch implements BatchSource {
  private used = false;
  constructor(private readonly inner: BatchSource) {}
  get exhausted(): boolean {
    return this.used || this.inner.exhausted;
  }
  next(maxDocs: number, maxBytes: number) {
    this.used = true;
    return this.inner.next(maxDocs, maxBytes);
  }
}

const find: CommandHandler = (ctx) => {
  const name = collectionName(ctx, 'find');
  for (const option of UNSUPPORTED_FIND_OPTIONS) {
    if (ctx.body[option]) throw notSupported(`find option ${option}`);
  }
  const filter = optionalDocument(ctx, 'filter') ?? {};
  const rawLimit = Number(ctx.body.limit ?? 0);
  const spec: FindSpec = {
    store: ctx.store,
    dbName: ctx.dbName,
    collection: name,
    filter,
    matcher: compileFilter(filter),
    project: compileProjection(optionalDocument(ctx, 'projection')),
    sort: readSort(ctx),
    skip: optionalCount(ctx, 'skip') ?? 0,
    limit: Math.abs(rawLimit),
  };
  let source: BatchSource = spec.sort.length > 0 ? new SortedSource(spec) : new ScanSource(spec);
  if (ctx.body.singleBatch || rawLimit < 0) source = new SingleBatch(source);
  const batchSize = optionalCount(ctx, 'batchSize');
  return { cursor: ctx.cursors.open(namespace(ctx, name), source, batchSize), ok: 1 };
};

function cursorId(value: unknown): bigint {
  if (value instanceof Long) return value.toBigInt();
  if (typeof value === 'number' || typeof value === 'bigint') return BigInt(value);
  throw badValue('cursor id must be a number');
}

const getMore: CommandHandler = (ctx) => {
  const id = cursorId(ctx.body.getMore);
  const collection = ctx.body.collection;
  if (typeof collection !== 'string') throw badValue('getMore needs collection');
  const cursor = ctx.cursors.getMore(id, namespace(ctx, collection), optionalCount(ctx, 'batchSize'));
  if (!cursor) throw new CommandError('CursorNotFound', `cursor id ${id} not found`);
  return { cursor, ok: 1 };
};

const killCursors: CommandHandler = (ctx) => {
  const ids = Array.isArray(ctx.body.cursors) ? ctx.body.cursors : [];
  const killed: Long[] = [];
  const notFound: Long[] = [];
  for (const raw of ids) {
    const id = cursorId(raw);
    (ctx.cursors.kill(id) ? killed : notFound).push(Long.fromBigInt(id));
  }
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

export const findCommands: Record<string, CommandHandler> = { find, getMore, killCursors };
