// Group commit: writes are durable in the redo log before SQLite commits them. A copy of the data
// directory taken while a window is open is what a kill -9 leaves on disk; reopening it must bring
// back every acknowledged write, and the same copy without the log must not have them (so it is
// the log that kept them). Failed writes are undone; catalog changes commit at once.
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'bson';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame, PUT, REDO_LOG_FILE, REMOVE, readFrames } from '../../storage/embedded/redo-log.ts';
import { SqliteStore } from '../../storage/embedded/sqlite-store.ts';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'adrisk-group-'));
  dirs.push(dir);
  return dir;
}

function open(dir: string): SqliteStore {
  const store = new SqliteStore(dir, { checkpointBytes: 0 });
  stores.push(store);
  return store;
}

/** The files of `dir` as a killed process leaves them (the OS has every write it made). */
function crashCopy(dir: string, withLog = true): string {
  const copy = tempDir();
  for (const name of readdirSync(dir)) {
    if (!withLog && name === REDO_LOG_FILE) continue;
    copyFileSync(join(dir, name), join(copy, name));
  }
  return copy;
}

function ids(store: SqliteStore, name = 'docs'): string[] {
  const info = store.collection('test', name);
  if (!info) return [];
  return (store.db.prepare(`SELECT id FROM ${info.table} ORDER BY id`).all() as Array<{ id: string }>).map(
    (r) => r.id,
  );
}

describe('redo log', () => {
  it('reads back whole frames and stops at a torn or corrupt one', () => {
    const dir = tempDir();
    const file = join(dir, REDO_LOG_FILE);
    const frames = [
      { seq: 1, records: [{ kind: PUT, coll: 3, bson: Buffer.from('first document') }] },
      {
        seq: 2,
        records: [
          { kind: PUT, coll: 3, bson: Buffer.from('second') },
          { kind: REMOVE, coll: 4, bson: Buffer.from('gone') },
        ],
      },
      { seq: 3, records: [{ kind: PUT, coll: 3, bson: Buffer.alloc(1000, 7) }] },
    ] as const;
    const bytes = frames.map((f) => encodeFrame({ seq: f.seq, records: [...f.records] }));
    writeFileSync(file, Buffer.concat(bytes));
    const read = readFrames(file);
    expect(read.map((f) => f.seq)).toEqual([1, 2, 3]);
    expect(read[1]!.records.map((r) => [r.kind, r.coll, Buffer.from(r.bson).toString()])).toEqual([
      [PUT, 3, 'second'],
      [REMOVE, 4, 'gone'],
    ]);
    // Torn in the middle of the last frame (a kill during its write): the first two remain.
    truncateSync(file, bytes[0]!.length + bytes[1]!.length + 500);
    expect(readFrames(file).map((f) => f.seq)).toEqual([1, 2]);
    // A flipped byte fails the checksum: the log ends before that frame.
    const corrupt = Buffer.concat(bytes);
    corrupt[bytes[0]!.length + 20]! ^= 0xff;
    writeFileSync(file, corrupt);
    expect(readFrames(file).map((f) => f.seq)).toEqual([1]);
    expect(readFrames(join(dir, 'missing'))).toEqual([]);
  });
});

