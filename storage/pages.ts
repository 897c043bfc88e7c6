// Fetched pages, the evidence kept for them (gzip snapshots with a WARC record, screenshots), and
// ad images waiting for the classifier (bytes dropped once processed unless crawl.keepImages).
import type { Collection, Db } from 'mongodb';
import type { PageAnalysis } from '../crawler/types.ts';
import type { StoredBytes } from './binary.ts';
import { COLLECTIONS, type SnapshotDoc } from './documents.ts';

export interface PageDoc {
  _id: string; // frontier fingerprint of the requested URL
  url: string;
  finalUrl: string;
  host: string;
  runId: string;
  status: number;
  fetchedAt: Date;
  contentType: string;
  sha256: string;
  /** Snapshot id in `snapshots` when the page was kept as evidence (ad pages). */
  snapshot?: string;
  truncated: boolean;
  rendered: boolean;
  role: PageAnalysis['role'];
  adsCount: number;
  /** What the page said about its site, kept so any worker can rebuild the site from pages. */
  signals: PageAnalysis['signals'];
  typeHints: PageAnalysis['typeHints'];
  cities: string[];
  language?: string;
  needsBrowser: boolean;
  externalLinks?: string[];
  /** Anchor texts of the external links (bounded), read by site discovery. */
  externalAnchors?: PageAnalysis['externalAnchors'];
  /** Selling-word counts of the page, merged per site into its explicitness. */
  explicitness?: PageAnalysis['explicitness'];
  /** Why the page's ads were kept or dropped. */
  adDecision?: PageAnalysis['adDecision'];
}

/** An ad image waiting for the classifier (hashing, perceptual hash, OCR). */
export interface ImageBlobDoc {
  _id: string; // sha256 of the bytes
  url: string;
  contentType: string;
  size: number;
  /** The image bytes; the classifier drops them after processing unless crawl.keepImages. */
  bytes?: StoredBytes;
  adIds: string[];
  fetchedAt: Date;
  processed: boolean;
  keep: boolean;
}

export class PageRepository {
  readonly pages: Collection<PageDoc>;
  readonly snapshots: Collection<SnapshotDoc>;
  readonly images: Collection<ImageBlobDoc>;
  constructor(db: Db) {
    this.pages = db.collection<PageDoc>(COLLECTIONS.pages);
    this.snapshots = db.collection<SnapshotDoc>(COLLECTIONS.snapshots);
    this.images = db.collection<ImageBlobDoc>(COLLECTIONS.imageBlobs);
  }

  async savePages(docs: PageDoc[]): Promise<void> {
    if (docs.length === 0) return;
    await this.pages.bulkWrite(
      docs.map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } })),
      { ordered: false },
    );
  }

  /** Stores a snapshot once per body hash (the same body captured twice is one snapshot). */
  async saveSnapshot(doc: SnapshotDoc): Promise<void> {
    await this.saveSnapshots([doc]);
  }

  /** saveSnapshot() for many captures in one round trip. */
  async saveSnapshots(docs: SnapshotDoc[]): Promise<void> {
    if (docs.length === 0) return;
    const unique = new Map(docs.map((doc) => [doc._id, doc]));
    await this.snapshots.bulkWrite(
      [...unique.values()].map(({ _id, ...rest }) => ({
        updateOne: { filter: { _id }, update: { $setOnInsert: rest }, upsert: true },
      })),
      { ordered: false },
    );
  }

  async saveImage(doc: ImageBlobDoc): Promise<void> {
    const { _id, adIds, ...rest } = doc;
    await this.images.updateOne(
      { _id },
      { $setOnInsert: rest, $addToSet: { adIds: { $each: adIds } } },
      { upsert: true },
    );
  }

  /** Pages of a host fetched in a run (projection for rebuilding the site record). */
  async forHost(host: string, runId: string, limit: number): Promise<PageDoc[]> {
    return this.pages.find({ host, runId }, { limit, projection: { _id: 0 } }).toArray() as Promise<
      PageDoc[]
    >;
  }
}
