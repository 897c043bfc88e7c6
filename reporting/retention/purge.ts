// Retention: after the configured period, raw snapshots and contact details of ads that were
// dismissed or never flagged are deleted. Ads under a confirmed, escalated or reported decision are
// kept until released. What stays is what statistics need: site, city, language, risk, indicators.
import type { Db, Filter } from 'mongodb';
import { type AdDoc, COLLECTIONS } from '../../storage/documents.ts';

/** Review outcomes that hold an ad (and its evidence) until a reviewer releases it. */
export const KEPT_DECISIONS = ['confirmed', 'escalated', 'reported'] as const;
const BATCH = 500;

export interface PurgeOptions {
  retentionDays: number;
  now?: Date;
  dryRun?: boolean;
}

export interface PurgeResult {
  cutoff: Date;
  adsPurged: number;
  snapshotsDeleted: number;
  imageBlobsDeleted: number;
  dryRun: boolean;
}

/** Ads past the retention period that no decision holds, and not purged already. */
export function purgeFilter(cutoff: Date): Filter<AdDoc> {
  return {
    lastSeen: { $lt: cutoff },
    purgedAt: { $exists: false },
    $or: [
      { reviewStatus: 'dismissed' },
      { released: true },
      { level: { $ne: 'high' }, reviewStatus: { $nin: [...KEPT_DECISIONS] } },
    ],
  } as Filter<AdDoc>;
}

export async function purgeExpired(db: Db, options: PurgeOptions): Promise<PurgeResult> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.retentionDays * 86_400_000);
  const ads = db.collection<AdDoc>(COLLECTIONS.ads);
  const snapshots = db.collection(COLLECTIONS.snapshots);
  const result: PurgeResult = {
    cutoff,
    adsPurged: 0,
    snapshotsDeleted: 0,
    imageBlobsDeleted: 0,
    dryRun: Boolean(options.dryRun),
  };

  // Collect first, then write: updating the documents a cursor walks could skip some.
  const ids: string[] = [];
  const snapshotIds = new Set<string>();
  for await (const ad of ads.find(purgeFilter(cutoff), { projection: { _id: 1, evidence: 1 } })) {
    ids.push(ad._id);
    if (ad.evidence?.snapshot) snapshotIds.add(ad.evidence.snapshot);
  }
  result.adsPurged = ids.length;
  // A snapshot is kept while any ad that is not being purged still points at it.
  const candidates = [...snapshotIds];
  const stillUsed = new Set<string>();
  for (let i = 0; i < candidates.length; i += BATCH) {
    const chunk = candidates.slice(i, i + BATCH);
    const used = await ads.distinct('evidence.snapshot', {
      'evidence.snapshot': { $in: chunk },
      _id: { $nin: ids },
    });
    for (const s of used) stillUsed.add(String(s));
  }
  const deletable = candidates.filter((s) => !stillUsed.has(s));
  result.snapshotsDeleted = deletable.length;
  const blobFilter = { fetchedAt: { $lt: cutoff } };
  if (options.dryRun) {
    result.imageBlobsDeleted = await db.collection(COLLECTIONS.imageBlobs).countDocuments(blobFilter);
    return result;
  }
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = await ads
      .find({ _id: { $in: ids.slice(i, i + BATCH) } }, { projection: { images: 1, 'score.indicators': 1 } })
      .toArray();
    await ads.bulkWrite(
      batch.map((ad) => ({
        updateOne: {
          filter: { _id: ad._id },
          update: {
            $set: {
              purgedAt: now,
              images: (ad.images ?? []).map(({ ocrText: _dropped, ...image }) => image),
              ...(ad.score
                ? {
                    'score.entities.phones': [],
                    'score.entities.emails': [],
                    'score.entities.handles': [],
                    'score.indicators': ad.score.indicators.map((ind) => ({ ...ind, evidence: [] })),
                  }
                : {}),
            },
            $unset: {
              text: '',
              title: '',
              name: '',
              rawContacts: '',
              'evidence.snapshot': '',
              'evidence.headers': '',
            },
          },
        },
      })),
      { ordered: false },
    );
  }
  for (let i = 0; i < deletable.length; i += BATCH) {
    await snapshots.deleteMany({ _id: { $in: deletable.slice(i, i + BATCH) } } as never);
  }
  result.imageBlobsDeleted = (
    await db.collection(COLLECTIONS.imageBlobs).deleteMany(blobFilter)
  ).deletedCount;
  return result;
}
