// The embedded server's transport: the legacy OP_QUERY handshake some clients still send, Unix
// sockets, and `adrisk db serve` printing its URI first and stopping on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { deserialize, serialize } from 'bson';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedServer } from '../../storage/embedded/index.ts';
import { OP_QUERY, OP_REPLY } from '../../storage/embedded/wire-protocol.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'adrisk-server-'));
  dirs.push(dir);
  return dir;
}

function opQuery(requestId: number, collection: string, query: object): Buffer {
  const body = Buffer.concat([
    Buffer.alloc(4), // flags
    Buffer.from(`${collection}\0`),
    Buffer.alloc(4), // numberToSkip
    Buffer.from([0xff, 0xff, 0xff, 0xff]), // numberToReturn -1
    Buffer.from(serialize(query)),
  ]);
  const head = Buffer.alloc(16);
  head.writeInt32LE(16 + body.length, 0);
  head.writeInt32LE(requestId, 4);
  head.writeInt32LE(OP_QUERY, 12);
  return Buffer.concat([head, body]);
}

describe('embedded server transport', () => {
  it('answers a legacy OP_QUERY isMaster with an OP_REPLY', async () => {
    const server = await EmbeddedServer.start({ dataDir: await tempDir() });
    try {
      const port = Number(/:(\d+)\//.exec(server.uri)![1]);
      const reply = await new Promise<Buffer>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () =>
          socket.write(opQuery(7, 'admin.$cmd', { isMaster: 1 })),
        );
        let data = Buffer.alloc(0);
        socket.on('data', (chunk) => {
          data = Buffer.concat([data, chunk]);
          if (data.length >= 4 && data.length >= data.readInt32LE(0)) {
            socket.destroy();
            resolve(data);
          }
        });
        socket.on('error', reject);
      });
      expect(reply.readInt32LE(8)).toBe(7); // responseTo
      expect(reply.readInt32LE(12)).toBe(OP_REPLY);
      expect(reply.readInt32LE(32)).toBe(1); // numberReturned
      const doc = deserialize(reply.subarray(36));
      expect(doc).toMatchObject({ ismaster: true, ok: 1, minWireVersion: 0 });
      expect(doc.maxWireVersion).toBeGreaterThanOrEqual(21);
    } finally {
      await server.close();
    }
  });

  it('serves the driver over a Unix socket', async () => {
    const dir = await tempDir();
    const server = await EmbeddedServer.start({ dataDir: dir, socketPath: join(dir, 'store.sock') });
    const client = await MongoClient.connect(server.uri);
    try {
      await client.db('t').collection('x').insertOne({ a: 1 });
      expect(await client.db('t').collection('x').countDocuments()).toBe(1);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('runs `adrisk db serve`, printing the URI as the first line and stopping on SIGTERM', async () => {
    const dir = await tempDir();
    const child = spawn(process.execPath, ['scripts/adrisk.mjs', 'db', 'serve', '--data', dir], {
      cwd: join(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const first = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`db serve exited with ${code}`)));
      });
      expect(first).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\//);
      const client = await MongoClient.connect(first);
      await client.db('adrisk').collection('x').insertOne({ a: 1 });
      await client.close();
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
