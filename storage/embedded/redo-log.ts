// The redo log behind group commit (see SqliteStore.transaction): every acknowledged write
// command appends one frame with the documents it stored or removed, before its reply is sent.
// SQLite then commits many commands at once, so a batch of random index inserts rewrites each
// dirty index page once per window rather than once per command. After a crash, the frames newer
// than the last SQLite commit are applied again (a killed process loses nothing: write() has put
// the frame in the OS page cache; with synchronous FULL each frame is also fsynced).
//
// Frame: u32 payload length, u32 CRC-32 of the payload, then the payload: f64 sequence number,
// u32 record count, and per record u8 kind, u32 collection id, u32 length, BSON bytes. A torn or
// corrupt frame ends the log: it was never acknowledged, and nothing after it was written.
import { closeSync, fdatasyncSync, ftruncateSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';

export const REDO_LOG_FILE = 'store.redo';

/** A stored document (its whole BSON) or a removed one (`{ _id }` only). */
export const PUT = 1;
export const REMOVE = 2;

export interface RedoRecord {
  kind: typeof PUT | typeof REMOVE;
  /** The collection's catalog id (catalog changes commit at once, so it is stable in a window). */
  coll: number;
  bson: Uint8Array;
}

export interface RedoFrame {
  seq: number;
  records: RedoRecord[];
}

const FRAME_HEAD = 8;
const PAYLOAD_HEAD = 12;
const RECORD_HEAD = 9;

export class RedoLog {
  private readonly fd: number;
  /** Bytes of whole frames; the next frame is written here, over any torn remains of a failed one. */
  private size = 0;

  constructor(
    private readonly file: string,
    private readonly fsync: boolean,
  ) {
    this.fd = openSync(file, 'w');
  }

  get bytes(): number {
    return this.size;
  }

  append(frame: RedoFrame): void {
    const buf = encodeFrame(frame);
    let done = 0;
    while (done < buf.length) done += writeSync(this.fd, buf, done, buf.length - done, this.size + done);
    if (this.fsync) fdatasyncSync(this.fd);
    this.size += buf.length;
  }

  /** Empties the log once SQLite has committed everything in it. */
  reset(): void {
    ftruncateSync(this.fd, 0);
    this.size = 0;
  }

  /** Closes the log; `remove` deletes the file (after a final commit, it holds nothing). */
  close(remove: boolean): void {
    closeSync(this.fd);
    if (remove) rmSync(this.file, { force: true });
  }
}

export function encodeFrame(frame: RedoFrame): Buffer {
  let length = PAYLOAD_HEAD;
  for (const r of frame.records) length += RECORD_HEAD + r.bson.length;
  const buf = Buffer.allocUnsafe(FRAME_HEAD + length);
  buf.writeDoubleLE(frame.seq, FRAME_HEAD);
  buf.writeUInt32LE(frame.records.length, FRAME_HEAD + 8);
  let at = FRAME_HEAD + PAYLOAD_HEAD;
  for (const r of frame.records) {
    buf.writeUInt8(r.kind, at);
    buf.writeUInt32LE(r.coll, at + 1);
    buf.writeUInt32LE(r.bson.length, at + 5);
    buf.set(r.bson, at + RECORD_HEAD);
    at += RECORD_HEAD + r.bson.length;
  }
  buf.writeUInt32LE(length, 0);
  buf.writeUInt32LE(crc32(buf.subarray(FRAME_HEAD)), 4);
  return buf;
}

/** The whole frames of a log file, in order; stops at the first torn or corrupt one. */
export function readFrames(file: string): RedoFrame[] {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const frames: RedoFrame[] = [];
  let at = 0;
  while (at + FRAME_HEAD + PAYLOAD_HEAD <= buf.length) {
    const length = buf.readUInt32LE(at);
    const end = at + FRAME_HEAD + length;
    if (length < PAYLOAD_HEAD || end > buf.length) break;
    const payload = buf.subarray(at + FRAME_HEAD, end);
    if (crc32(payload) !== buf.readUInt32LE(at + 4)) break;
    const records = decodeRecords(payload);
    if (!records) break;
    frames.push({ seq: payload.readDoubleLE(0), records });
    at = end;
  }
  return frames;
}

function decodeRecords(payload: Buffer): RedoRecord[] | undefined {
  const count = payload.readUInt32LE(8);
  const records: RedoRecord[] = [];
  let at = PAYLOAD_HEAD;
  for (let i = 0; i < count; i++) {
    if (at + RECORD_HEAD > payload.length) return undefined;
    const kind = payload.readUInt8(at);
    const length = payload.readUInt32LE(at + 5);
    if ((kind !== PUT && kind !== REMOVE) || at + RECORD_HEAD + length > payload.length) return undefined;
    records.push({
      kind,
      coll: payload.readUInt32LE(at + 1),
      bson: payload.subarray(at + RECORD_HEAD, at + RECORD_HEAD + length),
    });
    at += RECORD_HEAD + length;
  }
  return at === payload.length ? records : undefined;
}
