// Synthetic, non-explicit stored documents for reporting tests: two sites, five ads, one network.
import { gzipSync } from 'node:zlib';
import type { Db } from 'mongodb';
import { sha256Hex } from '../../core/ids.ts';
import {
  type AdDoc,
  COLLECTIONS,
  type NetworkDoc,
  type SiteDoc,
  type SnapshotDoc,
} from '../../storage/index.ts';

export const PHONE_A = '+491701234567';
export const PHONE_B = '+48601234567';
export const EMAIL_A = 'mira.example@example.org';
const DAY = 86_400_000;

function site(host: string, type: SiteDoc['type'], adsFound: number, adsHighRisk: number): SiteDoc {
  return {
    _id: host,
    host,
    url: `http://${host}/`,
    country: 'DE',
    countryBasis: 'seed',
    type,
    explicitness: 'non_explicit',
    languages: ['de', 'en'],
    cities: ['Berlin'],
    adsFound,
    adsHighRisk,
    firstCrawled: new Date('2026-01-01T00:00:00Z'),
    lastCrawled: new Date('2026-01-02T00:00:00Z'),
    compliance: {
      ageGate: { value: 'click_through' },
      reportMechanism: {
        value: type === 'classifieds',
        url: type === 'classifieds' ? `http://${host}/report` : undefined,
      },
      termsUrl: `http://${host}/terms`,
      advertiserVerification: { claimed: false },
      antiTraffickingNotice: { value: false },
      robotsTxt: { present: true, disallows: ['/private/'] },
    },
  };
}

export interface SeedOptions {
  now?: Date;
}

export async function seedReportingData(
  db: Db,
  options: SeedOptions = {},
): Promise<{ ads: AdDoc[]; bodies: Map<string, string> }> {
  const now = options.now ?? new Date('2026-06-01T00:00:00Z');
  await db
    .collection<SiteDoc>(COLLECTIONS.sites)
    .insertMany([
      site('dir.example.test', 'escort_directory', 3, 2),
      site('ads.example.test', 'classifieds', 2, 0),
    ]);
  const bodies = new Map<string, string>();
  const snapshots: SnapshotDoc[] = [];
  const mk = (i: number, over: Partial<AdDoc>): AdDoc => {
    const body = `<html><body><h1>Synthetic ad ${i}</h1><p>Call ${PHONE_A}</p></body></html>`;
    const sha = sha256Hex(body);
    if (!bodies.has(sha)) {
      bodies.set(sha, body);
      snapshots.push({
        _id: sha,
        contentType: 'text/html',
        encoding: 'gzip',
        body: gzipSync(body),
        size: body.length,
      });
    }
    return {
      _id: `ad-${i}`,
      source: 'crawl',
      site: 'dir.example.test',
      url: `http://dir.example.test/ad/${i}`,
      title: `Anna ${i} =cmd|' /C calc'!A0`,
      text: `New in town, call ${PHONE_A} or mail ${EMAIL_A}`,
      name: `Anna ${i}`,
      city: 'Berlin',
      images: [{ sha256: 'a'.repeat(64), phash: 'ffff0000ffff0000', ocrText: PHONE_A }],
      firstSeen: new Date(now.getTime() - 400 * DAY),
      lastSeen: new Date(now.getTime() - 300 * DAY),
      contentHash: `h${i}`,
      evidence: {
        sha256: sha,
        capturedAt: new Date(now.getTime() - 300 * DAY),
        snapshot: sha,
        url: `http://dir.example.test/ad/${i}`,
      },
      score: {
        risk: 0.8,
        level: 'high',
        urgent: false,
        indicators: [
          { code: 'movement', weight: 0.2, evidence: ['new in town'] },
          { code: 'coded_language', weight: 0.3, evidence: ['phone written in words: null eins sieben'] },
        ],
        entities: {
          phones: [PHONE_A],
          emails: [EMAIL_A],
          handles: [{ platform: 'telegram', value: 'anna_tg' }],
          ages: [23],
        },
        language: 'en',
        model: { probability: 0.7, version: 'model-test' },
        lexiconVersion: 'lex-test',
        scoredAt: now,
      },
      risk: 0.8,
      level: 'high',
      urgent: false,
      indicatorCodes: ['movement', 'coded_language'],
      language: 'en',
      networkId: 'net-1',
      reviewStatus: 'pending',
      ...over,
    };
  };
  const ads = [
    mk(1, {}),
    mk(2, { reviewStatus: 'confirmed', review: { decision: 'confirmed', by: 'alice', at: now } }),
    mk(3, {
      risk: 0.1,
      level: 'low',
      indicatorCodes: [],
      networkId: undefined,
      removedAt: new Date(now.getTime() - 299 * DAY),
    }),
    mk(4, {
      site: 'ads.example.test',
      risk: 0.2,
      level: 'low',
      indicatorCodes: ['movement'],
      networkId: undefined,
      reviewStatus: 'dismissed',
      review: { decision: 'dismissed', by: 'bob', at: now, reason: 'ordinary ad' },
    }),
    mk(5, {
      site: 'ads.example.test',
      lastSeen: now,
      risk: 0.1,
      level: 'low',
      indicatorCodes: [],
      networkId: undefined,
    }),
  ];
  await db.collection<AdDoc>(COLLECTIONS.ads).insertMany(ads);
  await db.collection<SnapshotDoc>(COLLECTIONS.snapshots).insertMany(snapshots);
  const network: NetworkDoc = {
    _id: 'net-1',
    ads: ['ad-1', 'ad-2'],
    size: 2,
    sites: ['dir.example.test', 'ads.example.test'],
    cities: ['Berlin', 'Hamburg'],
    names: ['Anna 1', 'Anna 2'],
    phones: [PHONE_A],
    handles: ['telegram:anna_tg'],
    links: [{ type: 'phone', value: PHONE_A, ads: ['ad-1', 'ad-2'] }],
    risk: { max: 0.8, mean: 0.8 },
    updatedAt: now,
  };
  await db.collection<NetworkDoc>(COLLECTIONS.networks).insertOne(network);
  return { ads, bodies };
}
