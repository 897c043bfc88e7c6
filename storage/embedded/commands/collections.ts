// create, drop, dropDatabase, listCollections, listDatabases.
import type { Document } from 'bson';
import { CommandError, notSupported } from '../command-error.ts';
import { ArraySource } from '../cursors.ts';
import { compileFilter } from '../mingo-bridge.ts';
import { type CommandHandler, collectionName, existing, namespace, optionalDocument } from './context.ts';

const UNSUPPORTED_CREATE_OPTIONS = [
  'capped',
  'timeseries',
  'clusteredIndex',
  'validator',
  'viewOn',
  'collation',
];

const create: CommandHandler = (ctx) => {
  const name = collectionName(ctx, 'create');
  for (const option of UNSUPPORTED_CREATE_OPTIONS) {
    if (ctx.body[option] !== undefined) throw notSupported(`create option ${option}`);
  }
  const { created } = ctx.store.transaction(() => ctx.store.ensureCollection(ctx.dbName, name));
  if (!created)
    throw new CommandError('NamespaceExists', `Collection ${namespace(ctx, name)} already exists.`);
  return { ok: 1 };
};

const drop: CommandHandler = (ctx) => {
  const name = collectionName(ctx, 'drop');
  const info = existing(ctx, name);
  // Since MongoDB 7.0 dropping a missing collection succeeds.
  if (!info) return { ok: 1 };
  const nIndexesWas = info.indexes.length;
  ctx.store.transaction(() => ctx.store.dropCollection(info));
  return { ns: namespace(ctx, name), nIndexesWas, ok: 1 };
};

const dropDatabase: CommandHandler = (ctx) => {
  ctx.store.transaction(() => {
    for (const info of ctx.store.collections(ctx.dbName)) ctx.store.dropCollection(info);
  });
  return { dropped: ctx.dbName, ok: 1 };
};

const listCollections: CommandHandler = (ctx) => {
  const matcher = compileFilter(optionalDocument(ctx, 'filter'));
  const docs: Document[] = ctx.store
    .collections(ctx.dbName)
    .map((info) => ({
      name: info.name,
      type: 'collection',
      options: {},
      info: { readOnly: false },
      idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
    }))
    .filter(matcher)
    .map((d) => (ctx.body.nameOnly ? { name: d.name, type: d.type } : d));
  return {
    cursor: ctx.cursors.open(namespace(ctx, '$cmd.listCollections'), new ArraySource(docs), undefined),
    ok: 1,
  };
};

const listDatabases: CommandHandler = (ctx) => {
  const matcher = compileFilter(optionalDocument(ctx, 'filter'));
  const databases = ctx.store
    .databases()
    .map((name) => ({ name, sizeOnDisk: 0, empty: false }))
    .filter(matcher);
  return ctx.body.nameOnly
    ? { databases: databases.map((d) => ({ name: d.name })), ok: 1 }
    : { databases, totalSize: 0, ok: 1 };
};

const collStats: CommandHandler = (ctx) => {
  const name = collectionName(ctx, 'collStats');
  const info = existing(ctx, name);
  const count = info ? ctx.store.count(info) : 0;
  return {
    ns: namespace(ctx, name),
    count,
    size: 0,
    storageSize: 0,
    nindexes: info?.indexes.length ?? 0,
    ok: 1,
  };
};

export const collectionCommands: Record<string, CommandHandler> = {
  create,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
  collStats,
};
