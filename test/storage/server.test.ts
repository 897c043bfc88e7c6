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
import { OP_MSG, OP_QUERY, OP_REPLY } from '../../storage/embedded/wire-protocol.ts';

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

/** An OP_MSG with a body and one document sequence, whose documents are given as raw bytes. */
function opMsg(requestId: number, body: object, identifier: string, docs: Buffer[]): Buffer {
  const name = Buffer.from(`${identifier}\0`);
  const seqSize = 4 + name.length + docs.reduce((n, d) => n + d.length, 0);
  const seqHead = Buffer.alloc(4);
  seqHead.writeInt32LE(seqSize, 0);
  const payload = Buffer.concat([
    Buffer.alloc(4), // flagBits
    Buffer.from([0]),
    Buffer.from(serialize(body)),
    Buffer.from([1]),
    seqHead,
    name,
    ...docs,
  ]);
  const head = Buffer.alloc(16);
  head.writeInt32LE(16 + payload.length, 0);
  head.writeInt32LE(requestId, 4);
  head.writeInt32LE(OP_MSG, 12);
  return Buffer.concat([head, payload]);
}

/** Sends one message and resolves with the reply's body document. */
function roundTrip(port: number, message: Buffer): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(message));
    let data = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      if (data.length >= 4 && data.length >= data.readInt32LE(0)) {
        socket.destroy();
        resolve(deserialize(data.subarray(21)));
      }
    });
    socket.on('error', reject);
  });
}

describe('embedded server transport', () => {
  it('refuses a whole insert with BadValue when a document of its sequence is malformed', async () => {
    const server = await EmbeddedServer.start({ dataDir: await tempDir() });
    try {
      const port = Number(/:(\d+)\//.exec(server.uri)![1]);
      const good = Buffer.from(serialize({ _id: 1, name: 'first' }));
      // A valid length and terminator around an element of unknown type 0x7f.
      const bad = Buffer.from([0x0c, 0, 0, 0, 0x7f, 0x61, 0, 1, 2, 3, 4, 0]);
      const body = { insert: 'docs', ordered: false, $db: 'transport' };
      const reply = await roundTrip(port, opMsg(9, body, 'documents', [good, bad]));
      expect(reply.ok).toBe(0);
      expect(reply.codeName).toBe('BadValue');
      const client = await MongoClient.connect(server.uri);
      try {
        // Nothing of the refused command was committed, not even the valid document before it.
        expect(await client.db('transport').collection('docs').countDocuments()).toBe(0);
      } finally {
        await client.close();
      }
    } finally {
      await server.close();
    }
  });
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
