// Storage benchmark, every figure measured in this run:
// 1. upserts/s of ad-like documents through the driver, bulkWrite batches of 1,000 (unordered
//    updateOne upserts keyed by _id), against the embedded server; baseline: raw better-sqlite3
//    inserts of the same documents as BSON blobs (one transaction per batch), printed as a ratio;
//    then the same with two batches in flight, as two workers or a pipelined writer send them;
// 2. review-queue latency, `{ level: 'high', site }` sorted by `{ urgent: -1, risk: -1 }` limit 50,
//    over --ads ads; baseline: the same query with an unindexed tiebreak in the sort, which the
//    planner cannot push down, so it scans and sorts the whole collection;
// 3. the same figures against a real MongoDB when MONGODB_URI is set.
//   node --import tsx scripts/bench/storage.ts [--ads N] [--upsert-ads N] [--recrawl N] [--batch N] [--queries N]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { serialize } from 'bson';
import type { AnyBulkWriteOperation, Db, Document } from 'mongodb';
import { configureConnection } from '../../storage/embedded/sqlite-store.ts';
import { COLLECTIONS, ensureIndexes, INDEXES, openStore, type Store } from '../../storage/index.ts';

const { values } = parseArgs({
  options: {
    ads: { type: 'string', default: '1000000' },
    'upsert-ads': { type: 'string', default: '100000' },
    batch: { type: 'string', default: '1000' },
    queries: { type: 'string', default: '20' },
    'baseline-queries': { type: 'string', default: '3' },
    recrawl: { type: 'string', default: '100000' },
  },
});
const ADS = Number(values.ads);
const UPSERT_ADS = Math.min(ADS, Number(values['upsert-ads']));
/** Documents per insertMany when bulk-loading the queue collection. */
const LOAD_BATCH = 10_000;
const BATCH = Number(values.batch);
const QUERIES = Number(values.queries);
const BASELINE_QUERIES = Number(values['baseline-queries']);
const RECRAWL = Number(values.recrawl);
/** The raw SQLite baselines insert at most this many documents (their rate is flat by then). */
const BASELINE_ADS = 100_000;
const SITES = 200;
const CITIES = ['Vienna', 'Graz', 'Linz', 'Berlin', 'Prague', 'Budapest', 'Warsaw', 'Rome'];
const CODES = ['youth', 'third_party', 'movement', 'foreign_origin', 'low_price', 'coded_language'];

/** Seeded PRNG (mulberry32) so runs are repeatable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function adAt(i: number): Document {
  const r = rng(i + 1);
  const risk = Math.round(r() * 1000) / 1000;
  const codes = CODES.filter(() => r() < 0.25);
  const site = `site${Math.floor(r() * SITES)}.example`;
  return {
    _id: `ad-${i.toString(36).padStart(8, '0')}`,
    source: 'crawl',
    site,
    siteType: 'escort_directory',
    url: `https://${site}/ads/${i}`,
    title: `Synthetic listing ${i}`,
    text: `New in town, synthetic sample text number ${i}. `.repeat(8),
    city: CITIES[Math.floor(r() * CITIES.length)],
    language: r() < 0.7 ? 'en' : 'de',
    firstSeen: new Date(1_700_000_000_000 + i * 1000),
    lastSeen: new Date(1_700_000_000_000 + i * 1000),
    contentHash: `h${i}`,
    risk,
    level: risk >= 0.6 ? 'high' : risk >= 0.3 ? 'medium' : 'low',
    urgent: r() < 0.02,
    indicatorCodes: codes,
    score: { risk, indicators: codes.map((code) => ({ code, weight: 0.2, evidence: ['sample phrase'] })) },
    reviewStatus: 'pending',
    images: [],
  };
}

/** A recrawl sees the same ad again: only lastSeen moves. */
function recrawlOf(i: number): Document {
  return { ...adAt(i), lastSeen: new Date(1_800_000_000_000 + i * 1000) };
}

function upsertOf(doc: Document): AnyBulkWriteOperation<Document> {
  const { _id, firstSeen, ...rest } = doc;
  return {
    updateOne: { filter: { _id }, update: { $set: rest, $setOnInsert: { firstSeen } }, upsert: true },
  };
}

/**
 * Upserts `count` documents in bulkWrite batches, `inFlight` batches at a time: with 1, each batch
 * waits for the previous one; with 2 (as two crawler workers, or a pipelined classify, write), the
 * driver encodes one batch while the server (on its own thread) stores the other.
 */
async function upsertAll(db: Db, count: number, make: (i: number) => Document, inFlight = 1): Promise<Rate> {
  const ads = db.collection(COLLECTIONS.ads);
  const started = startClock();
  const pending = new Set<Promise<unknown>>();
  for (let i = 0; i < count; i += BATCH) {
    const ops: AnyBulkWriteOperation<Document>[] = [];
    for (let j = i; j < Math.min(count, i + BATCH); j++) ops.push(upsertOf(make(j)));
    const write = ads.bulkWrite(ops, { ordered: false }).finally(() => pending.delete(write));
    pending.add(write);
    if (pending.size >= inFlight) await Promise.race(pending);
    if ((i / BATCH) % 100 === 99) process.stderr.write(`  upserted ${i + BATCH} ads\n`);
  }
  await Promise.all(pending);
  return rateSince(started, count);
}

