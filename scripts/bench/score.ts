// Scoring benchmark: ads/s without OCR on one thread (the baseline) and on worker threads, images/s
// with OCR on a small sample, and quality on the held-out evaluation split of the synthetic corpus
// (high-risk precision/recall, phone F1, per-indicator recall).
//   node --import tsx scripts/bench/score.ts [--count N] [--threads N] [--images N]
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import {
  corpusNetworkHits,
  EVALUATION_SPLIT,
  type LabelledAd,
  syntheticAds,
} from '../../classifier/model/synthetic-corpus.ts';
import { createOcrPool, ocrImages } from '../../classifier/ocr/index.ts';
import { scoreAdText } from '../../classifier/score.ts';
import { INDICATOR_CODES, type IndicatorCode, type ScoreResult } from '../../classifier/types.ts';
import { type ScoreFailure, ScorePool, threadCpuMicros } from '../../classifier/workers/index.ts';
import {
  evaluateIndependentSet,
  loadIndependentAds,
} from '../../test/fixtures/indicators/independent-set.ts';

const BATCH = 256;
/**
 * Ads scored before timing, in process and by each worker: V8 tiers code and regular expressions
 * up over the first few thousand ads, and a cold thread would be measured compiling, not scoring
 * (per ad, a thread's CPU settles within ~10% after some 3,000 ads and fully after ~6,000; every
 * worker is an isolate of its own and warms up alone).
 * They come from a range of the generator disjoint from the measured ads, so that caches (stems,
 * lower-cased texts) do not see the measured ads early: the figures are a long run's steady state.
 */
const WARM_UP_ADS = 6_000;
const WARM_UP_SPLIT = { seed: EVALUATION_SPLIT.seed, offset: 2_000_000, count: WARM_UP_ADS };
/** Indicators that the networks stage, not the scorer of one ad, detects. */
const NETWORK_CODES = new Set<IndicatorCode>(['shared_contact', 'reused_images', 'template_text']);

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: String(EVALUATION_SPLIT.count) },
    threads: { type: 'string', default: String(availableParallelism()) },
    images: { type: 'string', default: '6' },
  },
});
const count = Number(values.count);
const threads = Number(values.threads);

const corpus = syntheticAds({ ...EVALUATION_SPLIT, count });
const ads = corpus.map((c) => c.ad);
const warmUp = syntheticAds(WARM_UP_SPLIT).map((c) => c.ad);
const rows: Array<[string, string, string]> = [];

// Baseline: one thread, in process (after a warm-up so JIT and caches are fair to both).
for (const ad of warmUp) scoreAdText(ad);
let started = performance.now();
let cpu = process.cpuUsage();
let mainCpu = threadCpuMicros();
const results = ads.map((ad) => scoreAdText(ad));
const baselineSplit = { total: cpuMicros(cpu), 'scoring thread': since(mainCpu) };
const baseline = ads.length / ((performance.now() - started) / 1000);
// CPU time is what the machine spent, whatever else runs on it: ads per CPU-second times the
// cores is the throughput a dedicated machine would reach (wall-clock figures need an idle one).
const baselineCpu = ads.length / cpuSeconds(cpu);
rows.push(['ads/s, no OCR, 1 thread (baseline)', baseline.toFixed(0), '1.00×']);
rows.push([
  'ads per CPU-second, 1 thread',
  baselineCpu.toFixed(0),
  `${(baselineCpu / baseline).toFixed(2)}× wall-clock`,
]);
rows.push(cpuSplitRow('1 thread', baselineSplit));

