// Server-side cursors for find, aggregate and the list commands: a batch source per cursor id,
// drained by getMore and dropped by killCursors, exhaustion or idle timeout.
import { type Document, Long } from 'bson';

/** MongoDB's default first batch. */
export const DEFAULT_FIRST_BATCH = 101;
/** Replies stay well below the 16 MiB document limit (documents are counted at stored size). */
export const MAX_BATCH_BYTES = 8 * 1024 * 1024;
/** Cursors unused this long are dropped (MongoDB uses 10 minutes). */
export const CURSOR_IDLE_MS = 10 * 60 * 1000;

export interface BatchSource {
  /** Up to maxDocs documents, stopping early past maxBytes; an empty array means exhausted. */
  next(maxDocs: number, maxBytes: number): Document[];
  readonly exhausted: boolean;
}

/** A source over documents already in memory. */
export class ArraySource implements BatchSource {
  private pos = 0;
  constructor(private readonly docs: Document[]) {}
  get exhausted(): boolean {
    return this.pos >= this.docs.length;
  }
  next(maxDocs: number): Document[] {
    const out = this.docs.slice(this.pos, this.pos + maxDocs);
    this.pos += out.length;
    return out;
  }
}

interface OpenCursor {
  ns: string;
  source: BatchSource;
  lastUsed: number;
}

export class CursorRegistry {
  private readonly cursors = new Map<string, OpenCursor>();
  private nextId = BigInt(Date.now()) * 1000n;

  /** Builds the `cursor` reply field for the first batch, registering the cursor if more remains. */
  open(ns: string, source: BatchSource, batchSize: number | undefined): Document {
    const firstBatch = source.next(batchSize ?? DEFAULT_FIRST_BATCH, MAX_BATCH_BYTES);
    let id = 0n;
    if (!source.exhausted) {
      this.sweep();
      id = ++this.nextId;
      this.cursors.set(id.toString(), { ns, source, lastUsed: Date.now() });
    }
    return { id: Long.fromBigInt(id), ns, firstBatch };
  }

  getMore(id: bigint, ns: string, batchSize: number | undefined): Document | undefined {
    const cursor = this.cursors.get(id.toString());
    if (!cursor || cursor.ns !== ns) return undefined;
    cursor.lastUsed = Date.now();
    const nextBatch = cursor.source.next(
      batchSize && batchSize > 0 ? batchSize : Number.MAX_SAFE_INTEGER,
      MAX_BATCH_BYTES,
    );
    let replyId = id;
    if (cursor.source.exhausted) {
      this.cursors.delete(id.toString());
      replyId = 0n;
    }
    return { id: Long.fromBigInt(replyId), ns, nextBatch };
  }

  kill(id: bigint): boolean {
    return this.cursors.delete(id.toString());
  }

  private sweep(): void {
    const cutoff = Date.now() - CURSOR_IDLE_MS;
    for (const [id, c] of this.cursors) if (c.lastUsed < cutoff) this.cursors.delete(id);
  }
}
