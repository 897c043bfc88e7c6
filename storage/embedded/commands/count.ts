// count and distinct.
import { type Document, EJSON } from 'bson';
import { valuesAtPath } from '../bson-order.ts';
import { badValue, notSupported } from '../command-error.ts';
import { matchingDocs, scanMatches } from '../query-executor.ts';
import { type CommandHandler, collectionName, existing, optionalCount, optionalDocument } from './context.ts';

const count: CommandHandler = (ctx) => {
  const name = collectionName(ctx, 'count');
  if (ctx.body.collation) throw notSupported('collation');
  const info = existing(ctx, name);
  if (!info) return { n: 0, ok: 1 };
  const query = optionalDocument(ctx, 'query') ?? {};
  const skip = optionalCount(ctx, 'skip') ?? 0;
  const limit = Math.abs(Number(ctx.body.limit ?? 0));
  let n: number;
  if (Object.keys(query).length === 0) {
    n = ctx.store.count(info);
  } else {
    n = 0;
    for (const _ of scanMatches(ctx.store, info, query)) {
      n++;
      if (limit > 0 && n >= skip + limit) break;
    }
  }
  n = Math.max(0, n - skip);
  return { n: limit > 0 ? Math.min(n, limit) : n, ok: 1 };
};

/** A key telling BSON-equal values apart from unequal ones (1 and 1.0 are equal, as in MongoDB). */
function identity(value: unknown): string {
  if (typeof value === 'number') return `n:${value}`;
  return `v:${EJSON.stringify({ v: value } as Document, { relaxed: false })}`;
}

const distinct: CommandHandler = (ctx) => {
  const name = collectionName(ctx, 'distinct');
  if (ctx.body.collation) throw notSupported('collation');
  const key = ctx.body.key;
  if (typeof key !== 'string' || key.length === 0) throw badValue('distinct needs a key');
  const info = existing(ctx, name);
  if (!info) return { values: [], ok: 1 };
  const seen = new Map<string, unknown>();
  const path = key.split('.');
  for (const doc of matchingDocs(ctx.store, info, optionalDocument(ctx, 'query') ?? {})) {
    for (const value of valuesAtPath(doc, path)) {
      const id = identity(value);
      if (!seen.has(id)) seen.set(id, value);
    }
  }
  return { values: [...seen.values()], ok: 1 };
};

export const countCommands: Record<string, CommandHandler> = { count, distinct };
