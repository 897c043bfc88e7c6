// The catalog: which collections exist, which SQLite table holds each, which field paths have key
// columns, and which indexes are declared. Kept in SQLite tables and mirrored in memory.
import type Database from 'better-sqlite3';
import { type Document, deserialize, serialize } from 'bson';

export interface IndexInfo {
  name: string;
  key: Record<string, 1 | -1>;
  unique: boolean;
  sparse: boolean;
  expireAfterSeconds?: number;
  /**
   * A partial index: only documents where each of these paths exists are indexed (MongoDB's
   * `partialFilterExpression` of `$exists: true` terms, the form adrisk uses).
   */
  partialFilterExpression?: Document;
  /** The SQLite index name, absent for `_id_` (the table's own unique column). */
  sqlName?: string;
  /** The partial unique SQLite index of a sparse unique index. */
  sqlUniqueName?: string;
}

export interface FieldColumn {
  path: string;
  parts: string[];
  column: string;
  /** Some row once held a wildcard here (array, …): equality and ranges must also accept those rows. Sticky. */
  wild: boolean;
  /** Some row once held a value SQLite cannot order like MongoDB (wildcard or object): no sort pushdown. Sticky. */
  unordered: boolean;
}

export const FLAG_WILD = 1;
export const FLAG_UNORDERED = 2;

export interface CollectionInfo {
  id: number;
  db: string;
  name: string;
  table: string;
  fields: Map<string, FieldColumn>;
  indexes: IndexInfo[];
  /** Bumped on every schema change so prepared statements get rebuilt. */
  version: number;
}

export const ID_INDEX: IndexInfo = { name: '_id_', key: { _id: 1 }, unique: true, sparse: false };

export function loadCatalog(db: Database.Database): Map<string, CollectionInfo> {
  db.exec(`
    CREATE TABLE IF NOT EXISTS _collections (id INTEGER PRIMARY KEY, db TEXT NOT NULL, name TEXT NOT NULL, UNIQUE (db, name));
    CREATE TABLE IF NOT EXISTS _fields (coll INTEGER NOT NULL, path TEXT NOT NULL, col TEXT NOT NULL, flags INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (coll, path));
    CREATE TABLE IF NOT EXISTS _indexes (coll INTEGER NOT NULL, name TEXT NOT NULL, spec BLOB NOT NULL, PRIMARY KEY (coll, name));
  `);
  const out = new Map<string, CollectionInfo>();
  const rows = db.prepare('SELECT id, db, name FROM _collections').all() as Array<{
    id: number;
    db: string;
    name: string;
  }>;
  for (const row of rows) {
    const info: CollectionInfo = {
      ...row,
      table: tableName(row.id),
      fields: new Map(),
      indexes: [ID_INDEX],
      version: 0,
    };
    for (const f of db
      .prepare('SELECT path, col, flags FROM _fields WHERE coll = ? ORDER BY rowid')
      .all(row.id) as Array<{
      path: string;
      col: string;
      flags: number;
    }>) {
      info.fields.set(f.path, {
        path: f.path,
        parts: f.path.split('.'),
        column: f.col,
        wild: (f.flags & FLAG_WILD) !== 0,
        unordered: (f.flags & FLAG_UNORDERED) !== 0,
      });
    }
    for (const i of db
      .prepare('SELECT spec FROM _indexes WHERE coll = ? ORDER BY rowid')
      .all(row.id) as Array<{
      spec: Buffer;
    }>) {
      info.indexes.push(deserialize(i.spec) as IndexInfo);
    }
    out.set(namespaceKey(row.db, row.name), info);
  }
  return out;
}

export function namespaceKey(db: string, name: string): string {
  return `${db}.${name}`;
}

export function tableName(id: number): string {
  return `c${id}`;
}

export function saveIndex(db: Database.Database, info: CollectionInfo, index: IndexInfo): void {
  db.prepare('INSERT OR REPLACE INTO _indexes (coll, name, spec) VALUES (?, ?, ?)').run(
    info.id,
    index.name,
    Buffer.from(serialize(index as unknown as Document)),
  );
}
