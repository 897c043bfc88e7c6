// Ads collected elsewhere (`adrisk import`): stored with their input id, `source: 'import'`, and
// their image bytes queued in `image_blobs` for the classifier like crawled images. Re-importing
// the same records changes nothing: unchanged ads are not written, blobs are inserted once.
import type { AnyBulkWriteOperation, Db } from 'mongodb';
import { adContentHash } from './ads.ts';
import { type AdDoc, type AdImage, COLLECTIONS } from './documents.ts';
import type { ImageBlobDoc } from './pages.ts';

/** The `site` of an imported ad that names none. */
export const IMPORT_SITE = 'import';

export interface ImportedImage {
  sha256: string;
  /** Where it came from, as a label (never fetched). */
  url: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface ImportedAd {
  id: string;
  title?: string;
  text?: string;
  url?: string;
  site?: string;
  postedAt?: Date;
  /** Hints the score input format allows: the advertised name, city and country (ISO 3166-1). */
  name?: string;
  city?: string;
  country?: string;
  images: ImportedImage[];
}

export interface ImportWriteResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Ids that belong to crawled ads: an import never overwrites them. */
  conflicts: string[];
}

function sameImages(stored: AdImage[] | undefined, given: ImportedImage[]): boolean {
  const a = (stored ?? []).map((i) => i.sha256);
  return a.length === given.length && a.every((sha, i) => sha === given[i]!.sha256);
}

export async function importAds(db: Db, ads: ImportedAd[], now = new Date()): Promise<ImportWriteResult> {
  const result: ImportWriteResult = { inserted: 0, updated: 0, unchanged: 0, conflicts: [] };
  if (ads.length === 0) return result;
  const col = db.collection<AdDoc>(COLLECTIONS.ads);
  const existing = new Map(
    (
      await col
        .find(
          { _id: { $in: ads.map((a) => a.id) } },
          {
            projection: {
              source: 1,
              contentHash: 1,
              site: 1,
              url: 1,
              postedAt: 1,
              name: 1,
              city: 1,
              country: 1,
              images: 1,
            },
          },
        )
        .toArray()
    ).map((d) => [d._id, d]),
  );
  const ops: AnyBulkWriteOperation<AdDoc>[] = [];
  const blobs = new Map<string, { image: ImportedImage; adIds: Set<string> }>();
  for (const ad of ads) {
    const old = existing.get(ad.id);
    if (old && old.source !== 'import') {
      result.conflicts.push(ad.id);
      continue;
    }
    for (const image of ad.images) {
      const blob = blobs.get(image.sha256) ?? { image, adIds: new Set<string>() };
      blob.adIds.add(ad.id);
      blobs.set(image.sha256, blob);
    }
    const contentHash = adContentHash(ad.title, ad.text);
    const site = ad.site ?? IMPORT_SITE;
    const fields = {
      source: 'import' as const,
      site,
      contentHash,
      ...(ad.title !== undefined ? { title: ad.title } : {}),
      ...(ad.text !== undefined ? { text: ad.text } : {}),
      ...(ad.url !== undefined ? { url: ad.url } : {}),
      ...(ad.postedAt !== undefined ? { postedAt: ad.postedAt } : {}),
      ...(ad.name !== undefined ? { name: ad.name } : {}),
      ...(ad.city !== undefined ? { city: ad.city } : {}),
      ...(ad.country !== undefined ? { country: ad.country.toUpperCase() } : {}),
    };
    const images: AdImage[] = ad.images.map((i) => ({ sha256: i.sha256, url: i.url }));
    if (!old) {
      ops.push({
        updateOne: {
          filter: { _id: ad.id },
          update: { $setOnInsert: { ...fields, images, firstSeen: now, lastSeen: now } },
          upsert: true,
        },
      });
      result.inserted++;
      continue;
    }
    const unchanged =
      old.contentHash === contentHash &&
      old.site === site &&
      old.url === ad.url &&
      old.name === ad.name &&
      old.city === ad.city &&
      old.country === ad.country?.toUpperCase() &&
      (old.postedAt?.getTime() ?? null) === (ad.postedAt?.getTime() ?? null) &&
      sameImages(old.images, ad.images);
    if (unchanged) {
      result.unchanged++;
      continue;
    }
    // Keep what the classifier already read from images that are still there.
    const kept = new Map((old.images ?? []).map((i) => [i.sha256, i]));
    const unset: Record<string, ''> = {};
    for (const key of ['title', 'text', 'url', 'postedAt', 'name', 'city', 'country'] as const)
      if (ad[key] === undefined) unset[key] = '';
    ops.push({
      updateOne: {
        filter: { _id: ad.id },
        update: {
          $set: { ...fields, images: images.map((i) => kept.get(i.sha256) ?? i), lastSeen: now },
          ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
        },
      },
    });
    result.updated++;
  }
  if (blobs.size > 0) {
    await db.collection<ImageBlobDoc>(COLLECTIONS.imageBlobs).bulkWrite(
      [...blobs.values()].map(({ image, adIds }) => ({
        updateOne: {
          filter: { _id: image.sha256 },
          update: {
            $setOnInsert: {
              url: image.url,
              contentType: image.contentType,
              size: image.bytes.byteLength,
              bytes: Buffer.from(image.bytes),
              fetchedAt: now,
              processed: false,
              keep: false,
            },
            $addToSet: { adIds: { $each: [...adIds] } },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }
  if (ops.length > 0) await col.bulkWrite(ops, { ordered: false });
  return result;
}
