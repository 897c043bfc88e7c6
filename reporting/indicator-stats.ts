// Per-indicator precision re-estimated from reviewers' decisions: of the reviewed ads on which an
// indicator fired, how many did a reviewer confirm, escalate or report (vs dismiss). Reported by
// `adrisk indicators stats` so analysts can re-weight indicators that mislead in their market.
import type { Db } from 'mongodb';
import { COLLECTIONS } from '../storage/documents.ts';

/** Decisions that count as a reviewer agreeing that the ad warranted attention. */
export const POSITIVE_DECISIONS = ['confirmed', 'escalated', 'reported'] as const;

export interface IndicatorStat {
  code: string;
  /** Ads on which the indicator fired (reviewed or not). */
  fired: number;
  reviewed: number;
  confirmed: number;
  dismissed: number;
  /** confirmed / reviewed; null until an ad with this indicator was reviewed. */
  precision: number | null;
  /** Wilson 95% interval of the precision, so small samples are read with care. */
  interval: [number, number] | null;
}

const Z95 = 1.96;

export function wilsonInterval(successes: number, n: number): [number, number] | null {
  if (n === 0) return null;
  const p = successes / n;
  const denom = 1 + (Z95 * Z95) / n;
  const centre = (p + (Z95 * Z95) / (2 * n)) / denom;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + (Z95 * Z95) / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export async function indicatorStats(db: Db): Promise<IndicatorStat[]> {
  const rows = await db
    .collection(COLLECTIONS.ads)
    .aggregate([
      { $match: { indicatorCodes: { $exists: true } } },
      { $project: { indicatorCodes: 1, reviewStatus: 1 } },
      { $unwind: '$indicatorCodes' },
      {
        $group: {
          _id: '$indicatorCodes',
          fired: { $sum: 1 },
          confirmed: { $sum: { $cond: [{ $in: ['$reviewStatus', [...POSITIVE_DECISIONS]] }, 1, 0] } },
          dismissed: { $sum: { $cond: [{ $eq: ['$reviewStatus', 'dismissed'] }, 1, 0] } },
        },
      },
      { $sort: { _id: 1 } },
    ])
    .toArray();
  return rows.map((r) => {
    const confirmed = Number(r.confirmed);
    const dismissed = Number(r.dismissed);
    const reviewed = confirmed + dismissed;
    return {
      code: String(r._id),
      fired: Number(r.fired),
      reviewed,
      confirmed,
      dismissed,
      precision: reviewed > 0 ? confirmed / reviewed : null,
      interval: wilsonInterval(confirmed, reviewed),
    };
  });
}
