// The SQLite side of the embedded server: one file per data directory (WAL), one table per
// collection holding each document as a BSON blob plus one key column per indexed field path.
// Every method is synchronous; the caller wraps each command in one transaction.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type Document, ObjectId } from 'bson';
import { logger } from '../../core/log.ts';
import {
  type CollectionInfo,
  type FieldColumn,
  FLAG_UNORDERED,
  FLAG_WILD,
  ID_INDEX,
  type IndexInfo,
  loadCatalog,
  namespaceKey,
  saveIndex,
  tableName,
} from './catalog.ts';
import { Checkpointer } from './checkpointer.ts';
import { CommandError } from './command-error.ts';
import { asBuffer, deserializeDoc, serializeDoc } from './documents.ts';
import { committedSeq, GroupCommit } from './group-commit.ts';
import {
  encodeId,
  encodePath,
  type KeyValue,
  TAG_BINARY,
  TAG_WILDCARD,
  WILDCARD_KEY,
} from './key-encoding.ts';
import { partialTerms } from './partial-index.ts';
import { PUT, REDO_LOG_FILE, REMOVE, type RedoFrame, RedoLog, readFrames } from './redo-log.ts';

export const DATABASE_FILE = 'store.sqlite';
const log = logger('embedded-store');
/** Rows read per chunk when back-filling a new key column. */
const BACKFILL_CHUNK = 5_000;
const STATEMENT_CACHE_SIZE = 500;
const ANALYSIS_LIMIT = 100_000;
/**
 * SQLite's page cache, per connection. It is anonymous memory of this process: a 256 MiB cache
 * made the store process alone exceed the crawler's 500 MB budget with a 1,000,000-URL frontier.
 * 64 MiB still holds the hot index pages of a few hundred thousand documents; the OS page cache
 * (not counted as this process's memory) serves the rest.
 */
const CACHE_KIB = 64 * 1024;
/**
 * No memory-mapped I/O: every mapped page that a read touches counts as resident memory of this
 * process, and ANALYZE, which counts a table's rows, touches every page of the table, so the
 * frontier's 500 MB table became 500 MB of RSS. Reads go through the page cache instead.
 */
const MMAP_BYTES = 0;
/**
 * Page size of new databases. Random index inserts dirty about one page per index per row, and
 * each dirty page is one WAL frame (two write calls) at commit: larger pages mean far fewer frames
 * per batch. Existing databases keep their page size.
 */
const PAGE_BYTES = 16_384;
/** WAL size at which the background checkpointer copies it back into the database file. */
const BACKGROUND_CHECKPOINT_BYTES = 32 * 2 ** 20;
/** WAL size at which a commit checkpoints itself (the backstop when the background one lags). */
const BACKSTOP_CHECKPOINT_BYTES = 128 * 2 ** 20;
/**
 * A WAL file that SQLite restarts is truncated to this size: its size then tells the checkpointer
 * how much was written since, and a burst does not keep its disk space.
 */
const WAL_SIZE_LIMIT_BYTES = 0;
/** Re-analyse a table once it has seen this many writes, and at least as many as it had rows. */
const ANALYZE_MIN_WRITES = 1_000;

export interface Row {
  rid: number;
  doc: Buffer;
}

/** A row with its current key columns (in `info.fields` order), so an update need not re-read them. */
export interface KeyedRow extends Row {
  keys: KeyValue[];
}

interface Statements {
  version: number;
  insert: Database.Statement;
  /** Reads a row's current key columns, so an update rewrites only the indexes whose keys changed. */
  readKeys: Database.Statement | undefined;
  /** UPDATE statements by the set of changed key columns. */
  updates: Map<string, Database.Statement>;
  remove: Database.Statement;
  byId: Database.Statement;
  /** Unique key columns: a wildcard there must not collide with other rows' wildcards. */
  uniqueColumns: Set<string>;
}

export class SqliteStore {
  readonly db: Database.Database;
  private readonly catalog: Map<string, CollectionInfo>;
  private readonly statements = new Map<number, Statements>();
  private readonly statementCache = new Map<string, Database.Statement>();
  /** Query rewrites decided from SQLite's plan (see orderedSql), by SQL text; reset with the statistics. */
  private readonly planChoices = new Map<string, string>();
  /** Writes since the last ANALYZE and row count then, per collection id. */
  private readonly churn = new Map<number, { writes: number; rows: number }>();

