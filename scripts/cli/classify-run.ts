// `adrisk classify` as a function: reads pending image blobs (pHash, OCR), scores stored ads that
// need it, links all ads into networks, rescores the ads whose network indicators changed, and
// writes scores, networks and networkIds with bulk writes. Every step writes as it goes and is
// decided from what is stored, so an interrupted run continues where it stopped.

import type { CountryCode } from 'libphonenumber-js';
import type { Db } from 'mongodb';
import {
  type AdInput,
  createOcrPool,
  defaultLexicon,
  defaultModel,
  extractEntities,
  type IndicatorHit,
  imageHashes,
  type OcrPool,
  ocrImages,
  type RiskModel,
  type ScoreResult,
  scoreBatchText,
  type Thresholds,
} from '../../classifier/index.ts';
import {
  assignNetworkIds,
  contactKey,
  decodeSignature,
  encodeSignature,
  type LinkableAd,
  NetworkLinker,
  networkHits,
  textSignature,
} from '../../classifier/networks/index.ts';
import { sha256Hex } from '../../core/ids.ts';
import { logger } from '../../core/log.ts';
import { type AdScoreWrite, updateSitesHighRisk, writeAdScores } from '../../storage/ad-scores.ts';
import { toBuffer } from '../../storage/binary.ts';
import {
  type AdDoc,
  type AdImage,
  COLLECTIONS,
  type NetworkDoc,
  type SiteDoc,
  type StoredScore,
} from '../../storage/documents.ts';
import {
  deleteNetworks,
  networkSizes,
  saveGuardedContacts,
  setAdNetworkIds,
  upsertNetworks,
} from '../../storage/networks.ts';
import type { ImageBlobDoc } from '../../storage/pages.ts';

/** Ads scored per batch (one bulk write each). */
export const CLASSIFY_BATCH = 500;
/** Image blobs read per batch. */
const IMAGE_BATCH = 16;
/** Values listed per network field (sites, names, phones…); a huge network is summarised. */
const MAX_NETWORK_VALUES = 1000;
/** Member ids kept in a network document (its `size` is the true count): documents stay small. */
const MAX_NETWORK_ADS_STORED = 5000;
/** `networkHitsHash` of an ad with no network indicators. */
const NO_NETWORK_HITS = 'none';

export interface ClassifyOptions {
  rescore?: boolean;
  profile?: string;
  thresholds?: Thresholds;
  ocr?: boolean;
  /** Keep image bytes after processing (`crawl.keepImages`). */
  keepImages?: boolean;
  batchSize?: number;
  /** Checked between batches: when it returns true the run stops, its work so far saved. */
  shouldStop?: () => boolean;
  /** Progress per step, for the CLI's progress line. */
  onProgress?: (
    step: 'images' | 'score' | 'link' | 'network-score' | 'networks',
    done: number,
    total: number,
  ) => void;
  /** OCR pool to use (tests share one); created on demand otherwise. */
  ocrPool?: OcrPool;
  /** Risk model to score with (`adrisk train`'s active model); the bundled one when absent. */
  model?: RiskModel;
}

export interface ClassifySummary {
  images: number;
  scored: number;
  rescoredForNetworks: number;
  ads: number;
  networks: number;
  networkAds: number;
  merged: number;
  retired: number;
  guardedContacts: number;
  highRisk: number;
  interrupted: boolean;
}

/** What the linker and the network records need of every stored ad (its text signature encoded). */
interface AdRecord
  extends Required<Pick<LinkableAd, 'phones' | 'emails' | 'handles' | 'images'>>,
    Pick<LinkableAd, 'id' | 'site' | 'name' | 'age' | 'city' | 'time'> {
  pending: boolean;
  textSignature?: string;
  networkId?: string;
  networkHitsHash?: string;
  risk?: number;
}

/** Fingerprint of an ad's network indicators: a change means its score must be redone. */
function hitsHash(hits: IndicatorHit[]): string {
  return hits.length === 0 ? NO_NETWORK_HITS : sha256Hex(JSON.stringify(hits)).slice(0, 16);
}

const RECORD_PROJECTION = {
  _id: 1,
  site: 1,
  name: 1,
  statedAge: 1,
  city: 1,
  postedAt: 1,
  firstSeen: 1,
  contentHash: 1,
  scoredContentHash: 1,
  textSignature: 1,
  networkId: 1,
  networkHitsHash: 1,
  risk: 1,
  'images.sha256': 1,
  'images.phash': 1,
  'score.entities.phones': 1,
  'score.entities.emails': 1,
  'score.entities.handles': 1,
  'score.entities.ages': 1,
  'score.model.version': 1,
  'score.lexiconVersion': 1,
} as const;

