// Binary fields come back from the driver as BSON Binary and go in as Buffers; this gives bytes
// either way, so callers need not care which side of the driver a document came from.
import { Binary } from 'mongodb';

export type StoredBytes = Binary | Uint8Array;

export function toBuffer(value: StoredBytes): Buffer {
  if (value instanceof Binary) return Buffer.from(value.buffer.subarray(0, value.position));
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
