// Review-queue benchmark, every figure measured in this run against the embedded store:
// the first queue page (baseline), a keyset page deep in the queue, filtered first pages, and the
// same deep position reached with skip (what keyset pagination avoids), each as a ratio to the
// baseline. Flat ratios mean the page cost does not grow with depth or collection size.
//   node --import tsx scripts/bench/review-queue.ts [--ads N] [--runs N]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Collection } from 'mongodb';
import { encodeCursor, type QueueQuery, queuePage, queueQuerySchema } from '../../review/queue-query.ts';
import { type AdDoc, COLLECTIONS, openStore } from '../../storage/index.ts';

const { values } = parseArgs({
  options: { ads: { type: 'string', default: '200000' }, runs: { type: 'string', default: '5' } },
});
const ADS = Number(values.ads);
const RUNS = Number(values.runs);
const BATCH = 2000;
const CITIES = ['Berlin', 'Hamburg', 'Munich', 'Cologne', 'Vienna', 'Zurich', 'Milan', 'Warsaw'];
const CODES = ['youth', 'third_party', 'movement', 'foreign_origin', 'low_price', 'coded_language'];

function syntheticAd(i: number): AdDoc {
  // A deterministic spread of risks with many ties (4 decimals), 0.1% urgent.
  const risk = Math.round(((i * 7919) % 10_000) / 10) / 1000;
  const urgent = i % 1000 === 0;
  const level = urgent || risk >= 0.6 ? 'high' : risk >= 0.3 ? 'medium' : 'low';
  const now = new Date('2026-11-01T00:00:00Z');
  return {
    _id: `ad_${i.toString(16).padStart(8, '0')}`,
    source: 'import',
    site: `site${i % 50}.example.test`,
    siteType: 'escort_directory',
    title: `Synthetic ad ${i}`,
    city: CITIES[i % CITIES.length],
    images: [],
    firstSeen: now,
    lastSeen: now,
    contentHash: String(i),
    risk,
    level,
    urgent,
    indicatorCodes: [CODES[i % CODES.length]!, CODES[(i + 3) % CODES.length]!],
    language: 'en',
    networkId: i % 97 === 0 ? `net_${i % 500}` : undefined,
  } as AdDoc;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const q = (params: Record<string, string>): QueueQuery => queueQuerySchema.parse(params);

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'adrisk-bench-review-'));
  const store = await openStore({ dataDir });
  try {
    const ads: Collection<AdDoc> = store.db.collection<AdDoc>(COLLECTIONS.ads);
    const t0 = performance.now();
    for (let i = 0; i < ADS; i += BATCH) {
      const docs = Array.from({ length: Math.min(BATCH, ADS - i) }, (_, k) => syntheticAd(i + k));
      await ads.insertMany(docs, { ordered: false });
    }
    console.log(`loaded ${ADS} ads in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const first = await time(() => queuePage(ads, q({})));
    // A cursor deep in the queue: the tail of the non-urgent, low-risk segment.
    const deepCursor = encodeCursor({ _id: 'ad_00000000', urgent: false, risk: 0.05 });
    const deep = await time(() => queuePage(ads, q({ after: deepCursor })));
    const filtered = {
      city: await time(() => queuePage(ads, q({ city: 'Vienna' }))),
      indicator: await time(() => queuePage(ads, q({ indicator: 'low_price' }))),
      status: await time(() => queuePage(ads, q({ status: 'pending' }))),
      network: await time(() => queuePage(ads, q({ network: 'net_1' }))),
    };
    const skipTo = Math.floor(ADS * 0.9);
    const skip = await time(() =>
      ads.find({}).sort({ urgent: -1, risk: -1, _id: 1 }).skip(skipTo).limit(50).toArray(),
    );
    const ratio = (ms: number) => `${(ms / first).toFixed(2)}x`;
    console.log(`first page (baseline): ${first.toFixed(1)} ms`);
    console.log(`keyset page at risk 0.05 (deep): ${ratio(deep)}`);
    for (const [name, ms] of Object.entries(filtered)) console.log(`filtered by ${name}: ${ratio(ms)}`);
    console.log(`skip(${skipTo}) page, for comparison: ${ratio(skip)}`);
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