describe('group commit', () => {
  it('brings back acknowledged writes after a crash from the redo log, which alone has them', () => {
    const dir = tempDir();
    const store = open(dir);
    const { info } = store.transaction(() => store.ensureCollection('test', 'docs'));
    for (let b = 0; b < 5; b++) {
      store.transaction(() => {
        for (let i = 0; i < 20; i++) store.insert(info, { _id: `d${b}-${i}`, b, text: 'filler text' });
      });
    }
    store.transaction(() => {
      const row = store.byId(info, 'd0-0')!;
      store.replace(info, row.rid, { _id: 'd0-0', b: 0, text: 'changed' }, undefined, row.keys);
      store.remove(info, store.byId(info, 'd1-0')!.rid, 'd1-0');
    });
    // The open window's writes are visible to this connection at once.
    expect(ids(store)).toHaveLength(99);
    expect(statSync(join(dir, REDO_LOG_FILE)).size).toBeGreaterThan(0);

    const withoutLog = open(crashCopy(dir, false));
    expect(ids(withoutLog)).toEqual([]);
    const recovered = open(crashCopy(dir));
    expect(ids(recovered)).toEqual(ids(store));
    const rinfo = recovered.collection('test', 'docs')!;
    expect(recovered.byId(rinfo, 'd1-0')).toBeUndefined();
    const changed = recovered.db.prepare(`SELECT doc FROM ${rinfo.table} WHERE id = 'd0-0'`).get() as {
      doc: Buffer;
    };
    expect(changed.doc.includes(Buffer.from('changed'))).toBe(true);
    // Recovery committed what it applied and emptied the log; a second reopen finds the same.
    expect(statSync(join(dirs.at(-1)!, REDO_LOG_FILE)).size).toBe(0);
  });

  it('recovers log-ahead writes that a crash caught before they were stored', () => {
    const dir = tempDir();
    const store = open(dir);
    const { info } = store.transaction(() => store.ensureCollection('test', 'docs'));
    const docs = ['a1', 'a2'].map((id) => Buffer.from(serialize({ _id: id, text: 'logged first' })));
    store.logAhead(info, docs);
    // Acknowledged now; killed before applyLogged ran.
    expect(ids(open(crashCopy(dir)))).toEqual(['a1', 'a2']);
    store.applyLogged(() => {
      for (const bytes of docs) store.insert(info, deserialize(bytes), bytes);
    });
    expect(ids(store)).toEqual(['a1', 'a2']);
    // Stored once, not twice, when the log is applied over the stored documents.
    expect(ids(open(crashCopy(dir)))).toEqual(['a1', 'a2']);
  });

  it('undoes a failed write and keeps the acknowledged ones before it', () => {
    const store = open(tempDir());
    const { info } = store.transaction(() => store.ensureCollection('test', 'docs'));
    store.transaction(() => store.insert(info, { _id: 'kept', n: 1 }));
    expect(() =>
      store.transaction(() => {
        store.insert(info, { _id: 'undone', n: 2 });
        throw new Error('fails half-way');
      }),
    ).toThrow('fails half-way');
    expect(ids(store)).toEqual(['kept']);
    // A collection created by the failed write is gone from SQLite and from the catalog.
    expect(() =>
      store.transaction(() => {
        const made = store.ensureCollection('test', 'other').info;
        store.insert(made, { _id: 'x' });
        throw new Error('fails after creating');
      }),
    ).toThrow('fails after creating');
    expect(store.collection('test', 'other')).toBeUndefined();
    store.transaction(() => store.insert(info, { _id: 'after', n: 3 }));
    expect(ids(store)).toEqual(['after', 'kept']);
  });

  it('commits catalog changes at once, with the window before them', () => {
    const dir = tempDir();
    const store = open(dir);
    const { info } = store.transaction(() => store.ensureCollection('test', 'docs'));
    store.transaction(() => store.insert(info, { _id: 'a', site: 's1' }));
    expect(statSync(join(dir, REDO_LOG_FILE)).size).toBeGreaterThan(0);
    store.transaction(() =>
      store.createIndex(info, { name: 'site_1', key: { site: 1 }, unique: false, sparse: false }),
    );
    expect(statSync(join(dir, REDO_LOG_FILE)).size).toBe(0);
    expect(store.db.inTransaction).toBe(false);
    // What a crash now leaves needs no log: the index and the document are both in SQLite.
    const copy = open(crashCopy(dir, false));
    expect(ids(copy)).toEqual(['a']);
    expect(copy.collection('test', 'docs')!.indexes.map((i) => i.name)).toContain('site_1');
  });

  it('commits on close and removes the log', async () => {
    const dir = tempDir();
    const store = new SqliteStore(dir, { checkpointBytes: 0 });
    const { info } = store.transaction(() => store.ensureCollection('test', 'docs'));
    store.transaction(() => store.insert(info, { _id: 'a' }));
    await store.close();
    expect(existsSync(join(dir, REDO_LOG_FILE))).toBe(false);
    expect(ids(open(dir))).toEqual(['a']);
  });
});