const pool = new ScorePool({ threads });
const warmUpBatches = Array.from({ length: Math.ceil(WARM_UP_ADS / BATCH) }, (_, k) =>
  warmUp.slice(k * BATCH, (k + 1) * BATCH),
);
await pool.warmUp(warmUpBatches);
const workerCpu = await pool.workerCpuMicros();
started = performance.now();
cpu = process.cpuUsage();
mainCpu = threadCpuMicros();
const batches: Array<Promise<Array<ScoreResult | ScoreFailure>>> = [];
for (let i = 0; i < ads.length; i += BATCH) batches.push(pool.score(ads.slice(i, i + BATCH)));
await Promise.all(batches);
const pooled = ads.length / ((performance.now() - started) / 1000);
const pooledCpu = ads.length / cpuSeconds(cpu);
const poolSplit = {
  total: cpuMicros(cpu),
  'main thread': since(mainCpu),
  workers: sum(await pool.workerCpuMicros(), workerCpu),
};
await pool.close();
rows.push([
  `ads/s, no OCR, ${threads} worker threads`,
  pooled.toFixed(0),
  `${(pooled / baseline).toFixed(2)}× (target ≥ 5000 ads/s)`,
]);
rows.push([
  `ads per CPU-second, ${threads} worker threads (all threads)`,
  pooledCpu.toFixed(0),
  `${(pooledCpu / baselineCpu).toFixed(2)}× 1-thread CPU`,
]);
rows.push([
  `ads/s on ${threads} dedicated cores (from CPU time)`,
  (pooledCpu * threads).toFixed(0),
  `${((pooledCpu * threads) / baseline).toFixed(2)}× baseline wall-clock`,
]);
rows.push(cpuSplitRow(`${threads} worker threads`, poolSplit));

rows.push(await benchOcr(Number(values.images), baseline));
for (const row of quality(corpus, results, 'text only')) rows.push(row);
for (const row of quality(corpus, withNetworks(corpus, results), 'with network hits').slice(0, 2))
  rows.push(row);
printTable(rows);
process.stdout.write(independentSetSection());
process.stdout.write(
  `(load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${availableParallelism()} cores)\n`,
);

/** Links the corpus into networks as the classify command does and rescores with their hits. */
function withNetworks(corpus: LabelledAd[], scored: ScoreResult[]): ScoreResult[] {
  const hits = corpusNetworkHits(
    corpus,
    scored.map((r) => r.entities),
  );
  return corpus.map(({ ad }) => scoreAdText(ad, { networkHits: hits[ad.id] }));
}

async function benchOcr(n: number, adsPerSecond: number): Promise<[string, string, string]> {
  if (n <= 0) return ['images/s with OCR', 'skipped', ''];
  try {
    const images = await Promise.all(
      Array.from({ length: n }, (_, i) => phoneImage(`+49 171 ${String(2_345_670 + i).padStart(7, '0')}`)),
    );
    const ocr = createOcrPool();
    try {
      await ocrImages([{ bytes: images[0]! }], ocr);
      const t = performance.now();
      await ocrImages(
        images.map((bytes) => ({ bytes })),
        ocr,
      );
      const perSecond = n / ((performance.now() - t) / 1000);
      return [
        `images/s with OCR (${n} images)`,
        perSecond.toFixed(2),
        `${(perSecond / adsPerSecond).toExponential(1)}× baseline ads/s`,
      ];
    } finally {
      await ocr.close();
    }
  } catch (error) {
    return ['images/s with OCR', 'n/a', (error as Error).message.slice(0, 60)];
  }
}

/** A text-only image of a phone number (never images of people). */
async function phoneImage(text: string): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="420" height="80"><rect width="100%" height="100%" fill="white"/><text x="16" y="52" font-family="sans-serif" font-size="34" fill="black">${text}</text></svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

