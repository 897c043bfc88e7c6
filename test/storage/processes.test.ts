// Several processes on one data directory, and processes killed with kill -9 mid-write: nothing
// acknowledged is lost, stale locks are taken over, and a second process attaches to the server
// the first one runs instead of opening the SQLite file itself.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, SERVER_FILE } from '../../storage/embedded/data-dir-lock.ts';
import { openStore } from '../../storage/index.ts';

const CHILD = join(import.meta.dirname, 'store-child.ts');
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'adrisk-processes-'));
  dirs.push(dir);
  return dir;
}

/** Starts the child and calls onLine for each stdout line; resolves when `until` returns true. */
function runChild(args: string[], until: (line: string) => boolean): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ADRISK_LOG_LEVEL: 'silent' },
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (d) => {
      stderr += d;
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (until(line)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) early: ${stderr.slice(0, 500)}`)));
  });
}

describe('two processes on one data directory', () => {
  it('attaches the second process to the server the first one runs', async () => {
    const dir = await tempDir();
    let uri = '';
    const holder = await runChild(['hold', dir], (line) => {
      uri = line.startsWith('ready ') ? line.slice(6) : uri;
      return uri !== '';
    });
    const store = await openStore({ dataDir: dir });
    try {
      expect(store.uri).toBe(uri);
      expect(store.embedded).toBe(true);
      expect(await store.db.collection('marks').findOne({ _id: 'holder' as never })).toMatchObject({
        pid: holder.pid,
      });
      await store.db.collection('marks').insertOne({ _id: 'second' as never });
      expect(await store.db.collection('marks').countDocuments()).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('takes over a lock and server file left by a process that died', async () => {
    const dir = await tempDir();
    const dead = 2 ** 22 + 12_345; // above the default pid_max, so no live process has it
    writeFileSync(join(dir, LOCK_FILE), String(dead));
    writeFileSync(
      join(dir, SERVER_FILE),
      JSON.stringify({ pid: dead, uri: 'mongodb://127.0.0.1:1/', startedAt: '' }),
    );
    const store = await openStore({ dataDir: dir });
    try {
      expect(store.uri).not.toBe('mongodb://127.0.0.1:1/');
      await store.db.collection('x').insertOne({ ok: 1 });
    } finally {
      await store.close();
    }
  });
});

describe('kill -9 during bulk writes', () => {
  it('loses no acknowledged batch and reopens cleanly', async () => {
    const dir = await tempDir();
    const BATCH = 200;
    let acked = -1;
    const writer = await runChild(['write', dir, String(BATCH)], (line) => {
      if (line.startsWith('ack ')) acked = Number(line.slice(4));
      return acked >= 15;
    });
    writer.kill('SIGKILL');
    await new Promise((resolve) => writer.once('exit', resolve));
    const store = await openStore({ dataDir: dir });
    try {
      const docs = store.db.collection('crash');
      for (let n = 0; n <= acked; n++)
        expect(await docs.countDocuments({ batch: n }), `batch ${n}`).toBe(BATCH);
      // Every document is whole: a batch after the last acknowledged one is all there or absent.
      const counts = await docs.aggregate([{ $group: { _id: '$batch', n: { $sum: 1 } } }]).toArray();
      for (const c of counts) expect([BATCH, 0]).toContain(c.n);
    } finally {
      await store.close();
    }
  });
});
