// Candidate sites for discovery: hosts linked from mapped sites, with where they were found and,
// once the discovery classifier has looked at them, its score, reasons and decision.
import type { Collection, Db } from 'mongodb';
import { type CandidateDoc, COLLECTIONS } from './documents.ts';

/** Places (page URL and anchor text) remembered per candidate; the first ones seen are kept. */
export const MAX_CANDIDATE_FOUND_ON = 20;

export interface CandidateSighting {
  host: string;
  /** The host's front page. */
  url: string;
  /** Links to the host found on one page. */
  foundOn: Array<{ url: string; anchorText: string }>;
  hops: number;
}

export type CandidateDecision = Pick<CandidateDoc, 'score' | 'isMarketplace' | 'reasons' | 'status'> &
  Partial<Pick<CandidateDoc, 'expandedIn'>>;

export class CandidateRepository {
  readonly col: Collection<CandidateDoc>;
  constructor(db: Db) {
    this.col = db.collection<CandidateDoc>(COLLECTIONS.candidates);
  }

  /** Records the hosts a page links to; a page already listed for a host is not added again. */
  async record(sightings: CandidateSighting[], now = new Date()): Promise<void> {
    if (sightings.length === 0) return;
    // Ordered: each host's document exists before its sighting is pushed onto it.
    await this.col.bulkWrite(
      sightings.flatMap((s) => {
        const pageUrl = s.foundOn[0]?.url ?? '';
        return [
          {
            updateOne: {
              filter: { _id: s.host },
              update: {
                $setOnInsert: {
                  host: s.host,
                  url: s.url,
                  foundOn: [],
                  firstSeen: now,
                  score: 0,
                  isMarketplace: false,
                  reasons: [],
                  status: 'queued' as const,
                },
                $set: { lastSeen: now },
                $min: { hops: s.hops },
              },
              upsert: true,
            },
          },
          {
            updateOne: {
              filter: { _id: s.host, 'foundOn.url': { $ne: pageUrl } },
              update: {
                $push: {
                  foundOn: {
                    $each: s.foundOn.slice(0, MAX_CANDIDATE_FOUND_ON),
                    $slice: MAX_CANDIDATE_FOUND_ON,
                  },
                },
              },
            },
          },
        ];
      }),
      { ordered: true },
    );
  }

  /** Candidates not decided yet, oldest first. */
  async undecided(limit: number): Promise<CandidateDoc[]> {
    return this.col.find({ status: 'queued' }).sort({ firstSeen: 1, _id: 1 }).limit(limit).toArray();
  }

  /** Hops of hosts that are candidates (hosts absent are seed sites: 0). */
  async hopsOf(host: string): Promise<number> {
    return (await this.col.findOne({ _id: host }, { projection: { hops: 1 } }))?.hops ?? 0;
  }

  /** Hosts this run mapped through discovery (the host budget's spending). */
  countMapped(runId: string): Promise<number> {
    return this.col.countDocuments({ expandedIn: runId });
  }

  /** Stores a decision unless another worker decided first; true when this one won. */
  async decide(host: string, decision: CandidateDecision, runId: string, now = new Date()): Promise<boolean> {
    const result = await this.col.updateOne(
      { _id: host, status: 'queued' },
      { $set: { ...decision, runId, decidedAt: now } },
    );
    return result.modifiedCount === 1;
  }
}
