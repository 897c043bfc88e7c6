// Background WAL checkpoints. Copying the WAL back into the database file (and the fsync that
// follows) used to run inside the commit of whichever write crossed wal_autocheckpoint, stalling
// that request for tens of milliseconds. A worker thread with its own SQLite connection to the same
// file now runs PASSIVE checkpoints when the WAL has grown past a threshold, on the other core,
// while the server keeps committing. The store's own connection keeps a (higher) autocheckpoint as a
// backstop, so the WAL stays bounded even if the worker falls behind or is gone. Checkpoints never
// affect durability: a committed transaction is in the WAL before its reply is sent.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { logger } from '../../core/log.ts';

const log = logger('embedded-store');

/** The worker's page cache: a checkpoint copies frames without going through it. */
const WORKER_CACHE_KIB = 1024;

// Plain CommonJS so that it runs in a worker whatever loader (tsx, vitest) the main thread uses.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('cache_size = -${WORKER_CACHE_KIB}');
db.pragma('synchronous = ' + workerData.synchronous);
db.pragma('wal_autocheckpoint = 0');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  let error;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    error = String(e && e.message);
  }
  parentPort.postMessage({ error });
});
`;

export class Checkpointer {
  private readonly worker: Worker;
  private pending = false;
  /** WAL size when the last checkpoint was requested (the file only shrinks when SQLite resets it). */
  private requestedAt = 0;
  private closed = false;
  private readonly walFile: string;
  private readonly exited: Promise<void>;

  /** `thresholdBytes`: WAL size from which a checkpoint is requested; `synchronous` as the store's. */
  constructor(
    file: string,
    private readonly thresholdBytes: number,
    synchronous: 'NORMAL' | 'FULL',
  ) {
    this.walFile = `${file}-wal`;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, synchronous } });
    this.worker.unref();
    this.exited = new Promise<void>((resolve) =>
      this.worker.once('exit', () => {
        this.closed = true;
        resolve();
      }),
    );
    this.worker.on('message', (reply: { error?: string }) => {
      this.pending = false;
      if (reply.error) log.debug({ error: reply.error }, 'background checkpoint failed');
    });
    this.worker.on('error', (error) => {
      // The backstop autocheckpoint on the main connection takes over.
      log.warn({ err: error }, 'background checkpointer stopped');
    });
  }

  /** Called after each write transaction: asks for a checkpoint once the WAL is large. */
  afterCommit(): void {
    if (this.pending || this.closed) return;
    let size: number;
    try {
      size = statSync(this.walFile).size;
    } catch {
      return;
    }
    // The store truncates the WAL whenever SQLite restarts it (journal_size_limit), so its size is
    // what was written since; after a partial checkpoint, wait for another threshold's worth.
    if (size < this.requestedAt) this.requestedAt = 0;
    if (size - this.requestedAt < this.thresholdBytes) return;
    this.requestedAt = size;
    this.pending = true;
    this.worker.postMessage('checkpoint');
  }

  /** Closes the worker's connection; resolves when the thread has exited. */
  close(): Promise<void> {
    if (this.closed) return this.exited;
    this.closed = true;
    // Keep the process alive until the worker has closed its connection.
    this.worker.ref();
    this.worker.postMessage('close');
    return this.exited;
  }
}
