// Synthetic, non-explicit review fixtures: two sites, six ads (one urgent, one carrying script and
// HTML-injection payloads), one network, a snapshot with a screenshot, history and a text-only image.
import { gzipSync } from 'node:zlib';
import type { Db } from 'mongodb';
import sharp from 'sharp';
import { sha256Hex } from '../../core/ids.ts';
import {
  type AdDoc,
  type AdHistoryDoc,
  COLLECTIONS,
  type ImageBlobDoc,
  type NetworkDoc,
  type SiteDoc,
  type SnapshotDoc,
  type StoredScore,
} from '../../storage/index.ts';
import { UserRepository } from '../../storage/users.ts';

/** A valid German mobile number (libphonenumber-js accepts it), written several ways below. */
export const PHONE = '+4915123456789';
export const PHONE_DIGITS = '15123456789';
export const EMAIL = 'lena.example@example.org';
export const PASSWORD = 'synthetic-password-1';
export const XSS_TITLE = '<script>window.__pwned=1;alert("title")</script><img src=x onerror="alert(2)">';

/** True when `body` shows the phone number in any spelling (digits with any separators). */
export function containsPhone(body: string): boolean {
  const digits = body.replace(/[\s\-().\u00a0/+]|&nbsp;|%20|%2B/g, '');
  return digits.includes('23456789');
}

function site(host: string, type: SiteDoc['type'], cities: string[]): SiteDoc {
  return {
    _id: host,
    host,
    url: `http://${host}/`,
    country: 'DE',
    countryBasis: 'seed',
    type,
    languages: ['de', 'en'],
    cities,
    adsFound: 3,
    adsHighRisk: 1,
    firstCrawled: new Date('2026-11-01T00:00:00Z'),
    lastCrawled: new Date('2026-11-20T00:00:00Z'),
    compliance: {
      ageGate: { value: 'click_through' },
      reportMechanism: { value: true, url: `http://${host}/report` },
      termsUrl: `http://${host}/terms`,
      contactPoint: { value: `support@${host}` },
      advertiserVerification: { claimed: false },
      antiTraffickingNotice: { value: false },
      robotsTxt: { present: true, disallows: ['/private/'] },
    },
  };
}

function score(
  risk: number,
  level: StoredScore['level'],
  indicators: StoredScore['indicators'],
  phones: string[] = [],
): StoredScore {
  return {
    risk,
    level,
    urgent: indicators.some((i) => i.code === 'minor_age'),
    indicators,
    entities: { phones, emails: phones.length > 0 ? [EMAIL] : [], handles: [], ages: [] },
    language: 'en',
    model: { probability: risk, version: 'test' },
    lexiconVersion: 'test',
    scoredAt: new Date('2026-11-21T00:00:00Z'),
  };
}

function ad(id: string, over: Partial<AdDoc> & { score: StoredScore }): AdDoc {
  const s = over.score;
  return {
    _id: id,
    source: 'crawl',
    site: 'lounge.example.test',
    siteType: 'escort_directory',
    url: `http://lounge.example.test/ads/${id}`,
    images: [],
    firstSeen: new Date('2026-11-10T00:00:00Z'),
    lastSeen: new Date('2026-11-20T00:00:00Z'),
    contentHash: sha256Hex(id),
    city: 'Berlin',
    risk: s.risk,
    level: s.level,
    urgent: s.urgent,
    indicatorCodes: s.indicators.map((i) => i.code),
    language: s.language,
    ...over,
  };
}

