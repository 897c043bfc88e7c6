// A stored snapshot as text for the ad page: decompressed up to a bound (a hostile page may be a
// gzip bomb) and decoded as UTF-8. The page escapes it; it is never rendered as HTML.
import { createGunzip } from 'node:zlib';
import type { Db } from 'mongodb';
import { COLLECTIONS, type SnapshotDoc, toBuffer } from '../storage/index.ts';

/** Characters of page source shown; evidence beyond it stays in the store and case packages. */
export const MAX_SNAPSHOT_BYTES = 256 * 1024;

export async function gunzipBounded(
  gz: Buffer,
  limit: number,
): Promise<{ bytes: Buffer; truncated: boolean }> {
  return new Promise((resolve) => {
    const gunzip = createGunzip();
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (truncated: boolean) => {
      if (done) return;
      done = true;
      gunzip.destroy();
      resolve({ bytes: Buffer.concat(chunks).subarray(0, limit), truncated });
    };
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) finish(true);
    });
    gunzip.on('end', () => finish(false));
    // A corrupt tail still leaves what was decoded before it.
    gunzip.on('error', () => finish(true));
    gunzip.end(gz);
  });
}

export async function snapshotText(
  db: Db,
  snapshotId: string,
): Promise<{ text: string; truncated: boolean } | null> {
  const doc = await db
    .collection<SnapshotDoc>(COLLECTIONS.snapshots)
    .findOne({ _id: snapshotId }, { projection: { body: 1, encoding: 1 } });
  if (!doc?.body) return null;
  const { bytes, truncated } = await gunzipBounded(toBuffer(doc.body), MAX_SNAPSHOT_BYTES);
  return { text: bytes.toString('utf8'), truncated };
}

/** The screenshot PNG of a snapshot, if one was kept. */
export async function snapshotScreenshot(db: Db, snapshotId: string): Promise<Buffer | null> {
  const doc = await db
    .collection<SnapshotDoc>(COLLECTIONS.snapshots)
    .findOne({ _id: snapshotId }, { projection: { screenshot: 1 } });
  return doc?.screenshot ? toBuffer(doc.screenshot) : null;
}