export async function runClassify(db: Db, options: ClassifyOptions = {}): Promise<ClassifySummary> {
  const log = logger('classify');
  const stop = options.shouldStop ?? (() => false);
  const summary: ClassifySummary = {
    images: 0,
    scored: 0,
    rescoredForNetworks: 0,
    ads: 0,
    networks: 0,
    networkAds: 0,
    merged: 0,
    retired: 0,
    guardedContacts: 0,
    highRisk: 0,
    interrupted: false,
  };
  let ownPool: OcrPool | undefined;
  const ocrPool = () => {
    if (options.ocrPool) return options.ocrPool;
    ownPool ??= createOcrPool();
    return ownPool;
  };
  try {
    summary.images = await processImageBlobs(db, options, ocrPool, stop);
    if (stop()) return { ...summary, interrupted: true };

    const records = await loadRecords(db, options.rescore ?? false, options.model ?? defaultModel());
    summary.ads = records.size;
    const pending = [...records.values()].filter((r) => r.pending).map((r) => r.id);
    log.info({ ads: records.size, pending: pending.length }, 'ads to score');
    summary.scored = await scoreAds(db, pending, records, new Map(), options, 'score', stop);
    if (stop()) return { ...summary, interrupted: true };

    const linker = new NetworkLinker({ siteContacts: await siteContactKeys(db) });
    linker.add([...records.values()].map(linkable));
    options.onProgress?.('link', records.size, records.size);

    const hitsById = new Map<string, IndicatorHit[]>();
    const toRescore: string[] = [];
    for (const r of records.values()) {
      const hits = linker.networkSize(r.id) > 1 ? networkHits(linker, r.id) : [];
      const hash = hitsHash(hits);
      if (hash !== (r.networkHitsHash ?? NO_NETWORK_HITS)) {
        hitsById.set(r.id, hits);
        toRescore.push(r.id);
      }
    }
    log.info({ ads: toRescore.length }, 'network indicators changed');
    summary.rescoredForNetworks = await scoreAds(
      db,
      toRescore,
      records,
      hitsById,
      options,
      'network-score',
      stop,
    );
    if (stop()) return { ...summary, interrupted: true };

    const written = await writeNetworks(db, linker, records);
    Object.assign(summary, written);
    const guarded = linker.guardedContacts();
    await saveGuardedContacts(db, guarded);
    summary.guardedContacts = guarded.length;
    summary.highRisk = await updateSitesHighRisk(db);
    return summary;
  } finally {
    await ownPool?.close();
  }
}

/** Hashes and OCRs images waiting in `image_blobs`, writes the results into their ads, drops the bytes. */
async function processImageBlobs(
  db: Db,
  options: ClassifyOptions,
  ocrPool: () => OcrPool,
  stop: () => boolean,
): Promise<number> {
  const log = logger('classify');
  const blobs = db.collection<ImageBlobDoc>(COLLECTIONS.imageBlobs);
  const ads = db.collection<AdDoc>(COLLECTIONS.ads);
  const total = await blobs.countDocuments({ processed: false });
  let done = 0;
  while (!stop()) {
    const batch = await blobs.find({ processed: false }, { limit: IMAGE_BATCH }).toArray();
    if (batch.length === 0) break;
    for (const blob of batch) {
      let phash: string | undefined;
      let ocrText: string | undefined;
      if (blob.bytes) {
        const bytes = toBuffer(blob.bytes);
        try {
          phash = (await imageHashes(bytes)).phash;
        } catch (error) {
          // A hostile or broken image is recorded as unreadable, never retried forever.
          log.warn({ image: blob._id, err: (error as Error).message }, 'image not hashed');
        }
        if (options.ocr !== false) {
          ocrText = (await ocrImages([{ bytes }], ocrPool()))[0] ?? '';
        }
      }
      const owners = await ads.find({ _id: { $in: blob.adIds } }, { projection: { images: 1 } }).toArray();
      const ops = owners.map((ad) => {
        const images: AdImage[] = (ad.images ?? []).map((image) =>
          image.sha256 === blob._id
            ? { ...image, ...(phash ? { phash } : {}), ...(ocrText !== undefined ? { ocrText } : {}) }
            : image,
        );
        // New image text can change the score: unsetting the scored hash puts the ad back in the queue.
        return {
          updateOne: {
            filter: { _id: ad._id },
            update: { $set: { images }, $unset: { scoredContentHash: '' as const } },
          },
        };
      });
      if (ops.length > 0) await ads.bulkWrite(ops, { ordered: false });
      const keep = blob.keep || options.keepImages === true;
      await blobs.updateOne(
        { _id: blob._id },
        keep ? { $set: { processed: true } } : { $set: { processed: true }, $unset: { bytes: '' } },
      );
      done++;
    }
    options.onProgress?.('images', done, total);
  }
  return done;
}

