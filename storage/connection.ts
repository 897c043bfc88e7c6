// openStore: the one way adrisk reaches MongoDB. With a URI it connects the official driver to that
// server; without, it starts the embedded MongoDB-wire server over SQLite on the data directory
// (or attaches to the one another adrisk process already runs there; that process's exit stops
// the server for everyone, so long-lived multi-process setups run `adrisk db serve`). Then it
// creates the declared indexes and runs schema migrations.
import { resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { type DataDirLock, lockOrAttach, ThreadedServer } from './embedded/index.ts';
import { ensureIndexes } from './ensure-indexes.ts';
import { migrate } from './migrations.ts';
import type { OpenStoreOptions, Store } from './store.ts';

export const DEFAULT_DATA_DIR = '.adrisk';
export const DEFAULT_DB_NAME = 'adrisk';
/** How long the driver looks for a server before failing (a missing server should fail fast). */
const SERVER_SELECTION_TIMEOUT_MS = 10_000;

function dbNameFrom(uri: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  let server: ThreadedServer | undefined;
  let lock: DataDirLock | undefined;
  let uri = options.uri;
  if (!uri) {
    const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
    const outcome = await lockOrAttach(dataDir);
    if ('attach' in outcome) {
      uri = outcome.attach.uri;
    } else {
      lock = outcome.lock;
      try {
        // On its own thread, so the store's work overlaps the caller's (see server-thread.ts).
        server = await ThreadedServer.start({ dataDir });
      } catch (error) {
        lock.release();
        throw error;
      }
      lock.publish(server.uri);
      uri = server.uri;
    }
  }
  const stopServer = async () => {
    await server?.close();
    lock?.release();
  };
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS });
  try {
    await client.connect();
    const db = client.db(options.dbName ?? dbNameFrom(uri) ?? DEFAULT_DB_NAME);
    await ensureIndexes(db);
    await migrate(db);
    let closed = false;
    return {
      client,
      db,
      uri,
      embedded: !options.uri,
      async close() {
        if (closed) return;
        closed = true;
        await client.close();
        await stopServer();
      },
    };
  } catch (error) {
    await client.close().catch(() => {});
    await stopServer();
    throw error;
  }
}