  private readonly checkpointer: Checkpointer | undefined;
  /** Off: every write transaction commits on its own. */
  private readonly group: GroupCommit | undefined;
  /** Bumped by every write to the catalog tables, which the redo log cannot replay. */
  private catalogWrites = 0;
  /** Nesting depth of transaction(); only the outermost one takes part in group commit. */
  private depth = 0;

  constructor(
    dataDir: string,
    options: {
      synchronous?: 'NORMAL' | 'FULL';
      /** WAL size from which the background thread checkpoints; 0 turns it off. */
      checkpointBytes?: number;
      /** Commit many write commands at once behind a redo log (group-commit.ts). @default true */
      groupCommit?: boolean;
    } = {},
  ) {
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, DATABASE_FILE);
    this.db = new Database(file);
    const synchronous = options.synchronous ?? 'NORMAL';
    configureConnection(this.db, synchronous);
    this.catalog = loadCatalog(this.db);
    const checkpointBytes = options.checkpointBytes ?? BACKGROUND_CHECKPOINT_BYTES;
    if (checkpointBytes > 0) this.checkpointer = new Checkpointer(file, checkpointBytes, synchronous);
    const redoFile = join(dataDir, REDO_LOG_FILE);
    const seq = this.recover(redoFile);
    if (options.groupCommit === false) return;
    this.group = new GroupCommit(this.db, new RedoLog(redoFile, synchronous === 'FULL'), redoFile, seq, {
      committed: () => this.checkpointer?.afterCommit(),
      rolledBack: () => this.reloadCatalog(),
      replay: (frames) => this.replay(frames),
    });
  }

  /**
   * Applies the redo log's frames that SQLite had not committed when the last process stopped
   * (killed, or its commit failed), commits them, and returns the last sequence number.
   */
  private recover(redoFile: string): number {
    const committed = committedSeq(this.db);
    const frames = readFrames(redoFile).filter((f) => f.seq > committed);
    if (frames.length === 0) return committed;
    const seq = frames[frames.length - 1]!.seq;
    this.db.transaction(() => {
      this.replay(frames);
      this.db.prepare('INSERT OR REPLACE INTO _redo (id, seq) VALUES (1, ?)').run(seq);
    })();
    log.info({ frames: frames.length }, 'applied acknowledged writes from the redo log');
    return seq;
  }

  /** Stores or removes each logged document again, by _id. */
  private replay(frames: RedoFrame[]): void {
    const byId = new Map([...this.catalog.values()].map((info) => [info.id, info]));
    for (const frame of frames) {
      for (const record of frame.records) {
        const info = byId.get(record.coll);
        if (!info) {
          log.warn({ coll: record.coll }, 'redo log names a collection that no longer exists; skipped');
          continue;
        }
        const doc = deserializeDoc(record.bson);
        const row = this.byId(info, doc._id);
        if (record.kind === REMOVE) {
          if (row) this.remove(info, row.rid, doc._id);
        } else if (row) this.replace(info, row.rid, doc, asBuffer(record.bson), row.keys);
        else this.insert(info, doc, record.bson);
      }
    }
  }

  /** Stops the checkpointer, then closes the connection (the last one out checkpoints the WAL). */
  async close(): Promise<void> {
    if (this.db.open) this.group?.close();
    await this.checkpointer?.close();
    if (this.db.open) this.db.close();
  }

  /**
   * Runs a write atomically. With group commit it is durable (in the redo log) when this returns;
   * `commit` makes SQLite commit at once, for writes the log cannot replay (bulk SQL deletes).
   */
  transaction<T>(fn: () => T, options: { commit?: boolean } = {}): T {
    const group = this.depth === 0 ? this.group : undefined;
    if (!group || options.commit) return this.savepointTransaction(fn, group);
    // No savepoint: SQLite copies each page a savepoint modifies into its sub-journal, which for
    // a batch of random index inserts is most of the indexes. A failure instead rolls the window
    // back and applies the redo log again, which holds every acknowledged command.
    const catalogWrites = this.catalogWrites;
    group.begin();
    let result: T;
    this.depth++;
    try {
      result = fn();
    } catch (error) {
      const wrote = group.abandon() || this.catalogWrites !== catalogWrites;
      if (wrote) group.rollback();
      throw error;
    } finally {
      this.depth--;
    }
    if (this.catalogWrites !== catalogWrites) {
      // The catalog is not in the log: commit it (and the window) now.
      group.settle(true);
      return result;
    }
    group.seal();
    group.settle(false);
    return result;
  }

  /** A transaction in a savepoint (or on its own, without group commit), committed at once. */
  private savepointTransaction<T>(fn: () => T, group: GroupCommit | undefined): T {
    group?.begin();
    let result: T;
    this.depth++;
    try {
      result = this.db.transaction(fn)();
    } catch (error) {
      group?.abandon();
      // Rolled back: collections, key columns and flags created inside it are gone from SQLite,
      // so the in-memory catalog is read again rather than left pointing at missing tables.
      if (!this.db.inTransaction || group) this.reloadCatalog();
      throw error;
    } finally {
      this.depth--;
    }
    if (group) group.settle(true);
    else if (!this.db.inTransaction) this.checkpointer?.afterCommit();
    return result;
  }

  /**
   * Whether new documents of this collection can be acknowledged before they are stored: with
   * group commit, and no unique index but _id's, an insert of an absent _id cannot fail.
   */
  canLogAhead(info: CollectionInfo): boolean {
    return (
      this.group !== undefined &&
      this.depth === 0 &&
      info.indexes.every((i) => i.name === ID_INDEX.name || !i.unique)
    );
  }

  /** Makes these new documents durable in the redo log; applyLogged must then store them. */
  logAhead(info: CollectionInfo, docs: Buffer[]): void {
    this.group!.append(docs.map((bson) => ({ kind: PUT, coll: info.id, bson })));
  }

  /** Stores writes that logAhead has logged; a failure rolls back and applies the log again. */
  applyLogged(fn: () => void): void {
    const group = this.group!;
    const catalogWrites = this.catalogWrites;
    group.beginLogged();
    this.depth++;
    try {
      fn();
    } catch (error) {
      group.rollback();
      throw error;
    } finally {
      this.depth--;
    }
    group.settle(this.catalogWrites !== catalogWrites);
  }

  /** Commits pending group-commit writes to SQLite now (tests, and before copying the files). */
  commitPending(): void {
    this.group?.commit();
  }

  private reloadCatalog(): void {
    this.catalog.clear();
    for (const [key, info] of loadCatalog(this.db)) this.catalog.set(key, info);
    this.statements.clear();
    this.statementCache.clear();
    this.planChoices.clear();
  }

  collection(dbName: string, name: string): CollectionInfo | undefined {
    return this.catalog.get(namespaceKey(dbName, name));
  }

  collections(dbName: string): CollectionInfo[] {
    return [...this.catalog.values()].filter((c) => c.db === dbName);
  }

  databases(): string[] {
    return [...new Set([...this.catalog.values()].map((c) => c.db))];
  }

  ensureCollection(dbName: string, name: string): { info: CollectionInfo; created: boolean } {
    const existing = this.collection(dbName, name);
    if (existing) return { info: existing, created: false };
    validateCollectionName(name);
    this.catalogWrites++;
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO _collections (db, name) VALUES (?, ?)')
      .run(dbName, name);
    const id = Number(lastInsertRowid);
    const table = tableName(id);
    this.db.exec(`CREATE TABLE ${table} (rid INTEGER PRIMARY KEY, id NOT NULL UNIQUE, doc BLOB NOT NULL)`);
    const info: CollectionInfo = {
      id,
      db: dbName,
      name,
      table,
      fields: new Map(),
      indexes: [ID_INDEX],
      version: 0,
    };
    this.catalog.set(namespaceKey(dbName, name), info);
    return { info, created: true };
  }

  dropCollection(info: CollectionInfo): void {
    this.catalogWrites++;
    this.db.exec(`DROP TABLE IF EXISTS ${info.table}`);
    this.db.prepare('DELETE FROM _collections WHERE id = ?').run(info.id);
    this.db.prepare('DELETE FROM _fields WHERE coll = ?').run(info.id);
    this.db.prepare('DELETE FROM _indexes WHERE coll = ?').run(info.id);
    this.catalog.delete(namespaceKey(info.db, info.name));
    this.statements.delete(info.id);
    this.statementCache.clear();
    this.planChoices.clear();
  }

  count(info: CollectionInfo): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM ${info.table}`).get() as { n: number }).n;
  }

  /** Inserts a document (with `_id`); throws a DuplicateKey CommandError on a unique violation. */
  insert(info: CollectionInfo, doc: Document, bytes?: Uint8Array): number {
    const st = this.prepared(info);
    const data = bytes && isIdFirst(doc) ? asBuffer(bytes) : serializeDoc(doc);
    try {
      const res = st.insert.run(encodeId(doc._id), data, ...this.keys(info, st, doc));
      this.group?.note(PUT, info.id, data);
      this.noteWrite(info);
      return Number(res.lastInsertRowid);
    } catch (error) {
      throw this.translate(info, error, doc);
    }
  }

  /**
   * Re-stores a document; `bytes` is its serialised form when the caller already has it, and
   * `oldKeys` the row's key columns as read by `byId` within this command.
   */
  replace(info: CollectionInfo, rid: number, doc: Document, bytes?: Buffer, oldKeys?: KeyValue[]): void {
    const st = this.prepared(info);
    try {
      const keys = this.keys(info, st, doc);
      const old = oldKeys ?? (st.readKeys?.raw().get(rid) as KeyValue[] | undefined);
      const changed: number[] = [];
      keys.forEach((key, i) => {
        if (!old || !sameKey(old[i], key)) changed.push(i);
      });
      const data = bytes ?? serializeDoc(doc);
      this.updateStatement(info, st, changed).run(data, ...changed.map((i) => keys[i]), rid);
      this.group?.note(PUT, info.id, data);
    } catch (error) {
      throw this.translate(info, error, doc);
    }
  }

  /** Removes a row; `id` is its document's _id, for the redo log. */
  remove(info: CollectionInfo, rid: number, id: unknown): void {
    this.prepared(info).remove.run(rid);
    this.group?.note(REMOVE, info.id, serializeDoc({ _id: id }));
    this.noteWrite(info);
  }

  private noteWrite(info: CollectionInfo): void {
    const c = this.churn.get(info.id);
    if (c) c.writes++;
    else this.churn.set(info.id, { writes: 1, rows: 0 });
  }

  /**
   * Refreshes SQLite's statistics when the table changed a lot since they were taken, so the
   * planner knows which index is selective (e.g. `site` over `level` for the review queue).
   */
  analyzeIfStale(info: CollectionInfo): void {
    const c = this.churn.get(info.id);
    if (!c || c.writes < Math.max(ANALYZE_MIN_WRITES, c.rows) || info.indexes.length < 2) return;
    this.db.exec(`ANALYZE ${info.table}`);
    this.statementCache.clear();
    this.planChoices.clear();
    this.statements.delete(info.id);
    this.churn.set(info.id, { writes: 0, rows: this.count(info) });
  }

  byId(info: CollectionInfo, id: unknown): KeyedRow | undefined {
    const row = this.prepared(info).byId.get(encodeId(id)) as unknown[] | undefined;
    if (!row) return undefined;
    return { rid: row[0] as number, doc: row[1] as Buffer, keys: row.slice(2) as KeyValue[] };
  }

  /** Adds key columns for the index's paths (back-filling them) and the SQLite index itself. */
  createIndex(info: CollectionInfo, index: IndexInfo): void {
    const columns: string[] = [];
    for (const [path, dir] of Object.entries(index.key)) {
      const column = path === '_id' ? 'id' : this.ensureField(info, path).column;
      columns.push(`${column} ${dir === -1 ? 'DESC' : 'ASC'}`);
    }
    this.catalogWrites++;
    const base = `${info.table}_ix${info.indexes.length}_${Date.now().toString(36)}`;
    index.sqlName = base;
    this.planChoices.clear();
    info.indexes.push(index);
    info.version++;
    const table = `${info.table} (${columns.join(', ')})`;
    try {
      if (index.unique && index.sparse) {
        // Sparse uniqueness skips documents where every key field is missing (or null: SQLite
        // cannot tell the two apart here); the plain index beside it serves queries, because
        // SQLite only uses a partial index when the query repeats its condition.
        const bare = columns.map((c) => c.split(' ')[0]!);
        index.sqlUniqueName = `${base}u`;
        this.db.exec(
          `CREATE UNIQUE INDEX ${index.sqlUniqueName} ON ${table} WHERE NOT (${bare.map((c) => `${c} = -9e999`).join(' AND ')})`,
        );
        this.db.exec(`CREATE INDEX ${base} ON ${table}`);
      } else {
        // A sparse non-unique index returns the same results as a full one; only planning differs.
        // A partial one leaves out the documents its filter excludes (partial-index.ts).
        const partial = partialTerms(info, index);
        this.db.exec(
          `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${base} ON ${table}${partial.length > 0 ? ` WHERE ${partial.join(' AND ')}` : ''}`,
        );
      }
    } catch (error) {
      if (index.sqlUniqueName) this.db.exec(`DROP INDEX IF EXISTS ${index.sqlUniqueName}`);
      this.db.exec(`DROP INDEX IF EXISTS ${base}`);
      info.indexes.pop();
      info.version++;
      if (isUniqueViolation(error)) {
        throw new CommandError(
          'DuplicateKey',
          `E11000 duplicate key error collection: ${info.db}.${info.name} index: ${index.name} (existing documents violate it)`,
        );
      }
      throw error;
    }
    saveIndex(this.db, info, index);
  }

  dropIndex(info: CollectionInfo, index: IndexInfo): void {
    this.catalogWrites++;
    if (index.sqlName) this.db.exec(`DROP INDEX IF EXISTS ${index.sqlName}`);
    if (index.sqlUniqueName) this.db.exec(`DROP INDEX IF EXISTS ${index.sqlUniqueName}`);
    info.indexes = info.indexes.filter((i) => i !== index);
    info.version++;
    this.planChoices.clear();
    this.db.prepare('DELETE FROM _indexes WHERE coll = ? AND name = ?').run(info.id, index.name);
  }

  /** Row iterator over a SQL query on this collection's table (consumed within one command). */
  rows(sql: string, params: unknown[]): IterableIterator<Row> {
    return this.prepare(sql).iterate(...params) as IterableIterator<Row>;
  }

  /** A decision about a query's SQL, made once per SQL text until the statistics change. */
  planChoice(sql: string, decide: () => string): string {
    let chosen = this.planChoices.get(sql);
    if (chosen === undefined) {
      if (this.planChoices.size >= STATEMENT_CACHE_SIZE) this.planChoices.clear();
      chosen = decide();
      this.planChoices.set(sql, chosen);
    }
    return chosen;
  }

  /** A prepared statement, cached by its SQL text (queries repeat with different parameters). */
  prepare(sql: string): Database.Statement {
    let stmt = this.statementCache.get(sql);
    if (!stmt) {
      if (this.statementCache.size >= STATEMENT_CACHE_SIZE) this.statementCache.clear();
      stmt = this.db.prepare(sql);
      this.statementCache.set(sql, stmt);
    }
    return stmt;
  }

  /** Adds key columns for the paths that have none, back-filling them all in one pass over the rows. */
  addFields(info: CollectionInfo, paths: string[]): void {
    const added: FieldColumn[] = [];
    for (const path of new Set(paths)) {
      if (path === '_id' || info.fields.has(path)) continue;
      const column = `k${info.fields.size + 1}`;
      const field: FieldColumn = { path, parts: path.split('.'), column, wild: false, unordered: false };
      this.db.exec(`ALTER TABLE ${info.table} ADD COLUMN ${column}`);
      this.db.prepare('INSERT INTO _fields (coll, path, col) VALUES (?, ?, ?)').run(info.id, path, column);
      info.fields.set(path, field);
      added.push(field);
    }
    if (added.length === 0) return;
    this.catalogWrites++;
    info.version++;
    this.statementCache.clear();
    this.planChoices.clear();
    this.backfill(info, added);
  }

  private ensureField(info: CollectionInfo, path: string): FieldColumn {
    this.addFields(info, [path]);
    return info.fields.get(path)!;
  }

  private backfill(info: CollectionInfo, fields: FieldColumn[]): void {
    const read = this.db.prepare(`SELECT rid, doc FROM ${info.table} WHERE rid > ? ORDER BY rid LIMIT ?`);
    const write = this.db.prepare(
      `UPDATE ${info.table} SET ${fields.map((f) => `${f.column} = ?`).join(', ')} WHERE rid = ?`,
    );
    let last = 0;
    for (;;) {
      const rows = read.all(last, BACKFILL_CHUNK) as Row[];
      if (rows.length === 0) break;
      for (const row of rows) {
        const doc = deserializeDoc(row.doc);
        const keys = fields.map((field) => {
          const key = encodePath(doc, field.parts);
          this.noteKey(info, field, key);
          return key;
        });
        write.run(...keys, row.rid);
        last = row.rid;
      }
    }
  }

  private keys(info: CollectionInfo, st: Statements, doc: Document): KeyValue[] {
    const out: KeyValue[] = [];
    for (const field of info.fields.values()) {
      const key = encodePath(doc, field.parts);
      this.noteKey(info, field, key);
      // Arrays in a unique field: uniqueness is not enforced for them (see README), but two
      // wildcards must not collide with each other either.
      out.push(
        key === WILDCARD_KEY && st.uniqueColumns.has(field.column)
          ? Buffer.concat([WILDCARD_KEY, Buffer.from(new ObjectId().id)])
          : key,
      );
    }
    return out;
  }

  /** SQLite rewrites only the indexes over columns named in SET, so name only the changed ones. */
  private updateStatement(info: CollectionInfo, st: Statements, changed: number[]): Database.Statement {
    const signature = changed.join(',');
    let stmt = st.updates.get(signature);
    if (!stmt) {
      const cols = [...info.fields.values()].map((f) => f.column);
      // _id is immutable (applyUpdate refuses to change it), so id is never rewritten.
      const sets = ['doc = ?', ...changed.map((i) => `${cols[i]} = ?`)];
      stmt = this.db.prepare(`UPDATE ${info.table} SET ${sets.join(', ')} WHERE rid = ?`);
      st.updates.set(signature, stmt);
    }
    return stmt;
  }

  /** Records, once, that a column now holds wildcards or unorderable values (see FieldColumn). */
  private noteKey(info: CollectionInfo, field: FieldColumn, key: KeyValue): void {
    if (!Buffer.isBuffer(key) || key[0]! >= TAG_BINARY) return;
    const wild = key[0] === TAG_WILDCARD;
    if (field.unordered && (field.wild || !wild)) return;
    field.unordered = true;
    field.wild ||= wild;
    this.catalogWrites++;
    this.db
      .prepare('UPDATE _fields SET flags = ? WHERE coll = ? AND path = ?')
      .run((field.wild ? FLAG_WILD : 0) | FLAG_UNORDERED, info.id, field.path);
  }

  private prepared(info: CollectionInfo): Statements {
    const cached = this.statements.get(info.id);
    if (cached && cached.version === info.version) return cached;
    const cols = [...info.fields.values()].map((f) => f.column);
    const t = info.table;
    const uniqueColumns = new Set<string>();
    for (const index of info.indexes) {
      if (!index.unique) continue;
      for (const path of Object.keys(index.key)) {
        const field = info.fields.get(path);
        if (field) uniqueColumns.add(field.column);
      }
    }
    const st: Statements = {
      version: info.version,
      insert: this.db.prepare(
        `INSERT INTO ${t} (id, doc${cols.map((c) => `, ${c}`).join('')}) VALUES (?, ?${cols.map(() => ', ?').join('')})`,
      ),
      readKeys:
        cols.length > 0 ? this.db.prepare(`SELECT ${cols.join(', ')} FROM ${t} WHERE rid = ?`) : undefined,
      updates: new Map(),
      remove: this.db.prepare(`DELETE FROM ${t} WHERE rid = ?`),
      byId: this.db
        .prepare(`SELECT rid, doc${cols.map((c) => `, ${c}`).join('')} FROM ${t} WHERE id = ?`)
        .raw(),
      uniqueColumns,
    };
    this.statements.set(info.id, st);
    return st;
  }

  /** Turns SQLite's unique-constraint failure into MongoDB's E11000 naming the index. */
  private translate(info: CollectionInfo, error: unknown, doc: Document): unknown {
    if (!isUniqueViolation(error)) return error;
    const message = (error as Error).message;
    // SQLite names the columns ("c1.k1, c1.k2"), or the index itself for partial indexes.
    const named = /index '([^']+)'/.exec(message)?.[1];
    const failed = message
      .slice(message.indexOf(':') + 1)
      .split(',')
      .map((s) => s.trim().split('.').pop()!);
    const index = named
      ? (info.indexes.find((i) => i.sqlName === named || i.sqlUniqueName === named) ?? ID_INDEX)
      : failed.length === 1 && failed[0] === 'id'
        ? ID_INDEX
        : (info.indexes.find((i) => {
            const cols = Object.keys(i.key).map((p) => (p === '_id' ? 'id' : info.fields.get(p)?.column));
            return cols.length === failed.length && cols.every((c, n) => c === failed[n]);
          }) ?? ID_INDEX);
    return duplicateKeyError(info, index, doc);
  }
}

/**
 * The store connection's SQLite settings (exported so that the storage benchmark's raw-SQLite
 * baseline runs with exactly the same ones).
 */
export function configureConnection(db: Database.Database, synchronous: 'NORMAL' | 'FULL'): void {
  // Only takes effect while the file is still empty (and not yet in WAL mode).
  db.pragma(`page_size = ${PAGE_BYTES}`);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a killed process (the OS has every committed page); FULL is
  // for surviving power loss too.
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('busy_timeout = 5000');
  // Every index insert lands on a random leaf page; the cache keeps the hot ones in memory.
  // Fewer, larger checkpoints (in the background, see checkpointer.ts) batch the writes.
  db.pragma(`cache_size = -${CACHE_KIB}`);
  db.pragma(`mmap_size = ${MMAP_BYTES}`);
  const pageBytes = db.pragma('page_size', { simple: true }) as number;
  db.pragma(`wal_autocheckpoint = ${Math.ceil(BACKSTOP_CHECKPOINT_BYTES / pageBytes)}`);
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  // ANALYZE reads at most this many entries per index: fast on large tables, yet enough of each
  // index (which it reads from the start, in key order) to see how selective its columns are.
  db.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`);
}

export function duplicateKeyError(info: CollectionInfo, index: IndexInfo, doc: Document): CommandError {
  const keyValue: Record<string, unknown> = {};
  for (const path of Object.keys(index.key)) keyValue[path] = valueAt(doc, path) ?? null;
  const shown = Object.entries(keyValue)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(', ');
  return new CommandError(
    'DuplicateKey',
    `E11000 duplicate key error collection: ${info.db}.${info.name} index: ${index.name} dup key: { ${shown} }`,
    { keyPattern: index.key, keyValue },
  );
}

function valueAt(doc: Document, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Equal keys, treating two unique-column wildcards (random suffixes) as the same. */
function sameKey(a: KeyValue | undefined, b: KeyValue): boolean {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) {
    return a.equals(b) || (a[0] === TAG_WILDCARD && b[0] === TAG_WILDCARD && a.length > 1 && b.length > 1);
  }
  return a === b;
}

function isIdFirst(doc: Document): boolean {
  for (const key in doc) return key === '_id';
  return false;
}

function validateCollectionName(name: string): void {
  if (!name || name.includes('\0') || name.startsWith('system.') || name.includes('$')) {
    throw new CommandError('InvalidNamespace', `invalid collection name: ${JSON.stringify(name)}`);
  }
}
