// Site records written by the crawler: the mapper's fields replace the old ones, first-crawl time
// is kept, and the ad count is taken from the ads still online.
import type { Collection, Db } from 'mongodb';
import { COLLECTIONS, type SiteDoc } from './documents.ts';

export class SiteRepository {
  readonly col: Collection<SiteDoc>;
  constructor(db: Db) {
    this.col = db.collection<SiteDoc>(COLLECTIONS.sites);
  }

  async upsert(
    site: Omit<SiteDoc, 'firstCrawled' | 'adsHighRisk'> & { adsHighRisk?: number },
  ): Promise<void> {
    const { _id, adsHighRisk, lastCrawled, ...rest } = site;
    await this.col.updateOne(
      { _id },
      {
        $set: rest,
        $max: { lastCrawled },
        $setOnInsert: { firstCrawled: lastCrawled, adsHighRisk: adsHighRisk ?? 0 },
      },
      { upsert: true },
    );
  }

  async get(host: string): Promise<SiteDoc | null> {
    return this.col.findOne({ _id: host });
  }
}
