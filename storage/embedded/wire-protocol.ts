// MongoDB wire-protocol framing: parses OP_MSG and legacy OP_QUERY requests into command documents
// and encodes OP_MSG / OP_REPLY responses. Knows nothing about what the commands mean.
import { type Document, deserialize, serialize } from 'bson';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const HEADER_BYTES = 16;
/** Largest message we accept or send; advertised to clients as maxMessageSizeBytes. */
export const MAX_MESSAGE_BYTES = 48_000_000;
export const MAX_BSON_OBJECT_BYTES = 16 * 1024 * 1024;

const FLAG_CHECKSUM_PRESENT = 1;
const FLAG_MORE_TO_COME = 2;

export interface MessageHeader {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

/** A document together with the exact bytes it arrived as, so inserts can store them unchanged. */
export interface RawDocument {
  readonly doc: Document;
  bytes: Uint8Array;
  /** Drops the decoded form once a command is done with it (see SequenceDocument). */
  release?(): void;
}

/**
 * A document of an OP_MSG sequence, decoded when first used. A bulk write's thousand statements
 * are then not all alive at once as objects: each is decoded as it runs and released after, so
 * the garbage collector's young generation stays small instead of copying the whole batch.
 */
export class SequenceDocument implements RawDocument {
  private decoded: Document | undefined;
  constructor(readonly bytes: Uint8Array) {}
  get doc(): Document {
    if (this.decoded === undefined) {
      try {
        this.decoded = deserialize(this.bytes);
      } catch (error) {
        throw new ProtocolError(`malformed document in OP_MSG sequence: ${(error as Error).message}`);
      }
    }
    return this.decoded;
  }
  release(): void {
    this.decoded = undefined;
  }
}

export interface CommandRequest {
  header: MessageHeader;
  /** 'msg' answers with OP_MSG, 'query' (the legacy handshake) with OP_REPLY. */
  kind: 'msg' | 'query';
  body: Document;
  /** OP_MSG kind-1 sections (e.g. `documents`, `updates`), keyed by identifier. */
  sequences: Map<string, RawDocument[]>;
  /** The client asked for no reply (unacknowledged writes). */
  moreToCome: boolean;
}

export class ProtocolError extends Error {}

export function readHeader(buf: Buffer, offset = 0): MessageHeader {
  return {
    length: buf.readInt32LE(offset),
    requestId: buf.readInt32LE(offset + 4),
    responseTo: buf.readInt32LE(offset + 8),
    opCode: buf.readInt32LE(offset + 12),
  };
}

/** Parses one complete message (header included). */
export function parseMessage(msg: Buffer): CommandRequest {
  const header = readHeader(msg);
  if (header.opCode === OP_MSG) return parseOpMsg(header, msg);
  if (header.opCode === OP_QUERY) return parseOpQuery(header, msg);
  throw new ProtocolError(`opcode ${header.opCode} not supported by the adrisk embedded store`);
}

function parseOpMsg(header: MessageHeader, msg: Buffer): CommandRequest {
  const flags = msg.readUInt32LE(HEADER_BYTES);
  const end = flags & FLAG_CHECKSUM_PRESENT ? msg.length - 4 : msg.length;
  let pos = HEADER_BYTES + 4;
  let body: Document | undefined;
  const sequences = new Map<string, RawDocument[]>();
  while (pos < end) {
    const kind = msg[pos]!;
    pos += 1;
    if (kind === 0) {
      const size = msg.readInt32LE(pos);
      body = deserialize(msg.subarray(pos, pos + size));
      pos += size;
    } else if (kind === 1) {
      const size = msg.readInt32LE(pos);
      const sectionEnd = pos + size;
      const nameEnd = msg.indexOf(0, pos + 4);
      if (nameEnd < 0 || nameEnd >= sectionEnd) throw new ProtocolError('malformed OP_MSG document sequence');
      const identifier = msg.toString('utf8', pos + 4, nameEnd);
      const docs: RawDocument[] = [];
      let p = nameEnd + 1;
      while (p < sectionEnd) {
        const docSize = msg.readInt32LE(p);
        if (docSize < 5 || p + docSize > sectionEnd)
          throw new ProtocolError('malformed document in OP_MSG sequence');
        docs.push(new SequenceDocument(msg.subarray(p, p + docSize)));
        p += docSize;
      }
      sequences.set(identifier, docs);
      pos = sectionEnd;
    } else {
      throw new ProtocolError(`OP_MSG section kind ${kind} not supported`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG without a body section');
  return { header, kind: 'msg', body, sequences, moreToCome: (flags & FLAG_MORE_TO_COME) !== 0 };
}

function parseOpQuery(header: MessageHeader, msg: Buffer): CommandRequest {
  let pos = HEADER_BYTES + 4; // flags
  const nameEnd = msg.indexOf(0, pos);
  const collection = msg.toString('utf8', pos, nameEnd);
  pos = nameEnd + 1 + 8; // numberToSkip, numberToReturn
  const size = msg.readInt32LE(pos);
  let query = deserialize(msg.subarray(pos, pos + size));
  // Legacy clients may wrap the command as { $query: {...}, $readPreference: ... }.
  if (query.$query && typeof query.$query === 'object') query = query.$query as Document;
  const dbName = collection.endsWith('.$cmd') ? collection.slice(0, -'.$cmd'.length) : collection;
  if (!collection.endsWith('.$cmd')) {
    throw new ProtocolError('legacy OP_QUERY is only supported for commands on <db>.$cmd');
  }
  return { header, kind: 'query', body: { ...query, $db: dbName }, sequences: new Map(), moreToCome: false };
}

let nextRequestId = 1;

function frame(opCode: number, responseTo: number, payload: Buffer[]): Buffer {
  const length = HEADER_BYTES + payload.reduce((n, b) => n + b.length, 0);
  const head = Buffer.alloc(HEADER_BYTES);
  head.writeInt32LE(length, 0);
  head.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  head.writeInt32LE(responseTo, 8);
  head.writeInt32LE(opCode, 12);
  return Buffer.concat([head, ...payload]);
}

export function encodeOpMsg(responseTo: number, doc: Document): Buffer {
  const flagsAndKind = Buffer.alloc(5); // flagBits 0, section kind 0
  return frame(OP_MSG, responseTo, [flagsAndKind, Buffer.from(serialize(doc))]);
}

export function encodeOpReply(responseTo: number, doc: Document): Buffer {
  const fixed = Buffer.alloc(20); // responseFlags, cursorID (int64), startingFrom, numberReturned
  fixed.writeInt32LE(1, 16);
  return frame(OP_REPLY, responseTo, [fixed, Buffer.from(serialize(doc))]);
}
