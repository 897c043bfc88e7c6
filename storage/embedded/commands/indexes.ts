// createIndexes, listIndexes, dropIndexes. Index keys become SQLite indexes over key columns.
import type { Document } from 'bson';
import type { CollectionInfo, IndexInfo } from '../catalog.ts';
import { badValue, CommandError, notSupported } from '../command-error.ts';
import { ArraySource } from '../cursors.ts';
import { isPlainObject } from '../key-encoding.ts';
import { partialPaths } from '../partial-index.ts';
import { type CommandHandler, collectionName, existing, namespace } from './context.ts';

const UNSUPPORTED_INDEX_OPTIONS = ['collation', 'wildcardProjection', 'hidden'];

function parseIndex(spec: unknown): IndexInfo {
  if (!isPlainObject(spec) || !isPlainObject(spec.key)) throw badValue('each index needs a key document');
  for (const option of UNSUPPORTED_INDEX_OPTIONS)
    if (spec[option] !== undefined) throw notSupported(`index option ${option}`);
  const key: Record<string, 1 | -1> = {};
  for (const [path, dir] of Object.entries(spec.key)) {
    const n = Number(dir);
    if (n !== 1 && n !== -1) throw notSupported(`index type ${JSON.stringify(dir)}`);
    if (path.startsWith('$') || path.split('.').some((p) => p === ''))
      throw badValue(`bad index key ${path}`);
    key[path] = n;
  }
  if (Object.keys(key).length === 0) throw badValue('index key must not be empty');
  const name =
    typeof spec.name === 'string' && spec.name
      ? spec.name
      : Object.entries(key)
          .map(([k, v]) => `${k}_${v}`)
          .join('_');
  const index: IndexInfo = { name, key, unique: Boolean(spec.unique), sparse: Boolean(spec.sparse) };
  if (spec.partialFilterExpression !== undefined) {
    if (index.unique) throw notSupported('unique indexes with a partialFilterExpression');
    partialPaths(spec.partialFilterExpression);
    index.partialFilterExpression = spec.partialFilterExpression as Document;
  }
  if (spec.expireAfterSeconds !== undefined) {
    const seconds = Number(spec.expireAfterSeconds);
    if (!Number.isFinite(seconds) || seconds < 0)
      throw badValue('expireAfterSeconds must be a non-negative number');
    index.expireAfterSeconds = seconds;
  }
  return index;
}

const sameKey = (a: IndexInfo, b: IndexInfo) => JSON.stringify(a.key) === JSON.stringify(b.key);
const sameOptions = (a: IndexInfo, b: IndexInfo) =>
  a.unique === b.unique &&
  a.sparse === b.sparse &&
  a.expireAfterSeconds === b.expireAfterSeconds &&
  JSON.stringify(a.partialFilterExpression) === JSON.stringify(b.partialFilterExpression);

/** Whether the requested index is new; throws when it clashes with an existing one as MongoDB does. */
function isNew(info: CollectionInfo, index: IndexInfo): boolean {
  for (const current of info.indexes) {
    if (current.name === index.name) {
      if (!sameKey(current, index)) {
        throw new CommandError(
          'IndexKeySpecsConflict',
          `An existing index has the same name as the requested index: ${index.name}`,
        );
      }
      if (current.name === '_id_') return false;
      if (!sameOptions(current, index)) {
        throw new CommandError(
          'IndexOptionsConflict',
          `An existing index has the same name but different options: ${index.name}`,
        );
      }
      return false;
    }
    if (sameKey(current, index) && current.name !== '_id_') {
      throw new CommandError(
        'IndexOptionsConflict',
        `Index already exists with a different name: ${current.name} (requested ${index.name})`,
      );
    }
    if (sameKey(current, index)) return false;
  }
  return true;
}

const createIndexes: CommandHandler = (ctx) => {
  const name = collectionName(ctx, 'createIndexes');
  const specs = ctx.body.indexes;
  if (!Array.isArray(specs) || specs.length === 0) throw badValue('createIndexes needs indexes');
  const indexes = specs.map(parseIndex);
  return ctx.store.transaction(() => {
    const { info, created } = ctx.store.ensureCollection(ctx.dbName, name);
    const before = info.indexes.length;
    const fresh = indexes.filter((index) => isNew(info, index));
    // One back-fill pass for every new key column, then the SQLite indexes.
    ctx.store.addFields(
      info,
      fresh.flatMap((index) => [
        ...Object.keys(index.key),
        ...(index.partialFilterExpression ? partialPaths(index.partialFilterExpression) : []),
      ]),
    );
    for (const index of fresh) ctx.store.createIndex(info, index);
    return {
      createdCollectionAutomatically: created,
      numIndexesBefore: before,
      numIndexesAfter: info.indexes.length,
      ...(before === info.indexes.length ? { note: 'all indexes already exist' } : {}),
      ok: 1,
    };
  });
};

export function describeIndex(index: IndexInfo): Document {
  return {
    v: 2,
    key: index.key,
    name: index.name,
    ...(index.unique && index.name !== '_id_' ? { unique: true } : {}),
    ...(index.sparse ? { sparse: true } : {}),
    ...(index.expireAfterSeconds !== undefined ? { expireAfterSeconds: index.expireAfterSeconds } : {}),
    ...(index.partialFilterExpression ? { partialFilterExpression: index.partialFilterExpression } : {}),
  };
}

function notFound(ctx: Parameters<CommandHandler>[0], name: string): CommandError {
  return new CommandError('NamespaceNotFound', `ns does not exist: ${namespace(ctx, name)}`);
}

const listIndexes: CommandHandler = (ctx) => {
  const name = collectionName(ctx, 'listIndexes');
  const info = existing(ctx, name);
  if (!info) throw notFound(ctx, name);
  const source = new ArraySource(info.indexes.map(describeIndex));
  return { cursor: ctx.cursors.open(namespace(ctx, name), source, undefined), ok: 1 };
};

const dropIndexes: CommandHandler = (ctx) => {
  const name = collectionName(ctx, 'dropIndexes');
  const info = existing(ctx, name);
  if (!info) throw notFound(ctx, name);
  const which = ctx.body.index;
  const was = info.indexes.length;
  const targets = info.indexes.filter((i) => {
    if (i.name === '_id_') return false;
    if (which === '*') return true;
    if (typeof which === 'string') return i.name === which;
    if (Array.isArray(which)) return which.includes(i.name);
    return isPlainObject(which) && JSON.stringify(which) === JSON.stringify(i.key);
  });
  if (targets.length === 0 && which !== '*') {
    throw new CommandError('IndexNotFound', `index not found with name [${JSON.stringify(which)}]`);
  }
  ctx.store.transaction(() => {
    for (const index of targets) ctx.store.dropIndex(info, index);
  });
  return { nIndexesWas: was, ok: 1 };
};

export const indexCommands: Record<string, CommandHandler> = {
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: (ctx) => dropIndexes({ ...ctx, body: { ...ctx.body, dropIndexes: ctx.body.deleteIndexes } }),
};
