// The server a storage test talks to: the embedded server on a fresh data directory, or the real
// MongoDB named by MONGODB_URI (a fresh database per call), so the same tests check both.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { EmbeddedServer } from '../../storage/embedded/index.ts';

export interface Target {
  db: Db;
  client: MongoClient;
  /** Set when the target is the embedded server (tests of adrisk-only behaviour use it). */
  embedded?: EmbeddedServer;
  close(): Promise<void>;
}

export const REAL_MONGODB_URI = process.env.MONGODB_URI;

export async function openTarget(): Promise<Target> {
  if (REAL_MONGODB_URI) {
    const client = await MongoClient.connect(REAL_MONGODB_URI);
    const db = client.db(`adrisk_conformance_${process.pid}_${Date.now().toString(36)}`);
    return {
      db,
      client,
      close: async () => {
        await db.dropDatabase();
        await client.close();
      },
    };
  }
  const local = await openEmbedded();
  return { ...local, db: local.client.db('conformance'), embedded: local.server };
}

export interface EmbeddedTarget {
  server: EmbeddedServer;
  client: MongoClient;
  close(): Promise<void>;
}

/** The embedded server on a fresh temporary data directory, with a connected driver. */
export async function openEmbedded(): Promise<EmbeddedTarget> {
  const dataDir = await mkdtemp(join(tmpdir(), 'adrisk-embedded-'));
  const server = await EmbeddedServer.start({ dataDir });
  const client = await MongoClient.connect(server.uri);
  return {
    server,
    client,
    close: async () => {
      await client.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The embedded server for one test file: opened before its tests (before the file's own
 * beforeAll hooks, registered after this call) and closed after them.
 */
export function useEmbedded(): Omit<EmbeddedTarget, 'close'> {
  const target = {} as EmbeddedTarget;
  beforeAll(async () => {
    Object.assign(target, await openEmbedded());
  });
  afterAll(async () => {
    await target.close?.();
  });
  return target;
}
