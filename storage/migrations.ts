// Schema versions. The `meta` collection holds `{ _id: 'schema', version }`; openStore runs every
// migration above the stored version, in order, recording each one as it completes, so an
// interrupted upgrade resumes where it stopped. Migrations must be idempotent.
import type { Db } from 'mongodb';
import { logger } from '../core/log.ts';
import { COLLECTIONS } from './documents.ts';

const log = logger('storage');

export interface Migration {
  version: number;
  description: string;
  up(db: Db): Promise<void>;
}

interface SchemaDoc {
  _id: string;
  version: number;
  updatedAt: Date;
}

export const SCHEMA_DOC_ID = 'schema';

/** Append new migrations at the end with the next version number; never edit a shipped one. */
export const MIGRATIONS: Migration[] = [
  { version: 1, description: 'initial schema (collections and indexes from indexes.ts)', up: async () => {} },
];

export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

export async function schemaVersion(db: Db): Promise<number> {
  const doc = await db.collection<SchemaDoc>(COLLECTIONS.meta).findOne({ _id: SCHEMA_DOC_ID });
  return doc?.version ?? 0;
}

/** Runs pending migrations; returns the resulting version. */
export async function migrate(db: Db, migrations: Migration[] = MIGRATIONS): Promise<number> {
  let version = await schemaVersion(db);
  const latest = Math.max(0, ...migrations.map((m) => m.version));
  if (version > latest) {
    throw new Error(
      `the store has schema version ${version}, newer than this adrisk (${latest}); upgrade adrisk`,
    );
  }
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= version) continue;
    log.info({ version: migration.version }, `migrating: ${migration.description}`);
    await migration.up(db);
    await db
      .collection<SchemaDoc>(COLLECTIONS.meta)
      .updateOne(
        { _id: SCHEMA_DOC_ID },
        { $set: { version: migration.version, updatedAt: new Date() } },
        { upsert: true },
      );
    version = migration.version;
  }
  return version;
}