interface Rate {
  perSecond: number;
  /**
   * Per CPU-second of this process, all threads (driver, embedded server, SQLite, checkpointer):
   * the figure to compare while other work shares the machine.
   */
  perCpuSecond: number;
}

function startClock(): { wall: number; cpu: NodeJS.CpuUsage } {
  return { wall: performance.now(), cpu: process.cpuUsage() };
}

function rateSince(started: ReturnType<typeof startClock>, count: number): Rate {
  const cpu = process.cpuUsage(started.cpu);
  return {
    perSecond: count / ((performance.now() - started.wall) / 1000),
    perCpuSecond: count / ((cpu.user + cpu.system) / 1e6),
  };
}

const show = (r: Rate) => `${Math.round(r.perSecond)}/s (${Math.round(r.perCpuSecond)} per CPU-second)`;

/**
 * Raw better-sqlite3: the same documents serialised to BSON, one transaction per batch; with
 * `indexed`, also one column per indexed field and the same indexes as adrisk declares on ads, so
 * the ratio separates the embedded server's own cost from SQLite's index maintenance.
 */
function sqliteBaseline(dir: string, indexed: boolean): Rate {
  const db = new Database(join(dir, `baseline-${indexed}.sqlite`));
  // The same settings as the embedded store's SQLite (page size, WAL, cache, checkpoint size);
  // its checkpoints run inline, where the store runs them on a background thread.
  configureConnection(db, 'NORMAL');
  // The indexes the embedded store creates (multikey ones exist on MongoDB only).
  const specs = indexed ? INDEXES.filter((i) => i.collection === COLLECTIONS.ads && !i.multikey) : [];
  const fields = [...new Set(specs.flatMap((i) => Object.keys(i.key)).filter((f) => f !== '_id'))];
  const column = (f: string) => (f === '_id' ? 'id' : `f_${f.replace(/\W/g, '_')}`);
  db.exec(
    `CREATE TABLE ads (id TEXT PRIMARY KEY, doc BLOB NOT NULL${fields.map((f) => `, ${column(f)}`).join('')})`,
  );
  specs.forEach((spec, n) => {
    const cols = Object.entries(spec.key).map(([f, d]) => `${column(f)} ${d === -1 ? 'DESC' : 'ASC'}`);
    // A partial index leaves out the documents lacking its fields, as the store's does.
    const partial = Object.keys(spec.partialFilterExpression ?? {}).map((f) => `${column(f)} IS NOT NULL`);
    db.exec(
      `CREATE INDEX ix${n} ON ads (${cols.join(', ')})${partial.length > 0 ? ` WHERE ${partial.join(' AND ')}` : ''}`,
    );
  });
  const insert = db.prepare(
    `INSERT OR REPLACE INTO ads (id, doc${fields.map((f) => `, ${column(f)}`).join('')}) VALUES (?, ?${fields.map(() => ', ?').join('')})`,
  );
  const sqlValue = (v: unknown) =>
    typeof v === 'boolean'
      ? Number(v)
      : v instanceof Date
        ? v.getTime()
        : Array.isArray(v)
          ? JSON.stringify(v)
          : (v ?? null);
  const batch = db.transaction((docs: Document[]) => {
    for (const doc of docs)
      insert.run(doc._id, Buffer.from(serialize(doc)), ...fields.map((f) => sqlValue(doc[f])));
  });
  const n = Math.min(UPSERT_ADS, BASELINE_ADS);
  const started = startClock();
  for (let i = 0; i < n; i += BATCH) {
    const docs: Document[] = [];
    for (let j = i; j < Math.min(n, i + BATCH); j++) docs.push(adAt(j));
    batch(docs);
  }
  const rate = rateSince(started, n);
  db.close();
  return rate;
}

