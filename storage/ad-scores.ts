// Scores written onto ads: the classifier's result as stored data, flattened into the fields the
// review queue filters and sorts on (risk, level, urgent, indicatorCodes, language), plus what
// tells the next `classify` run whether the score is still current. Knows nothing of scoring rules.
import type { AnyBulkWriteOperation, Db } from 'mongodb';
import { type AdDoc, COLLECTIONS, type SiteDoc, type StoredScore } from './documents.ts';

/** Writes per bulkWrite call. */
export const SCORE_WRITE_BATCH = 1000;

export interface AdScoreWrite {
  adId: string;
  score: StoredScore;
  /** The ad's contentHash the score was computed from. */
  scoredContentHash: string;
  textSignature?: string;
  networkHitsHash?: string;
}

/** Writes scores with bulk writes; an ad never reviewed enters the review queue as `pending`. */
export async function writeAdScores(db: Db, writes: AdScoreWrite[]): Promise<void> {
  const col = db.collection<AdDoc>(COLLECTIONS.ads);
  for (let i = 0; i < writes.length; i += SCORE_WRITE_BATCH) {
    const ops: AnyBulkWriteOperation<AdDoc>[] = [];
    for (const w of writes.slice(i, i + SCORE_WRITE_BATCH)) {
      const set: Partial<AdDoc> = {
        score: w.score,
        risk: w.score.risk,
        level: w.score.level,
        urgent: w.score.urgent,
        indicatorCodes: w.score.indicators.map((h) => h.code),
        language: w.score.language,
        scoredContentHash: w.scoredContentHash,
      };
      const unset: Record<string, ''> = {};
      if (w.textSignature !== undefined) set.textSignature = w.textSignature;
      else unset.textSignature = '';
      if (w.networkHitsHash !== undefined) set.networkHitsHash = w.networkHitsHash;
      else unset.networkHitsHash = '';
      ops.push({ updateOne: { filter: { _id: w.adId }, update: { $set: set, $unset: unset } } });
      ops.push({
        updateOne: {
          filter: { _id: w.adId, reviewStatus: { $exists: false } },
          update: { $set: { reviewStatus: 'pending' } },
        },
      });
    }
    await col.bulkWrite(ops, { ordered: false });
  }
}

/** Recounts each site's high-risk ads still online into `sites.adsHighRisk`. */
export async function updateSitesHighRisk(db: Db): Promise<number> {
  const counts = await db
    .collection<AdDoc>(COLLECTIONS.ads)
    .aggregate<{ _id: string; n: number }>([
      { $match: { level: 'high', removedAt: { $exists: false } } },
      { $group: { _id: '$site', n: { $sum: 1 } } },
    ])
    .toArray();
  const sites = db.collection<SiteDoc>(COLLECTIONS.sites);
  const ops: AnyBulkWriteOperation<SiteDoc>[] = counts.map((c) => ({
    updateOne: { filter: { _id: c._id }, update: { $set: { adsHighRisk: c.n } } },
  }));
  ops.push({
    updateMany: { filter: { _id: { $nin: counts.map((c) => c._id) } }, update: { $set: { adsHighRisk: 0 } } },
  });
  await sites.bulkWrite(ops, { ordered: false });
  return counts.reduce((sum, c) => sum + c.n, 0);
}