function quality(
  corpus: LabelledAd[],
  scored: ScoreResult[],
  label: string,
): Array<[string, string, string]> {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let phoneTp = 0;
  let phoneFp = 0;
  let phoneFn = 0;
  const perCode = new Map<IndicatorCode, { expected: number; found: number }>();
  corpus.forEach((truth, i) => {
    const result = scored[i]!;
    const high = result.level === 'high';
    if (high && truth.highRisk) tp++;
    else if (high) fp++;
    else if (truth.highRisk) fn++;
    const found = new Set(result.entities.phones);
    const expected = new Set(truth.phones);
    for (const p of found) {
      if (expected.has(p)) phoneTp++;
      else phoneFp++;
    }
    for (const p of expected) if (!found.has(p)) phoneFn++;
    const codes = new Set(result.indicators.map((h) => h.code));
    for (const code of truth.indicators) {
      const c = perCode.get(code) ?? { expected: 0, found: 0 };
      c.expected++;
      if (codes.has(code)) c.found++;
      perCode.set(code, c);
    }
  });
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  const phoneP = phoneTp / Math.max(1, phoneTp + phoneFp);
  const phoneR = phoneTp / Math.max(1, phoneTp + phoneFn);
  const phoneF1 = (2 * phoneP * phoneR) / Math.max(1e-9, phoneP + phoneR);
  const out: Array<[string, string, string]> = [
    [`high-risk precision, ${label} (${corpus.length} held-out ads)`, precision.toFixed(3), 'target ≥ 0.90'],
    [`high-risk recall, ${label}`, recall.toFixed(3), 'target ≥ 0.90'],
    ['phone F1', phoneF1.toFixed(3), `P ${phoneP.toFixed(3)} R ${phoneR.toFixed(3)}, target ≥ 0.98`],
  ];
  for (const code of INDICATOR_CODES) {
    const c = perCode.get(code);
    if (!c) continue;
    const note = NETWORK_CODES.has(code) ? 'from the networks stage' : `${c.found}/${c.expected}`;
    out.push([`recall ${code}`, NETWORK_CODES.has(code) ? 'n/a' : (c.found / c.expected).toFixed(3), note]);
  }
  return out;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  return cpuMicros(since) / 1e6;
}

/** The whole process's CPU since `start` (every thread), in microseconds. */
function cpuMicros(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

/** Microseconds this thread has used since `start`; undefined where threads cannot be told apart. */
function since(start: number | undefined): number | undefined {
  const now = threadCpuMicros();
  return now === undefined || start === undefined ? undefined : now - start;
}

/** The workers' CPU between two readings; undefined if any worker's is unknown. */
function sum(now: Array<number | undefined>, start: Array<number | undefined>): number | undefined {
  let total = 0;
  for (const [i, micros] of now.entries()) {
    if (micros === undefined || start[i] === undefined) return undefined;
    total += micros - start[i]!;
  }
  return total;
}

/**
 * A run's CPU per ad (`total`, the whole process) split by thread: the named threads, and the rest
 * (V8's garbage-collector and compiler threads, libuv), which the per-ad figures above include.
 */
function cpuSplitRow(
  label: string,
  { total, ...threads }: { total: number } & Record<string, number | undefined>,
): [string, string, string] {
  const perAd = (micros: number) => (micros / ads.length).toFixed(0);
  const parts = Object.entries(threads);
  if (parts.some(([, micros]) => micros === undefined))
    return [`CPU µs per ad, ${label}`, perAd(total), 'per-thread split not available here'];
  const named = parts.reduce((n, [, micros]) => n + micros!, 0);
  const split = parts.map(([name, micros]) => `${name} ${perAd(micros!)}`);
  return [
    `CPU µs per ad, ${label}`,
    perAd(total),
    `${split.join(', ')}, other threads ${perAd(total - named)}`,
  ];
}

function printTable(table: Array<[string, string, string]>): void {
  const w0 = Math.max(...table.map((r) => r[0].length));
  const w1 = Math.max(...table.map((r) => r[1].length));
  for (const [a, b, c] of table) process.stdout.write(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}\n`);
}

/**
 * Per-code recall and precision on the hand-written independent set, which shares no wording with
 * the generator: the synthetic figures above measure the lexicon on the sentences it may echo.
 */
function independentSetSection(): string {
  const ads = loadIndependentAds();
  const f = evaluateIndependentSet(ads, (ad) =>
    scoreAdText({ id: ad.id, text: ad.text }).indicators.map((h) => h.code),
  );
  const perCode = [...f.perCode]
    .map(([code, c]) => `${code} R ${c.recall.toFixed(2)} P ${c.precision.toFixed(2)}`)
    .join(', ');
  const negatives = f.negativeHits.map((h) => `${h.id}: ${h.codes.join('+')}`).join(', ') || 'none';
  return (
    `independent set (${ads.length} ads): recall ${f.recall.toFixed(3)}, precision ${f.precision.toFixed(3)}, ` +
    `per code ${perCode}; fired on hard negatives: ${negatives}\n`
  );
}
