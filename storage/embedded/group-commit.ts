// Group commit for the embedded store. Write commands run inside one long SQLite transaction (the
// window), without savepoints (a failed one rolls the window back and the log is applied again);
// a command is durable once its frame is in the redo log, and SQLite commits the window when it
// is large or old, or at once after anything the log cannot replay.
// Reads share the one connection, so they see every acknowledged write at once.
//
// Why: random index inserts dirty about one page per index per row, and SQLite writes every dirty
// page to the WAL at each commit. With a dozen indexes on ads, one commit per 1,000-ad batch wrote
// about 37 MB for 1.2 MB of documents; a window of many batches writes each hot page once.
import type Database from 'better-sqlite3';
import { logger } from '../../core/log.ts';
import { type RedoFrame, type RedoLog, type RedoRecord, readFrames } from './redo-log.ts';

const log = logger('embedded-store');

/** A window commits once it is this old… */
export const WINDOW_MS = 1_000;
/** …or once its redo log is this large (it bounds replay time after a crash). */
export const WINDOW_LOG_BYTES = 64 * 2 ** 20;

/** The sequence number of the last frame that SQLite has committed (0: none yet). */
export function committedSeq(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS _redo (id INTEGER PRIMARY KEY CHECK (id = 1), seq REAL NOT NULL)');
  const row = db.prepare('SELECT seq FROM _redo WHERE id = 1').get() as { seq: number } | undefined;
  return row?.seq ?? 0;
}

export class GroupCommit {
  private records: RedoRecord[] | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly saveSeq: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly redo: RedoLog,
    private readonly file: string,
    private seq: number,
    private readonly hooks: {
      /** After each commit (the checkpointer looks at the WAL size). */
      committed: () => void;
      /** After a rollback, before the log is applied again (the catalog is read again). */
      rolledBack: () => void;
      /** Re-applies frames after a failed commit rolled the window back. */
      replay: (frames: RedoFrame[]) => void;
    },
  ) {
    this.saveSeq = db.prepare('INSERT OR REPLACE INTO _redo (id, seq) VALUES (1, ?)');
  }

  /** Before a write transaction: opens the window if none is open and starts collecting records. */
  begin(): void {
    this.open();
    this.records = [];
  }

  /** Before storing writes that are in the log already (logAhead): nothing is collected. */
  beginLogged(): void {
    this.open();
    this.records = undefined;
  }

  /** Makes writes durable before they are stored: they go to the log as one frame now. */
  append(records: RedoRecord[]): void {
    this.open();
    this.redo.append({ seq: this.seq + 1, records });
    this.seq++;
  }

  private open(): void {
    if (this.db.inTransaction) return;
    this.db.exec('BEGIN');
    this.timer = setTimeout(() => this.commitQuietly(), WINDOW_MS);
    this.timer.unref();
  }

  /** A document the running transaction stored (its BSON) or removed (`{ _id }`). */
  note(kind: RedoRecord['kind'], coll: number, bson: Uint8Array): void {
    this.records?.push({ kind, coll, bson });
  }

  /** At the end of a transaction that wrote only what the log can replay: makes it durable. */
  seal(): void {
    const records = this.records;
    if (records && records.length > 0) this.append(records);
  }

  /** The transaction failed: its records are void. Returns whether it had written any. */
  abandon(): boolean {
    const wrote = (this.records?.length ?? 0) > 0;
    this.records = undefined;
    return wrote;
  }

  /** Undoes a failed transaction's writes: rolls the window back and applies the log again. */
  rollback(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.hooks.rolledBack();
    this.reopen();
  }

  /**
   * After the transaction: commits now when it wrote what the log cannot replay (catalog changes,
   * bulk SQL deletes), or when the window is full.
   */
  settle(mustCommit: boolean): void {
    this.records = undefined;
    if (mustCommit) this.commit();
    else if (this.redo.bytes >= WINDOW_LOG_BYTES) this.commitQuietly();
  }

  /** Commits the window (if one is open) and empties the redo log. */
  commit(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.db.inTransaction) return;
    try {
      this.saveSeq.run(this.seq);
      this.db.exec('COMMIT');
    } catch (error) {
      // Acknowledged writes are still in the log: if SQLite rolled the window back, apply them again.
      if (!this.db.inTransaction) {
        this.hooks.rolledBack();
        this.reopen();
      }
      throw error;
    }
    this.redo.reset();
    this.hooks.committed();
  }

  /** Commits from a timer or a full window, where a failure must not fail the current command. */
  private commitQuietly(): void {
    try {
      this.commit();
    } catch (error) {
      log.warn({ err: error }, 'group commit failed; the redo log keeps the writes and it is retried');
      this.timer ??= setTimeout(() => this.commitQuietly(), WINDOW_MS).unref();
    }
  }

  private reopen(): void {
    const frames = readFrames(this.file);
    if (frames.length === 0) return;
    this.open();
    this.hooks.replay(frames);
  }

  /** Commits what is pending and closes the log (deleting it: it holds nothing then). */
  close(): void {
    this.commit();
    this.redo.close(true);
  }
}
