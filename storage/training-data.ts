// What `adrisk train` reads and records: reviewed ads with their latest decision (the ad's review
// summary is kept current by ReviewRepository), and which trained model file scoring should use
// (`meta` document `active_model`).
import type { Db } from 'mongodb';
import { type AdDoc, COLLECTIONS, type ReviewSummary } from './documents.ts';

/** Reviewed ads read for one training run at most: bounds memory and training time. */
export const MAX_TRAINING_ADS = 100_000;
export const ACTIVE_MODEL_ID = 'active_model';

export interface ReviewedAdRow {
  id: string;
  title?: string;
  text?: string;
  site: string;
  country?: string;
  city?: string;
  decision: ReviewSummary['decision'];
  decidedAt: Date;
}

export interface ActiveModelDoc {
  _id: typeof ACTIVE_MODEL_ID;
  /** Absolute path of the model JSON file. */
  path: string;
  version: string;
  trainedAt: Date;
  /** Reviewed ads the model was trained on. */
  decisions: number;
  by: string;
}

const DECIDED: Array<ReviewSummary['decision']> = ['confirmed', 'dismissed', 'escalated', 'reported'];

/** Reviewed ads, most recently decided first, at most `limit` (index-backed on reviewStatus). */
export async function reviewedAds(db: Db, limit = MAX_TRAINING_ADS): Promise<ReviewedAdRow[]> {
  const docs = await db
    .collection<AdDoc>(COLLECTIONS.ads)
    .find(
      { reviewStatus: { $in: DECIDED } },
      {
        projection: { title: 1, text: 1, site: 1, country: 1, city: 1, review: 1 },
        sort: { 'review.at': -1, _id: 1 },
        limit,
      },
    )
    .toArray();
  return docs.flatMap((doc) =>
    doc.review
      ? [
          {
            id: doc._id,
            title: doc.title,
            text: doc.text,
            site: doc.site,
            country: doc.country,
            city: doc.city,
            decision: doc.review.decision,
            decidedAt: doc.review.at,
          },
        ]
      : [],
  );
}

export async function activeModel(db: Db): Promise<ActiveModelDoc | null> {
  return db.collection<ActiveModelDoc>(COLLECTIONS.meta).findOne({ _id: ACTIVE_MODEL_ID });
}

export async function setActiveModel(db: Db, doc: Omit<ActiveModelDoc, '_id'>): Promise<void> {
  await db
    .collection<ActiveModelDoc>(COLLECTIONS.meta)
    .updateOne({ _id: ACTIVE_MODEL_ID }, { $set: doc }, { upsert: true });
}
