// How stored BSON blobs become documents: one place for the deserialization options so that every
// command sees the same types (Int64 as number when safe, Int32/Double as number).
import { type Document, deserialize, serialize } from 'bson';

export function deserializeDoc(bytes: Uint8Array): Document {
  return deserialize(bytes, { promoteLongs: true, promoteValues: true });
}

/** A document's BSON as a Buffer: bson already returns a fresh Buffer on Node, so no copy is made. */
export function serializeDoc(doc: Document): Buffer {
  return asBuffer(serialize(doc));
}

/** Bytes as a Buffer view over the same memory (wire subarrays are Buffers already). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
