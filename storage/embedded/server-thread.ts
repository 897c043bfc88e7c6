// The embedded server on a thread of its own. Started in the main thread, the server's work (BSON
// decoding, mingo, SQLite writes) ran on the same core as the caller's, so a crawler spent about
// a fifth of its main thread on the store; on its own thread that work overlaps the caller's.
// Clients still reach it only through the official driver over the wire protocol.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EmbeddedServerOptions } from './server.ts';

const ENTRY = fileURLToPath(new URL('./server-thread-entry.mjs', import.meta.url));

export type ThreadMessage =
  | { kind: 'ready'; uri: string }
  | { kind: 'closed' }
  | { kind: 'error'; message: string };

/** The server failed to start or to stop on its thread; `message` is the server's own error. */
export class EmbeddedThreadError extends Error {
  override readonly name = 'EmbeddedThreadError';
}

export class ThreadedServer {
  private closing: Promise<void> | undefined;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    readonly uri: string,
  ) {
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
  }

  /** Starts the embedded server on a new thread; resolves once it listens. */
  static start(options: EmbeddedServerOptions): Promise<ThreadedServer> {
    const worker = new Worker(ENTRY, { workerData: options });
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        void worker.terminate();
        reject(error);
      };
      worker.once('error', (error) => fail(new EmbeddedThreadError(error.message)));
      worker.once('exit', (code) => fail(new EmbeddedThreadError(`embedded server thread exited (${code})`)));
      worker.once('message', (message: ThreadMessage) => {
        worker.removeAllListeners('exit');
        worker.removeAllListeners('error');
        if (message.kind === 'ready') resolve(new ThreadedServer(worker, message.uri));
        else fail(new EmbeddedThreadError(message.kind === 'error' ? message.message : 'unexpected message'));
      });
    });
  }

  /** Closes connections and the store on the server's thread, then ends the thread. */
  close(): Promise<void> {
    // A thread that already ended (it crashed) has nothing left to close: its SQLite writes were
    // committed before each reply.
    this.closing ??= new Promise<void>((resolve, reject) => {
      void this.exited.then(resolve);
      this.worker.once('error', reject);
      this.worker.on('message', (message: ThreadMessage) => {
        if (message.kind === 'error') reject(new EmbeddedThreadError(message.message));
      });
      this.worker.postMessage('close');
    });
    return this.closing;
  }
}
