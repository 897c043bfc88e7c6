// Crawled ads: upserted by stable id (site + ad URL) so a recrawl updates instead of duplicating;
// firstSeen/lastSeen track presence, a content change between runs leaves an `ad_history` entry,
// and a finished recrawl marks ads it no longer found as removed (takedown tracking).
import type { Collection, Db } from 'mongodb';
import { sha256Hex, stableId } from '../core/ids.ts';
import type { ExtractedAd } from '../crawler/types.ts';
import { type AdDoc, type AdImage, COLLECTIONS, type EvidenceRef, type SiteType } from './documents.ts';

export interface AdHistoryDoc {
  _id: string;
  adId: string;
  at: Date;
  runId: string;
  contentHash: string;
  /** The version this run replaced. */
  previous: { contentHash: string; title?: string; text?: string };
}

export interface CrawledAd {
  ad: ExtractedAd;
  host: string;
  evidence?: EvidenceRef;
  images: AdImage[];
  country?: string;
  siteType?: SiteType;
}

export interface AdUpsertResult {
  ids: string[];
  inserted: number;
  changed: number;
}

/** The id of a crawled ad: the same site and ad URL always give the same id. */
export function crawledAdId(host: string, url: string): string {
  return stableId('ad', host, url);
}

/** Hash of what a reader sees of an ad; a change triggers rescoring and a history entry. */
export function adContentHash(title: string | undefined, text: string | undefined): string {
  return sha256Hex(`${title ?? ''}\n${text ?? ''}`);
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export class AdRepository {
  readonly col: Collection<AdDoc>;
  readonly history: Collection<AdHistoryDoc>;
  constructor(db: Db) {
    this.col = db.collection<AdDoc>(COLLECTIONS.ads);
    this.history = db.collection<AdHistoryDoc>(COLLECTIONS.adHistory);
  }

  async upsertCrawled(items: CrawledAd[], runId: string, now = new Date()): Promise<AdUpsertResult> {
    const byId = new Map<string, CrawledAd>();
    for (const item of items) {
      const id = crawledAdId(item.host, item.ad.url);
      const prev = byId.get(id);
      // The same ad seen twice on one page set (listing card and its own page): keep the fuller one.
      if (!prev || (item.ad.text?.length ?? 0) > (prev.ad.text?.length ?? 0)) byId.set(id, item);
    }
    if (byId.size === 0) return { ids: [], inserted: 0, changed: 0 };
    const existing = new Map(
      (
        await this.col
          .find(
            { _id: { $in: [...byId.keys()] } },
            { projection: { contentHash: 1, title: 1, text: 1, crawlRunId: 1 } },
          )
          .toArray()
      ).map((d) => [d._id, d]),
    );
    const ops = [];
    const histories: AdHistoryDoc[] = [];
    let changed = 0;
    for (const [id, { ad, host, evidence, images, country, siteType }] of byId) {
      const contentHash = adContentHash(ad.title, ad.text);
      const old = existing.get(id);
      const sameRun = old?.crawlRunId === runId;
      // Within one run a shorter version (a listing card) never replaces the ad page's full text.
      const keepOld = sameRun && (old?.text?.length ?? 0) > (ad.text?.length ?? 0);
      if (old && !sameRun && old.contentHash !== contentHash) {
        changed++;
        histories.push({
          _id: stableId('adh', id, runId),
          adId: id,
          at: now,
          runId,
          contentHash,
          previous: defined({
            contentHash: old.contentHash,
            title: old.title,
            text: old.text,
          }) as AdHistoryDoc['previous'],
        });
      }
      const content = keepOld
        ? {}
        : defined({
            title: ad.title,
            text: ad.text,
            name: ad.name,
            statedAge: ad.age,
            city: ad.city,
            price: ad.price,
            rawContacts: ad.contacts.length > 0 ? ad.contacts : undefined,
            postedAt:
              ad.postedAt && !Number.isNaN(Date.parse(ad.postedAt)) ? new Date(ad.postedAt) : undefined,
            contentHash,
            evidence,
            ...(images.length > 0 ? { images } : {}),
          });
      ops.push({
        updateOne: {
          filter: { _id: id },
          update: {
            $set: defined({
              source: 'crawl' as const,
              site: host,
              url: ad.url,
              siteType,
              country,
              lastSeen: now,
              crawlRunId: runId,
              ...content,
            }),
            $setOnInsert: {
              firstSeen: now,
              ...(keepOld || images.length === 0 ? { images: [] } : {}),
              ...(keepOld ? { contentHash } : {}),
            },
            $unset: { removedAt: '' as const },
          },
          upsert: true,
        },
      });
    }
    const result = await this.col.bulkWrite(ops as never, { ordered: false });
    if (histories.length > 0) {
      await this.history.bulkWrite(
        histories.map((h) => ({ replaceOne: { filter: { _id: h._id }, replacement: h, upsert: true } })),
        { ordered: false },
      );
    }
    return { ids: [...byId.keys()], inserted: result.upsertedCount, changed };
  }

  /**
   * After a complete recrawl: ads of the crawled hosts that this run did not see are marked
   * removed (the first time only, so `removedAt` is when the takedown was noticed).
   */
  async markRemoved(hosts: string[], runId: string, now = new Date()): Promise<number> {
    if (hosts.length === 0) return 0;
    const result = await this.col.updateMany(
      { site: { $in: hosts }, source: 'crawl', crawlRunId: { $ne: runId }, removedAt: { $exists: false } },
      { $set: { removedAt: now } },
    );
    return result.modifiedCount;
  }

  /** Ads of a host still online (not marked removed). */
  async countOnline(host: string): Promise<number> {
    return this.col.countDocuments({ site: host, source: 'crawl', removedAt: { $exists: false } });
  }
}
