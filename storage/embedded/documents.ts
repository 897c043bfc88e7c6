// How stored BSON blobs become documents: one place for the deserialization options so that every
// command sees the same types (Int64 as number when safe, Int32/Double as number).
import { type Document, deserialize } from 'bson';

export function deserializeDoc(bytes: Uint8Array): Document {
  return deserialize(bytes, { promoteLongs: true, promoteValues: true });
}
