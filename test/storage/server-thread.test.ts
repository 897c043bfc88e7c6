import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedThreadError, ThreadedServer } from '../../storage/embedded/index.ts';

describe('ThreadedServer (the embedded server on its own thread)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'adrisk-thread-'));
    dirs.push(dir);
    return dir;
  };

  it('serves the driver over the wire protocol and keeps what was written after close', async () => {
    const dataDir = tempDir();
    const server = await ThreadedServer.start({ dataDir });
    const client = await new MongoClient(server.uri).connect();
    await client
      .db('t')
      .collection('c')
      .insertMany([{ _id: 'a', n: 1 } as never, { _id: 'b', n: 2 } as never]);
    await client.close();
    await server.close();
    // The thread is gone: its port no longer answers.
    const dead = new MongoClient(server.uri, { serverSelectionTimeoutMS: 500 });
    await expect(dead.connect()).rejects.toThrow();
    await dead.close();
    const again = await ThreadedServer.start({ dataDir });
    const reader = await new MongoClient(again.uri).connect();
    expect(await reader.db('t').collection('c').find().sort({ n: 1 }).toArray()).toEqual([
      { _id: 'a', n: 1 },
      { _id: 'b', n: 2 },
    ]);
    await reader.close();
    await again.close();
  });

  it('reports a server that cannot start with its own message', async () => {
    const file = join(tempDir(), 'not-a-directory');
    writeFileSync(file, 'x');
    const failure = ThreadedServer.start({ dataDir: file });
    await expect(failure).rejects.toBeInstanceOf(EmbeddedThreadError);
    await expect(failure).rejects.toThrow(/not-a-directory|EEXIST|ENOTDIR/);
  });

  it('closes once however often close is called', async () => {
    const server = await ThreadedServer.start({ dataDir: tempDir() });
    await Promise.all([server.close(), server.close()]);
    await server.close();
  });
});