async function loadRecords(db: Db, rescore: boolean, model: RiskModel): Promise<Map<string, AdRecord>> {
  const modelVersion = model.version;
  const lexiconVersion = defaultLexicon().version;
  const records = new Map<string, AdRecord>();
  const cursor = db
    .collection<AdDoc>(COLLECTIONS.ads)
    .find({}, { projection: RECORD_PROJECTION, sort: { _id: 1 } });
  for await (const doc of cursor) {
    const score = doc.score;
    const pending =
      rescore ||
      !score ||
      doc.scoredContentHash !== doc.contentHash ||
      score.model?.version !== modelVersion ||
      score.lexiconVersion !== lexiconVersion;
    const time = (doc.postedAt ?? doc.firstSeen)?.getTime?.();
    records.set(doc._id, {
      id: doc._id,
      site: doc.site,
      name: doc.name,
      age: doc.statedAge ?? score?.entities?.ages?.[0],
      city: doc.city,
      time: Number.isFinite(time) ? time : undefined,
      pending,
      phones: score?.entities?.phones ?? [],
      emails: score?.entities?.emails ?? [],
      handles: score?.entities?.handles ?? [],
      images: (doc.images ?? []).map((i) => ({ sha256: i.sha256, phash: i.phash })),
      textSignature: doc.textSignature,
      networkId: doc.networkId,
      networkHitsHash: doc.networkHitsHash,
      risk: doc.risk,
    });
  }
  return records;
}

function linkable(r: AdRecord): LinkableAd {
  const { pending: _p, networkId: _n, networkHitsHash: _h, risk: _r, textSignature, ...rest } = r;
  return { ...rest, textSignature: textSignature ? decodeSignature(textSignature) : undefined };
}

function adInput(doc: AdDoc): AdInput {
  return {
    id: doc._id,
    title: doc.title,
    text: doc.text,
    url: doc.url,
    site: doc.site,
    country: doc.country,
    city: doc.city,
    name: doc.name,
    price: doc.price,
    postedAt: doc.postedAt?.toISOString(),
    images: (doc.images ?? []).map((i) => ({ ocrText: i.ocrText ?? '' })),
  };
}

function storedScore(result: ScoreResult): StoredScore {
  return {
    risk: result.risk,
    level: result.level,
    urgent: result.urgent,
    indicators: result.indicators.map((h) => ({
      code: h.code,
      weight: h.weight,
      evidence: h.evidence,
      ...(h.rules ? { rules: h.rules } : {}),
    })),
    entities: {
      phones: result.entities.phones,
      emails: result.entities.emails,
      handles: result.entities.handles,
      ages: result.entities.ages,
      prices: result.entities.prices,
    },
    language: result.language,
    model: result.model,
    lexiconVersion: result.lexiconVersion,
    scoredAt: new Date(),
  };
}

/** Scores the given ads in batches, with their network hits when given, and writes the scores. */
async function scoreAds(
  db: Db,
  ids: string[],
  records: Map<string, AdRecord>,
  hitsById: Map<string, IndicatorHit[]>,
  options: ClassifyOptions,
  step: 'score' | 'network-score',
  stop: () => boolean,
): Promise<number> {
  const log = logger('classify');
  const ads = db.collection<AdDoc>(COLLECTIONS.ads);
  const size = options.batchSize ?? CLASSIFY_BATCH;
  let done = 0;
  for (let from = 0; from < ids.length && !stop(); from += size) {
    const batchIds = ids.slice(from, from + size);
    const docs = await ads
      .find(
        { _id: { $in: batchIds } },
        {
          projection: {
            title: 1,
            text: 1,
            url: 1,
            site: 1,
            country: 1,
            city: 1,
            name: 1,
            price: 1,
            postedAt: 1,
            contentHash: 1,
            'images.ocrText': 1,
          },
        },
      )
      .toArray();
    const inputs = docs.map(adInput);
    const networkHitsById: Record<string, IndicatorHit[]> = {};
    for (const doc of docs) {
      const hits = hitsById.get(doc._id);
      if (hits && hits.length > 0) networkHitsById[doc._id] = hits;
    }
    const results = scoreBatchText(inputs, {
      profile: options.profile,
      thresholds: options.thresholds,
      networkHitsById,
      model: options.model,
    });
    const writes: AdScoreWrite[] = [];
    results.forEach((result, i) => {
      const doc = docs[i]!;
      if ('error' in result) {
        log.warn({ ad: doc._id, err: result.error }, 'ad not scored');
        return;
      }
      const record = records.get(doc._id)!;
      const hits = hitsById.get(doc._id) ?? [];
      const sig = textSignature([doc.title, doc.text].filter(Boolean).join('\n'), [doc.name, doc.city]);
      record.textSignature = sig ? encodeSignature(sig) : undefined;
      record.phones = result.entities.phones;
      record.emails = result.entities.emails;
      record.handles = result.entities.handles;
      record.risk = result.risk;
      record.age ??= result.entities.ages[0];
      record.networkHitsHash = hitsHash(hits);
      record.pending = false;
      writes.push({
        adId: doc._id,
        score: storedScore(result),
        scoredContentHash: doc.contentHash,
        textSignature: record.textSignature,
        networkHitsHash: record.networkHitsHash,
      });
    });
    await writeAdScores(db, writes);
    done += writes.length;
    options.onProgress?.(step, Math.min(from + size, ids.length), ids.length);
    log.info({ step, done: Math.min(from + size, ids.length), total: ids.length }, 'scored batch');
  }
  return done;
}

