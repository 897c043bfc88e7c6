// A real embedded store (MongoDB wire protocol over TCP, SQLite underneath) in a fresh temporary
// directory, for integration tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../storage/index.ts';

export interface TempStore extends Store {
  dataDir: string;
  destroy(): Promise<void>;
}

export async function openTempStore(prefix = 'adrisk-test-'): Promise<TempStore> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  const store = await openStore({ dataDir, uri: process.env.ADRISK_TEST_MONGODB_URI });
  return Object.assign(store, {
    dataDir,
    destroy: async () => {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}