async function textPng(text: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="60"><rect width="320" height="60" fill="#fff"/><text x="10" y="38" font-size="20" font-family="sans-serif">${text}</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export interface Seeded {
  ids: { minor: string; high: string; medium: string; low: string; xss: string; other: string };
  networkId: string;
}

export async function seedReview(db: Db): Promise<Seeded> {
  await db
    .collection<SiteDoc>(COLLECTIONS.sites)
    .insertMany([
      site('lounge.example.test', 'escort_directory', ['Berlin', 'Hamburg']),
      site('board.example.test', 'classifieds', ['Hamburg']),
    ]);
  const body = `<html><body><h1>Lena</h1><p>Call ${PHONE} or 0151 2345 6789</p><script>alert("snapshot")</script></body></html>`;
  const snapshotId = sha256Hex(body);
  const screenshot = await textPng('synthetic page screenshot');
  await db.collection<SnapshotDoc>(COLLECTIONS.snapshots).insertOne({
    _id: snapshotId,
    contentType: 'text/html',
    encoding: 'gzip',
    body: gzipSync(body),
    size: body.length,
    screenshot,
  });
  const imageBytes = await textPng('call 0151 2345 6789');
  const imageSha = sha256Hex(imageBytes);
  const minorImage = await textPng('sample text only');
  const minorSha = sha256Hex(minorImage);
  await db.collection<ImageBlobDoc>(COLLECTIONS.imageBlobs).insertMany([
    {
      _id: imageSha,
      url: 'http://lounge.example.test/i/1.png',
      contentType: 'image/png',
      size: imageBytes.length,
      bytes: imageBytes,
      adIds: ['ad-high'],
      fetchedAt: new Date(),
      processed: true,
      keep: true,
    },
    {
      _id: minorSha,
      url: 'http://lounge.example.test/i/2.png',
      contentType: 'image/png',
      size: minorImage.length,
      bytes: minorImage,
      adIds: ['ad-minor'],
      fetchedAt: new Date(),
      processed: true,
      keep: true,
    },
  ]);
  const networkId = 'net-1';
  const ads: AdDoc[] = [
    ad('ad-minor', {
      title: 'Sweet new girl in Berlin',
      name: 'Mia',
      text: 'Sweet new girl, only 16, call 0151 2345 6789 any time.',
      rawContacts: ['0151 2345 6789'],
      images: [{ sha256: minorSha, phash: 'ffee00112233aabb', ocrText: 'sample text only' }],
      score: score(0.95, 'high', [{ code: 'minor_age', weight: 1, evidence: ['only 16'] }], [PHONE]),
    }),
    ad('ad-high', {
      title: 'Lena and friends, new in town',
      name: 'Lena',
      text: `My girls are new in town. Call +49 151 23456789 or write to ${EMAIL}.`,
      rawContacts: ['+49 151 23456789', EMAIL],
      networkId,
      images: [{ sha256: imageSha, phash: '0011223344556677', ocrText: 'call 0151 2345 6789' }],
      evidence: {
        sha256: snapshotId,
        capturedAt: new Date('2026-11-20T10:00:00Z'),
        snapshot: snapshotId,
        screenshot: true,
      },
      score: score(
        0.82,
        'high',
        [
          { code: 'third_party', weight: 0.4, evidence: ['My girls'] },
          { code: 'movement', weight: 0.3, evidence: ['new in town'] },
          { code: 'shared_contact', weight: 0.3, evidence: ['+49 151 23456789'] },
        ],
        [PHONE],
      ),
    }),
    ad('ad-medium', {
      title: 'Relaxing massage Hamburg',
      name: 'Sofia',
      text: 'Relaxing massage, just arrived. Phone 0151-2345-6789.',
      rawContacts: ['0151-2345-6789'],
      city: 'Hamburg',
      networkId,
      score: score(0.45, 'medium', [{ code: 'movement', weight: 0.3, evidence: ['just arrived'] }], [PHONE]),
    }),
    ad('ad-low', {
      title: 'Wellness studio',
      text: 'Wellness studio open weekdays.',
      site: 'board.example.test',
      siteType: 'classifieds',
      city: 'Hamburg',
      language: 'de',
      score: { ...score(0.1, 'low', []), language: 'de' },
    }),
    ad('ad-xss', {
      title: XSS_TITLE,
      name: '"><svg onload="alert(3)"><b id="injected-name">x</b>',
      url: 'javascript:alert(4)//"><b id="injected-url">u</b>',
      city: 'Berlin',
      text: 'Hello <b id="injected-text">bold</b> </textarea><iframe srcdoc="<script>alert(5)</script>"></iframe> new in town <img src=x onerror=alert(6)>',
      score: score(0.7, 'high', [
        { code: 'movement', weight: 0.3, evidence: ['new in town'] },
        { code: 'coded_language', weight: 0.2, evidence: ['<b id="injected-text">'] },
      ]),
    }),
    ad('ad-other', {
      title: 'Dinner companion',
      text: 'Dinner companion for events.',
      score: score(0.7, 'high', [{ code: 'third_party', weight: 0.3, evidence: ['companion'] }]),
    }),
  ];
  await db.collection<AdDoc>(COLLECTIONS.ads).insertMany(ads);
  await db.collection<AdHistoryDoc>(COLLECTIONS.adHistory).insertOne({
    _id: 'hist-1',
    adId: 'ad-high',
    at: new Date('2026-11-15T00:00:00Z'),
    runId: 'run-1',
    contentHash: 'x',
    previous: { contentHash: 'y', title: 'Lena, new', text: 'Call 0151 2345 6789 today.' },
  });
  const network: NetworkDoc = {
    _id: networkId,
    ads: ['ad-high', 'ad-medium'],
    size: 2,
    sites: ['lounge.example.test'],
    cities: ['Berlin', 'Hamburg'],
    names: ['Lena', 'Sofia'],
    phones: [PHONE],
    handles: [],
    links: [{ type: 'phone', value: PHONE, ads: ['ad-high', 'ad-medium'] }],
    risk: { max: 0.82, mean: 0.635 },
    updatedAt: new Date('2026-11-21T00:00:00Z'),
  };
  await db.collection<NetworkDoc>(COLLECTIONS.networks).insertOne(network);
  const users = new UserRepository(db);
  await users.add('ada', 'admin', PASSWORD);
  await users.add('ana', 'analyst', PASSWORD);
  await users.add('rex', 'researcher', PASSWORD);
  return {
    ids: {
      minor: 'ad-minor',
      high: 'ad-high',
      medium: 'ad-medium',
      low: 'ad-low',
      xss: 'ad-xss',
      other: 'ad-other',
    },
    networkId,
  };
}
