// Creates every index declared in indexes.ts, idempotently. A declaration whose key or options
// changed replaces the old index of the same name (declarations are the single source of truth).
import type { Db, MongoServerError } from 'mongodb';
import { logger } from '../core/log.ts';
import { INDEXES, type IndexSpec } from './indexes.ts';

const log = logger('storage');
const INDEX_CONFLICT_CODES = new Set([85, 86]);

function describe(spec: IndexSpec) {
  return {
    key: spec.key,
    name: spec.name,
    ...(spec.unique ? { unique: true } : {}),
    ...(spec.sparse ? { sparse: true } : {}),
    ...(spec.expireAfterSeconds !== undefined ? { expireAfterSeconds: spec.expireAfterSeconds } : {}),
    ...(spec.partialFilterExpression ? { partialFilterExpression: spec.partialFilterExpression } : {}),
  };
}

/** The embedded server names its storage engine in buildInfo; MongoDB names its own. */
const EMBEDDED_ENGINE = 'adrisk-sqlite';

/** Whether the server indexes each element of an array (MongoDB does; the embedded store does not). */
export async function indexesArrayElements(db: Db): Promise<boolean> {
  const info = await db.admin().command({ buildInfo: 1 });
  return !(Array.isArray(info.storageEngines) && info.storageEngines.includes(EMBEDDED_ENGINE));
}

export async function ensureIndexes(db: Db, specs: IndexSpec[] = INDEXES): Promise<void> {
  if (specs.some((s) => s.multikey) && !(await indexesArrayElements(db))) {
    await dropIndexes(
      db,
      specs.filter((s) => s.multikey),
    );
    specs = specs.filter((s) => !s.multikey);
  }
  const byCollection = new Map<string, IndexSpec[]>();
  for (const spec of specs)
    byCollection.set(spec.collection, [...(byCollection.get(spec.collection) ?? []), spec]);
  for (const [collection, list] of byCollection) {
    try {
      // All of a collection's indexes in one command: the embedded store back-fills once.
      await db.collection(collection).createIndexes(list.map(describe));
      continue;
    } catch (error) {
      if (!INDEX_CONFLICT_CODES.has((error as MongoServerError).code as number)) throw error;
    }
    for (const spec of list) {
      try {
        await db.collection(collection).createIndexes([describe(spec)]);
      } catch (error) {
        if (!INDEX_CONFLICT_CODES.has((error as MongoServerError).code as number)) throw error;
        log.info({ collection, index: spec.name }, 'index declaration changed; rebuilding it');
        const existing = await db.collection(collection).listIndexes().toArray();
        const sameKey = JSON.stringify(spec.key);
        for (const index of existing) {
          if (index.name !== '_id_' && (index.name === spec.name || JSON.stringify(index.key) === sameKey)) {
            await db.collection(collection).dropIndex(index.name as string);
          }
        }
        await db.collection(collection).createIndexes([describe(spec)]);
      }
    }
  }
}

/** Drops these indexes where a store has them (a store made before they became MongoDB-only). */
async function dropIndexes(db: Db, specs: IndexSpec[]): Promise<void> {
  for (const spec of specs) {
    const collection = db.collection(spec.collection);
    const existing = await collection
      .listIndexes()
      .toArray()
      .catch(() => []);
    if (!existing.some((i) => i.name === spec.name)) continue;
    log.info({ collection: spec.collection, index: spec.name }, 'dropping an index this store cannot use');
    await collection.dropIndex(spec.name);
  }
}