async function timeQuery(
  db: Db,
  filter: (site: string) => Document,
  runs: number,
  sort: Document = { urgent: -1, risk: -1 },
): Promise<number> {
  const times: number[] = [];
  for (let q = 0; q < runs; q++) {
    const site = `site${(q * 37) % SITES}.example`;
    const started = performance.now();
    const page = await db.collection(COLLECTIONS.ads).find(filter(site)).sort(sort).limit(50).toArray();
    times.push(performance.now() - started);
    if (page.length === 0) throw new Error(`queue query for ${site} returned nothing`);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/**
 * Upserts: UPSERT_ADS new ads, then RECRAWL of them again. Queue: ADS ads bulk-loaded into a fresh
 * database (insertMany, then the declared indexes built once, as a restore would), then the queue
 * query, and the same query with an unindexed tiebreak in the sort, which forces a full scan.
 */
async function measure(label: string, store: Store): Promise<void> {
  await store.db.collection(COLLECTIONS.ads).deleteMany({});
  const upsertsPerSecond = await upsertAll(store.db, UPSERT_ADS, adAt);
  const recrawled = Math.min(UPSERT_ADS, RECRAWL);
  const reupsertsPerSecond = await upsertAll(store.db, recrawled, recrawlOf);
  // The new ads again into an emptied collection, two batches in flight.
  await store.db.collection(COLLECTIONS.ads).deleteMany({});
  const pipelined = await upsertAll(store.db, UPSERT_ADS, adAt, 2);
  const indexes = (await store.db.collection(COLLECTIONS.ads).listIndexes().toArray()).length;
  console.log(
    `${label}: ${show(upsertsPerSecond)} upserts of new ads (batches of ${BATCH}, ${UPSERT_ADS} ads, ${indexes} indexes on ads)`,
  );
  console.log(
    `${label}: ${show(reupsertsPerSecond)} upserts of recrawled ads (${recrawled} ads, lastSeen changed)`,
  );
  console.log(
    `${label}: ${show(pipelined)} upserts of new ads with 2 batches in flight (the same ads, emptied collection)`,
  );
  const queueDb = store.client.db(`${store.db.databaseName}_queue_bench`);
  await queueDb.dropDatabase();
  const loadStarted = performance.now();
  for (let i = 0; i < ADS; i += LOAD_BATCH) {
    const docs: Document[] = [];
    for (let j = i; j < Math.min(ADS, i + LOAD_BATCH); j++) docs.push(adAt(j));
    await queueDb.collection(COLLECTIONS.ads).insertMany(docs, { ordered: false });
    if ((i / LOAD_BATCH) % 20 === 19) process.stderr.write(`  loaded ${i + LOAD_BATCH} ads\n`);
  }
  await ensureIndexes(queueDb);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const queue = await timeQuery(queueDb, (site) => ({ level: 'high', site }), QUERIES);
  const scan = await timeQuery(queueDb, (site) => ({ level: 'high', site }), BASELINE_QUERIES, {
    urgent: -1,
    risk: -1,
    contentHash: 1,
  });
  await queueDb.dropDatabase();
  console.log(`${label}: bulk load of ${ADS} ads with index build took ${loadSeconds.toFixed(0)} s`);
  console.log(
    `${label}: queue query median ${queue.toFixed(1)} ms over ${ADS} ads; full scan ${scan.toFixed(0)} ms (${(scan / queue).toFixed(0)}x slower)`,
  );
  return void Object.assign(results, {
    [label]: { upsertsPerSecond, reupsertsPerSecond, pipelined, queue, scan },
  });
}

const results: Record<
  string,
  { upsertsPerSecond: Rate; reupsertsPerSecond: Rate; pipelined: Rate; queue: number; scan: number }
> = {};

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'adrisk-bench-storage-'));
  try {
    const baseline = sqliteBaseline(dir, false);
    console.log(`baseline: ${show(baseline)} raw better-sqlite3 inserts (BSON blobs, no indexes)`);
    const indexedBaseline = sqliteBaseline(dir, true);
    console.log(
      `baseline: ${show(indexedBaseline)} raw better-sqlite3 inserts with the same indexes as adrisk's ads`,
    );
    const store = await openStore({ dataDir: join(dir, 'store') });
    try {
      await measure('embedded', store);
    } finally {
      await store.close();
    }
    const embedded = results.embedded!;
    const ratio = (a: Rate, b: Rate) =>
      `${(a.perSecond / b.perSecond).toFixed(2)}x (per CPU-second ${(a.perCpuSecond / b.perCpuSecond).toFixed(2)}x)`;
    console.log(
      `embedded vs raw SQLite inserts: new ads ${ratio(embedded.upsertsPerSecond, baseline)}, recrawled ads ${ratio(embedded.reupsertsPerSecond, baseline)}`,
    );
    console.log(
      `embedded vs raw SQLite inserts with the same indexes: new ads ${ratio(embedded.upsertsPerSecond, indexedBaseline)}, 2 batches in flight ${ratio(embedded.pipelined, indexedBaseline)}`,
    );
    console.log(
      `target ≥ 20000 upserts/s of new ads: ${Math.round(embedded.upsertsPerSecond.perSecond)}/s one batch at a time, ${Math.round(embedded.pipelined.perSecond)}/s with 2 in flight`,
    );
    if (process.env.MONGODB_URI) {
      const mongo = await openStore({ uri: process.env.MONGODB_URI, dbName: 'adrisk_bench' });
      try {
        await measure('mongodb', mongo);
        await mongo.db.dropDatabase();
      } finally {
        await mongo.close();
      }
      const m = results.mongodb!;
      console.log(
        `embedded vs MongoDB: upserts ${(embedded.upsertsPerSecond.perSecond / m.upsertsPerSecond.perSecond).toFixed(2)}x, queue latency ${(embedded.queue / m.queue).toFixed(2)}x`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
