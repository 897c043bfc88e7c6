// The review queue: ads ordered urgent first, then by risk (then id, for a total order), with
// filters. Query parameters are validated strictly: only known keys, only plain strings of a
// safe alphabet, so `?site[$ne]=x`, repeated keys or `{"$ne":1}` are rejected before any query.
// Pages are keyset-paginated: every page is a few index range scans (see the `queue_*` indexes),
// however deep the reader goes, so it stays fast at a million ads.
import type { Collection, Filter } from 'mongodb';
import { z } from 'zod';
import { INDICATOR_CODES } from '../classifier/types.ts';
import { type AdDoc, SITE_TYPES } from '../storage/index.ts';

/** Indicator codes of the contract (shared/CONTRACTS.md), offered as a queue filter. */
export { INDICATOR_CODES };

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

export { SITE_TYPES };
export const REVIEW_STATUSES = ['pending', 'confirmed', 'dismissed', 'escalated', 'reported'] as const;

/** A filter value: a plain string with no operator or structure characters. */
const plain = (pattern: RegExp, what: string) =>
  z
    .string()
    .max(200)
    .regex(pattern, `invalid ${what}`)
    .optional()
    .transform((v) => (v === '' ? undefined : v));

const CURSOR_PATTERN = /^[01]~(?:0|1|0\.\d{1,12})~[A-Za-z0-9_.:-]{1,128}$/;

export const queueQuerySchema = z
  .object({
    site: plain(/^[a-z0-9.:-]*$/i, 'site'),
    siteType: z
      .enum(SITE_TYPES)
      .or(z.literal(''))
      .optional()
      .transform((v) => v || undefined),
    city: plain(/^[\p{L}\p{M}0-9 .'-]*$/u, 'city'),
    language: plain(/^[a-z]{0,3}$/, 'language'),
    level: z
      .enum(['high', 'medium', 'low'])
      .or(z.literal(''))
      .optional()
      .transform((v) => v || undefined),
    indicator: plain(/^[a-z_]*$/, 'indicator'),
    network: plain(/^[A-Za-z0-9_.:-]*$/, 'network'),
    status: z
      .enum(REVIEW_STATUSES)
      .or(z.literal(''))
      .optional()
      .transform((v) => v || undefined),
    after: plain(CURSOR_PATTERN, 'cursor'),
    limit: z
      .string()
      .regex(/^\d{1,6}$/, 'invalid limit')
      .optional()
      .transform((v) => Math.min(MAX_PAGE_SIZE, Math.max(1, v ? Number(v) : DEFAULT_PAGE_SIZE))),
  })
  .strict();

export type QueueQuery = z.infer<typeof queueQuerySchema>;

export interface QueueCursor {
  urgent: boolean;
  risk: number;
  id: string;
}

export function encodeCursor(ad: Pick<AdDoc, '_id' | 'urgent' | 'risk'>): string {
  return `${ad.urgent ? 1 : 0}~${ad.risk ?? 0}~${ad._id}`;
}

export function decodeCursor(value: string): QueueCursor {
  const [u, r, ...id] = value.split('~');
  return { urgent: u === '1', risk: Number(r), id: id.join('~') };
}

/** Equality filters of the query; each is backed by a `queue_<field>` index. */
export function queueFilter(q: QueueQuery): Filter<AdDoc> {
  const f: Filter<AdDoc> = {};
  if (q.site) f.site = q.site.toLowerCase();
  if (q.siteType) f.siteType = q.siteType;
  if (q.city) f.city = q.city;
  if (q.language) f.language = q.language;
  if (q.level) f.level = q.level;
  if (q.indicator) f.indicatorCodes = q.indicator;
  if (q.network) f.networkId = q.network;
  // Ads never reviewed carry no status yet; `null` matches the missing field.
  if (q.status) {
    (f as Record<string, unknown>).reviewStatus =
      q.status === 'pending' ? { $in: ['pending', null] } : q.status;
  }
  return f;
}

/** Fields the queue page shows; the rest of the ad is not read. */
export const QUEUE_PROJECTION = {
  _id: 1,
  site: 1,
  siteType: 1,
  title: 1,
  name: 1,
  city: 1,
  language: 1,
  risk: 1,
  level: 1,
  urgent: 1,
  indicatorCodes: 1,
  networkId: 1,
  reviewStatus: 1,
  review: 1,
  lastSeen: 1,
  firstSeen: 1,
  images: 1,
  rawContacts: 1,
  'score.entities': 1,
  'score.indicators': 1,
} as const;

export interface QueuePage {
  ads: AdDoc[];
  next?: string;
}

const QUEUE_SORT = { urgent: -1, risk: -1, _id: 1 } as const;

/**
 * One page of the queue. The order is (urgent desc, risk desc, _id asc); a page continues after the
 * cursor with at most three range scans, each an index prefix (equality filters, urgent) plus a
 * range: the rest of the cursor's risk value, lower risks, then the non-urgent segment.
 */
export async function queuePage(ads: Collection<AdDoc>, q: QueueQuery): Promise<QueuePage> {
  const base = queueFilter(q);
  const want = q.limit + 1;
  const cursor = q.after ? decodeCursor(q.after) : undefined;
  const scans: Filter<AdDoc>[] = [];
  for (const urgent of [true, false]) {
    if (cursor && cursor.urgent === false && urgent) continue;
    if (cursor && cursor.urgent === urgent) {
      scans.push({ ...base, urgent, risk: cursor.risk, _id: { $gt: cursor.id } });
      scans.push({ ...base, urgent, risk: { $lt: cursor.risk } });
    } else {
      // Unscored ads carry no `urgent` flag, so they never enter the queue.
      scans.push({ ...base, urgent });
    }
  }
  const found: AdDoc[] = [];
  for (const filter of scans) {
    if (found.length >= want) break;
    const batch = await ads
      .find(filter, { projection: QUEUE_PROJECTION })
      .sort(QUEUE_SORT)
      .limit(want - found.length)
      .toArray();
    found.push(...(batch as AdDoc[]));
  }
  const page = found.slice(0, q.limit);
  const last = page.at(-1);
  return found.length > q.limit && last ? { ads: page, next: encodeCursor(last) } : { ads: page };
}

/** The query string of a queue link, keeping the filters and replacing the cursor. */
export function queueLink(q: QueueQuery, after?: string, path = '/'): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(q)) {
    if (key === 'after' || key === 'limit' || value === undefined) continue;
    params.set(key, String(value));
  }
  if (q.limit !== DEFAULT_PAGE_SIZE) params.set('limit', String(q.limit));
  if (after) params.set('after', after);
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}
