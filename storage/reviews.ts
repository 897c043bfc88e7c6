// Reviewers' decisions. Every decision and comment is its own `reviews` document (the history
// `adrisk train` learns from); the latest decision is also summarised on the ad (`review`,
// `reviewStatus`) so the queue can filter on it through an index.
import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { type AdDoc, COLLECTIONS, type ReviewDoc, type ReviewSummary } from './documents.ts';

export type Decision = ReviewSummary['decision'];
export const DECISIONS: readonly Decision[] = ['confirmed', 'dismissed', 'escalated', 'reported'];
/** Past decisions shown on an ad page; older ones stay in the collection. */
export const MAX_REVIEWS_LISTED = 200;

export interface DecisionInput {
  adId: string;
  user: string;
  decision: Decision | 'comment';
  reason?: string;
  reference?: string;
  comment?: string;
  durationMs?: number;
}

export class ReviewRepository {
  readonly col: Collection<ReviewDoc>;
  readonly ads: Collection<AdDoc>;
  constructor(db: Db) {
    this.col = db.collection<ReviewDoc>(COLLECTIONS.reviews);
    this.ads = db.collection<AdDoc>(COLLECTIONS.ads);
  }

  /** Records a decision or comment; a decision also updates the ad's summary. */
  async record(input: DecisionInput, at = new Date()): Promise<ReviewDoc> {
    const doc: ReviewDoc = {
      _id: randomUUID(),
      adId: input.adId,
      user: input.user,
      decision: input.decision,
      at,
    };
    if (input.reason) doc.reason = input.reason;
    if (input.reference) doc.reference = input.reference;
    if (input.comment) doc.comment = input.comment;
    if (input.durationMs !== undefined) doc.durationMs = input.durationMs;
    await this.col.insertOne(doc);
    if (input.decision !== 'comment') {
      const summary: ReviewSummary = { decision: input.decision, by: input.user, at };
      if (input.reason) summary.reason = input.reason;
      if (input.reference) summary.reference = input.reference;
      await this.ads.updateOne(
        { _id: input.adId },
        { $set: { review: summary, reviewStatus: input.decision } },
      );
    }
    return doc;
  }

  async forAd(adId: string): Promise<ReviewDoc[]> {
    return this.col.find({ adId }).sort({ at: -1 }).limit(MAX_REVIEWS_LISTED).toArray();
  }
}