/** Contact keys the sites publish as their own contact point: never linked through. */
async function siteContactKeys(db: Db): Promise<string[]> {
  const keys: string[] = [];
  const sites = db
    .collection<SiteDoc>(COLLECTIONS.sites)
    .find(
      { 'compliance.contactPoint.value': { $exists: true } },
      { projection: { compliance: 1, country: 1 } },
    );
  for await (const site of sites) {
    const value = site.compliance?.contactPoint?.value;
    if (!value) continue;
    const entities = extractEntities(value.slice(0, 500), {
      defaultRegion: site.country as CountryCode | undefined,
    });
    for (const p of entities.phones) keys.push(contactKey('phone', p));
    for (const e of entities.emails) keys.push(contactKey('email', e));
    for (const h of entities.handles) keys.push(contactKey('handle', h.value, h.platform));
  }
  return keys;
}

function capped(values: Iterable<string | undefined>): string[] {
  const out = new Set<string>();
  for (const v of values) {
    if (v === undefined || v === '') continue;
    out.add(v);
    if (out.size >= MAX_NETWORK_VALUES) break;
  }
  return [...out].sort();
}

async function writeNetworks(
  db: Db,
  linker: NetworkLinker,
  records: Map<string, AdRecord>,
): Promise<Pick<ClassifySummary, 'networks' | 'networkAds' | 'merged' | 'retired'>> {
  const sizes = await networkSizes(db);
  const networks = linker.networks();
  const { identities } = assignNetworkIds(
    networks,
    (adId) => records.get(adId)?.networkId,
    (id) => sizes.get(id) ?? 0,
  );
  const now = new Date();
  const docs: NetworkDoc[] = [];
  const assignments: Array<{ adId: string; networkId: string | null }> = [];
  const current = new Set<string>();
  let merged = 0;
  let networkAds = 0;
  for (const { id, network, mergedFrom } of identities) {
    current.add(id);
    merged += mergedFrom.length;
    networkAds += network.ads.length;
    const members = network.ads.map((a) => records.get(a)!);
    const risks = members.map((m) => m.risk ?? 0);
    const doc: NetworkDoc = {
      _id: id,
      ads: network.ads.slice(0, MAX_NETWORK_ADS_STORED),
      size: network.ads.length,
      sites: capped(members.map((m) => m.site)),
      cities: capped(members.map((m) => m.city)),
      names: capped(members.map((m) => m.name)),
      phones: capped(network.links.filter((l) => l.type === 'phone').map((l) => l.value)),
      handles: capped(network.links.filter((l) => l.type === 'handle').map((l) => l.value)),
      links: network.links.slice(0, MAX_NETWORK_VALUES).map((l) => ({
        type: l.type,
        value: l.value,
        ads: l.ads.slice(0, MAX_NETWORK_ADS_STORED),
        ...(l.evidence ? { evidence: l.evidence } : {}),
      })),
      risk: {
        max: risks.reduce((m, r) => Math.max(m, r), 0),
        mean: Math.round((risks.reduce((s, r) => s + r, 0) / risks.length) * 10_000) / 10_000,
      },
      updatedAt: now,
      createdAt: now,
      ...(mergedFrom.length > 0 ? { mergedFrom } : {}),
    };
    docs.push(doc);
    for (const m of members) if (m.networkId !== id) assignments.push({ adId: m.id, networkId: id });
  }
  for (const r of records.values()) {
    if (r.networkId !== undefined && linker.networkSize(r.id) <= 1)
      assignments.push({ adId: r.id, networkId: null });
  }
  await upsertNetworks(db, docs);
  await setAdNetworkIds(db, assignments);
  const retired = [...sizes.keys()].filter((id) => !current.has(id));
  await deleteNetworks(db, retired);
  return { networks: docs.length, networkAds, merged, retired: retired.length };
}
