// Walks the elements of a BSON document in place, without decoding values, so that a stored
// document can be assembled from byte ranges of the command that carried its fields. Every offset
// is bounds-checked; a malformed document yields undefined (or false) and the caller decodes
// instead. Written for speed: no views or slices per element, names decoded only when ASCII-cheap.
import { isUtf8 } from 'node:buffer';

export interface ElementRange {
  name: string;
  /** Offset of the type byte: the element is bytes[start, end). */
  start: number;
  end: number;
  /** Offset of the value (after the name's terminating 0). */
  valueStart: number;
  type: number;
}

/** Value sizes of the fixed-width BSON types, by type byte; -1 for the variable ones. */
const FIXED = new Int8Array(256).fill(-2);
for (const [type, size] of [
  [0x01, 8],
  [0x06, 0],
  [0x07, 12],
  [0x08, 1],
  [0x09, 8],
  [0x0a, 0],
  [0x10, 4],
  [0x11, 8],
  [0x12, 8],
  [0x13, 16],
  [0x7f, 0],
  [0xff, 0],
  [0x02, -1],
  [0x03, -1],
  [0x04, -1],
  [0x05, -1],
  [0x0b, -1],
  [0x0c, -1],
  [0x0d, -1],
  [0x0e, -1],
  [0x0f, -1],
] as const)
  FIXED[type] = size;

/** Nesting beyond this is refused (the wire protocol's decoder would overflow its stack long before). */
const MAX_DEPTH = 100;
/** Strings up to this length are checked for UTF-8 by a byte loop; longer ones natively. */
const SHORT_STRING = 64;

function int32(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
}

/** The bounds [start, last] of the document at `offset` (last: its final 0), or undefined. */
function bounds(bytes: Uint8Array, offset: number): number | undefined {
  if (offset < 0 || offset + 5 > bytes.length) return undefined;
  const size = int32(bytes, offset);
  const last = offset + size - 1;
  return size < 5 || last >= bytes.length || bytes[last] !== 0 ? undefined : last;
}

/** The elements of the document at `offset`, or undefined when its bytes do not add up. */
export function documentElements(bytes: Buffer, offset = 0): ElementRange[] | undefined {
  const last = bounds(bytes, offset);
  if (last === undefined) return undefined;
  const out: ElementRange[] = [];
  let at = offset + 4;
  while (at < last) {
    const type = bytes[at]!;
    const nameEnd = bytes.indexOf(0, at + 1);
    if (nameEnd < 0 || nameEnd >= last) return undefined;
    const valueStart = nameEnd + 1;
    const length = valueLength(bytes, type, valueStart, last);
    if (length < 0 || valueStart + length > last) return undefined;
    const name = bytes.toString('utf8', at + 1, nameEnd);
    out.push({ name, start: at, end: valueStart + length, valueStart, type });
    at = valueStart + length;
  }
  return at === last ? out : undefined;
}

/**
 * Whether the document at `offset` is well-formed all the way down: lengths that add up, known
 * types, valid UTF-8 in names and strings. Bytes stored without decoding must pass it, so that a
 * malformed value never reaches the store where only a later read would find it.
 */
export function isWellFormed(bytes: Buffer, offset = 0, depth = 0, end = bytes.length): boolean {
  if (depth > MAX_DEPTH) return false;
  const last = bounds(bytes, offset);
  if (last === undefined || last >= end) return false;
  let at = offset + 4;
  while (at < last) {
    const type = bytes[at]!;
    const nameEnd = bytes.indexOf(0, at + 1);
    if (nameEnd < 0 || nameEnd >= last || !validUtf8(bytes, at + 1, nameEnd)) return false;
    const valueStart = nameEnd + 1;
    const length = valueLength(bytes, type, valueStart, last);
    if (length < 0 || valueStart + length > last) return false;
    const valueEnd = valueStart + length;
    if (type === 0x02 || type === 0x0d || type === 0x0e) {
      if (length < 5 || bytes[valueEnd - 1] !== 0 || !validUtf8(bytes, valueStart + 4, valueEnd - 1))
        return false;
    } else if (type === 0x03 || type === 0x04) {
      if (!isWellFormed(bytes, valueStart, depth + 1, valueEnd) || int32(bytes, valueStart) !== length)
        return false;
    } else if (type === 0x0f) {
      // Code with scope: total length, the code string, then the scope document.
      const codeLength = length >= 14 ? int32(bytes, valueStart + 4) : 0;
      const scope = valueStart + 8 + codeLength;
      if (codeLength < 1 || !isWellFormed(bytes, scope, depth + 1, valueEnd)) return false;
    }
    at = valueEnd;
  }
  return at === last;
}

