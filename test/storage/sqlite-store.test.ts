// The SQLite side of the embedded store: the background checkpointer copies the WAL into the
// database file without the writer doing it, the WAL is restarted afterwards, and the data
// written before a checkpoint is all there after reopening.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, SqliteStore } from '../../storage/embedded/sqlite-store.ts';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(dir: string, checkpointBytes?: number): SqliteStore {
  const store = new SqliteStore(dir, { checkpointBytes });
  stores.push(store);
  return store;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'adrisk-sqlite-'));
  dirs.push(dir);
  return dir;
}

/** Polls until `done` holds; fails the test (by returning false) after many tries. */
async function eventually(done: () => boolean): Promise<boolean> {
  for (let i = 0; i < 500; i++) {
    if (done()) return true;
    await sleep(20);
  }
  return done();
}

const TEXT = 'synthetic filler text for a document of some size. '.repeat(40);

function writeBatches(store: SqliteStore, batches: number, from = 0): void {
  const { info } = store.transaction(() => store.ensureCollection('test', 'docs'));
  for (let b = 0; b < batches; b++) {
    store.transaction(() => {
      for (let i = 0; i < 50; i++) {
        const n = from + b * 50 + i;
        store.insert(info, { _id: `d${n}`, n, text: TEXT });
      }
    });
  }
  // Group commit holds the writes in its window (and redo log); commit them to SQLite now.
  store.commitPending();
}

describe('SQLite store', () => {
  it('creates new databases with large pages in WAL mode', () => {
    const store = open(tempDir());
    expect(store.db.pragma('page_size', { simple: true })).toBe(16_384);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    // Memory-mapped reads would count every touched page of the file as this process's memory.
    expect(store.db.pragma('mmap_size', { simple: true })).toBe(0);
  });

  it('checkpoints the WAL into the database file in the background', async () => {
    const dir = tempDir();
    const store = open(dir, 64 * 1024);
    const file = join(dir, DATABASE_FILE);
    const before = statSync(file).size;
    // Far below the writer's own autocheckpoint threshold, so only the background thread copies.
    writeBatches(store, 20);
    expect(await eventually(() => statSync(file).size > before + 512 * 1024)).toBe(true);
    // Once the checkpoint has caught up, the next write restarts the WAL and truncates it.
    const walBefore = statSync(`${file}-wal`).size;
    let walAfter = walBefore;
    let next = 10_000;
    const restarted = await eventually(() => {
      next += 50;
      writeBatches(store, 1, next);
      walAfter = statSync(`${file}-wal`).size;
      return walAfter < walBefore;
    });
    expect(restarted, `WAL ${walBefore} -> ${walAfter} bytes`).toBe(true);
  });

  it('keeps every committed document across checkpoints and a reopen', async () => {
    const dir = tempDir();
    const store = open(dir, 64 * 1024);
    writeBatches(store, 30);
    await store.close();
    stores.splice(stores.indexOf(store), 1);
    // The last connection out checkpoints and removes the WAL.
    expect(existsSync(join(dir, `${DATABASE_FILE}-wal`))).toBe(false);
    const reopened = open(dir, 0);
    const info = reopened.collection('test', 'docs')!;
    expect(reopened.count(info)).toBe(30 * 50);
    expect(reopened.byId(info, 'd1234')).toBeDefined();
  });
});
