// Runs inside the embedded server's thread: starts the wire-protocol server on the data directory,
// reports its URI, and closes it (and the SQLite store) when the owning thread says so.
import { parentPort, workerData } from 'node:worker_threads';
import { EmbeddedServer, type EmbeddedServerOptions } from './server.ts';
import type { ThreadMessage } from './server-thread.ts';

const port = parentPort!;
const post = (message: ThreadMessage) => port.postMessage(message);

try {
  const server = await EmbeddedServer.start(workerData as EmbeddedServerOptions);
  port.on('message', (message: unknown) => {
    if (message !== 'close') return;
    server.close().then(
      () => {
        post({ kind: 'closed' });
        port.close();
      },
      (error: unknown) => post({ kind: 'error', message: String((error as Error)?.message ?? error) }),
    );
  });
  post({ kind: 'ready', uri: server.uri });
} catch (error) {
  post({ kind: 'error', message: String((error as Error)?.message ?? error) });
  port.close();
}