function validUtf8(bytes: Buffer, start: number, end: number): boolean {
  if (end - start > SHORT_STRING) return isUtf8(bytes.subarray(start, end));
  for (let i = start; i < end; i++) {
    // A 0 inside would end a cstring early; outside ASCII, the native check decides.
    if (bytes[i]! >= 0x80) return isUtf8(bytes.subarray(start, end));
  }
  return true;
}

/** The value's length in bytes, or -1 when it cannot be read. */
function valueLength(bytes: Uint8Array, type: number, at: number, limit: number): number {
  const fixed = FIXED[type]!;
  if (fixed >= 0) return fixed;
  if (fixed === -2) return -1;
  if (type === 0x0b) {
    // regular expression: two cstrings
    const pattern = bytes.indexOf(0, at);
    const flags = pattern < 0 ? -1 : bytes.indexOf(0, pattern + 1);
    return flags < 0 || flags >= limit ? -1 : flags + 1 - at;
  }
  if (at + 4 > limit) return -1;
  const n = int32(bytes, at);
  if (n < 0) return -1;
  switch (type) {
    case 0x02: // string, JavaScript code, symbol: int32 length (with its 0) then the bytes
    case 0x0d:
    case 0x0e:
      return 4 + n;
    case 0x05: // binary: int32 length, subtype byte, bytes
      return 5 + n;
    case 0x0c: // DBPointer: string then a 12-byte ObjectId
      return 4 + n + 12;
    default: // document, array, code with scope: int32 total length
      return n;
  }
}

/** An element and the bytes it lies in. */
export type ElementPart = [bytes: Uint8Array, element: ElementRange];

/** A document made of the given elements, in order: its bytes as BSON stores them. */
export function documentFrom(bytes: Uint8Array, elements: ElementRange[]): Buffer {
  return documentFromParts(elements.map((e): ElementPart => [bytes, e]));
}

/** A document made of elements taken from one or more documents' bytes, in order. */
export function documentFromParts(parts: ElementPart[]): Buffer {
  let size = 5;
  for (const [, e] of parts) size += e.end - e.start;
  const out = Buffer.allocUnsafe(size);
  out.writeInt32LE(size, 0);
  let at = 4;
  for (const [bytes, e] of parts) {
    out.set(bytes.subarray(e.start, e.end), at);
    at += e.end - e.start;
  }
  out[at] = 0;
  return out;
}

/** What `scalarValue` answers for an element it does not decode (documents, arrays, …). */
export const NOT_SCALAR: unique symbol = Symbol('not a scalar');

/**
 * The value of an element of a well-formed document (isWellFormed) when it is a double, string,
 * boolean, date, null or int32, exactly as deserializeDoc gives it; NOT_SCALAR otherwise.
 */
export function scalarValue(bytes: Buffer, e: ElementRange): unknown {
  switch (e.type) {
    case 0x01:
      return bytes.readDoubleLE(e.valueStart);
    case 0x02:
      return bytes.toString('utf8', e.valueStart + 4, e.end - 1);
    case 0x08:
      return bytes[e.valueStart] === 1;
    case 0x09:
      // int64 milliseconds, as bson's Long.toNumber reads them: signed high word, unsigned low.
      return new Date(bytes.readInt32LE(e.valueStart + 4) * 4294967296 + bytes.readUInt32LE(e.valueStart));
    case 0x0a:
      return null;
    case 0x10:
      return bytes.readInt32LE(e.valueStart);
    default:
      return NOT_SCALAR;
  }
}
