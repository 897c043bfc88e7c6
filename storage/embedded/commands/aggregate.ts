// aggregate through mingo. A leading $match is answered by the query planner (with pushdown);
// a following $sort + $limit is taken from the index order when the sort can be pushed down.
import type { Document } from 'bson';
import { parseSort } from '../bson-order.ts';
import { badValue, notSupported } from '../command-error.ts';
import { ArraySource } from '../cursors.ts';
import { isPlainObject } from '../key-encoding.ts';
import { runPipeline } from '../mingo-bridge.ts';
import { matchingDocs, sortedMatches } from '../query-executor.ts';
import { type CommandContext, type CommandHandler, existing, namespace, optionalCount } from './context.ts';

/** Splits off `$match`, `$sort`, `$skip`, `$limit` at the head when SQL + mingo can run them directly. */
function sourceFor(
  ctx: CommandContext,
  name: string,
  pipeline: Document[],
): { docs: Iterable<Document>; rest: Document[] } {
  const info = existing(ctx, name);
  if (!info) return { docs: [], rest: pipeline };
  let i = 0;
  let filter: Document = {};
  if (pipeline[0]?.$match !== undefined) {
    if (!isPlainObject(pipeline[0].$match)) throw badValue('$match needs a document');
    filter = pipeline[0].$match;
    i = 1;
  }
  const sortStage = pipeline[i]?.$sort;
  if (isPlainObject(sortStage)) {
    let skip = 0;
    let limit = 0;
    let j = i + 1;
    // Only $skip then $limit in that order keep their meaning when folded into one range.
    if (typeof pipeline[j]?.$skip === 'number') skip = pipeline[j++]!.$skip as number;
    if (typeof pipeline[j]?.$limit === 'number') limit = pipeline[j++]!.$limit as number;
    if (limit > 0) {
      const sort = parseSort(sortStage);
      const docs = sortedMatches(ctx.store, info, filter, { sort, skip, limit }).map((m) => m.doc);
      return { docs, rest: pipeline.slice(j) };
    }
  }
  return { docs: matchingDocs(ctx.store, info, filter), rest: pipeline.slice(i) };
}

const aggregate: CommandHandler = (ctx) => {
  const name = ctx.body.aggregate;
  if (typeof name !== 'string') throw notSupported('database-level aggregate');
  if (ctx.body.explain) throw notSupported('aggregate explain');
  if (ctx.body.collation) throw notSupported('collation');
  const pipeline = ctx.body.pipeline;
  if (!Array.isArray(pipeline) || !pipeline.every(isPlainObject))
    throw badValue('pipeline must be an array of stages');
  const { docs, rest } = sourceFor(ctx, name, pipeline);
  const results = runPipeline(docs, rest, (other) => {
    const info = existing(ctx, other);
    return info ? [...matchingDocs(ctx.store, info, {})] : [];
  });
  const cursorOptions = isPlainObject(ctx.body.cursor) ? ctx.body.cursor : {};
  const batchSize = optionalCount({ ...ctx, body: cursorOptions }, 'batchSize');
  return { cursor: ctx.cursors.open(namespace(ctx, name), new ArraySource(results), batchSize), ok: 1 };
};

export const aggregateCommands: Record<string, CommandHandler> = { aggregate };
