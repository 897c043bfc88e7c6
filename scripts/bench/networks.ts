// Benchmark: linking synthetic ads into networks (contacts, pHashes, MinHash text signatures).
// Prints time and memory for N ads against baselines measured in the same run: N/10 ads (the
// scaling ratio; near 10 means near-linear) and an all-pairs comparison on a small sample (the
// speedup of indexed candidates over comparing every pair).
//   npm run bench:networks -- [--ads 1000000] [--all-pairs 20000]
import { performance } from 'node:perf_hooks';
import {
  estimateJaccard,
  hamming64,
  type LinkableAd,
  MINHASH_SIZE,
  NetworkLinker,
  networkHits,
  parsePhash,
  textSignature,
} from '../../classifier/networks/index.ts';

const DEFAULT_ADS = 1_000_000;
const DEFAULT_ALL_PAIRS = 20_000;
/** Ads handed to the linker per add() call (the incremental path, as classify batches). */
const CHUNK = 50_000;
const SITES = 50;
const CITIES = 200;
/** Share of ads that belong to a network, and network sizes. */
const NETWORK_SHARE = 0.1;
const MAX_NETWORK_SIZE = 10;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** xorshift32: fast, seeded, good enough for synthetic data. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

/**
 * Ad i of a synthetic marketplace: its own phone, an image, a text signature; one in ten belongs
 * to a network sharing a phone, an image (a few bits flipped) or a template (a few hashes changed);
 * a fifth of site 0's ads print the site's support line.
 */
function* syntheticAds(count: number, seed = 1): Generator<LinkableAd> {
  const r = rng(seed);
  let i = 0;
  while (i < count) {
    const inNetwork = r() < NETWORK_SHARE / 3;
    const size = inNetwork ? 2 + Math.floor(r() * (MAX_NETWORK_SIZE - 1)) : 1;
    const kind = r();
    const sharedPhone = `+4917${String(i).padStart(9, '0')}`;
    const sharedHash = [Math.floor(r() * 2 ** 32), Math.floor(r() * 2 ** 32)];
    const template = Uint32Array.from({ length: MINHASH_SIZE }, () => Math.floor(r() * 2 ** 32));
    for (let m = 0; m < size && i < count; m++, i++) {
      const site = Math.floor(r() * SITES);
      const ad: LinkableAd = {
        id: `ad${String(i).padStart(8, '0')}`,
        site: `site${site}.example`,
        name: `name${Math.floor(r() * 5000)}`,
        city: `city${Math.floor(r() * CITIES)}`,
        time: Math.floor(r() * 90) * 86_400_000,
        phones: [`+4915${String(i).padStart(9, '0')}`],
      };
      if (site === 0 && r() < 0.2) ad.phones!.push('+442000000000');
      let [hi, lo] = [Math.floor(r() * 2 ** 32), Math.floor(r() * 2 ** 32)];
      let sig: Uint32Array | undefined =
        r() < 0.8 ? Uint32Array.from({ length: MINHASH_SIZE }, () => Math.floor(r() * 2 ** 32)) : undefined;
      if (inNetwork) {
        if (kind < 0.6) ad.phones!.push(sharedPhone);
        else if (kind < 0.8) {
          hi = (sharedHash[0]! ^ (r() < 0.5 ? 1 << Math.floor(r() * 32) : 0)) >>> 0;
          lo = sharedHash[1]!;
        } else {
          sig = Uint32Array.from(template);
          for (let k = 0; k < 4; k++) sig[Math.floor(r() * MINHASH_SIZE)] = Math.floor(r() * 2 ** 32);
        }
      }
      if (r() < 0.7 || (inNetwork && kind >= 0.6 && kind < 0.8)) ad.images = [{ phash: hex(hi) + hex(lo) }];
      if (sig) ad.textSignature = sig;
      yield ad;
    }
  }
}

interface Run {
  ads: number;
  ms: number;
  /** CPU time of this process (user + system): the figure that holds on a loaded machine. */
  cpuMs: number;
  networks: number;
  rssPeakMb: number;
  heapPeakMb: number;
  hitsPerSec: number;
}

function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}

function link(count: number): Run {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage();
  let rssPeak = base.rss;
  let heapPeak = base.heapUsed;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const linker = new NetworkLinker();
  let chunk: LinkableAd[] = [];
  for (const ad of syntheticAds(count)) {
    chunk.push(ad);
    if (chunk.length === CHUNK) {
      linker.add(chunk);
      chunk = [];
      const m = process.memoryUsage();
      rssPeak = Math.max(rssPeak, m.rss);
      heapPeak = Math.max(heapPeak, m.heapUsed);
    }
  }
  linker.add(chunk);
  const networks = linker.networks();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const m = process.memoryUsage();
  rssPeak = Math.max(rssPeak, m.rss);
  heapPeak = Math.max(heapPeak, m.heapUsed);
  // Network indicators for a sample of network members (what classify asks per ad).
  const sample = networks.slice(0, 2000).flatMap((n) => n.ads);
  const h0 = performance.now();
  for (const id of sample) networkHits(linker, id);
  const hitsPerSec = Math.round(sample.length / ((performance.now() - h0) / 1000));
  return {
    ads: count,
    ms,
    cpuMs,
    networks: networks.length,
    rssPeakMb: mb(rssPeak),
    heapPeakMb: mb(heapPeak),
    hitsPerSec,
  };
}

/** The naive baseline: every pair compared on contacts, pHash and text signature. */
function allPairs(count: number): { ms: number; cpuMs: number; links: number } {
  const ads = [...syntheticAds(count)];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let links = 0;
  const hashes = ads.map((a) => (a.images?.[0]?.phash ? parsePhash(a.images[0].phash) : undefined));
  for (let i = 0; i < ads.length; i++) {
    const a = ads[i]!;
    for (let j = i + 1; j < ads.length; j++) {
      const b = ads[j]!;
      let linked = a.phones!.some((p) => b.phones!.includes(p));
      const ha = hashes[i];
      const hb = hashes[j];
      if (!linked && ha && hb) linked = hamming64(ha[0], ha[1], hb[0], hb[1]) <= 6;
      if (!linked && a.textSignature && b.textSignature)
        linked = estimateJaccard(a.textSignature, b.textSignature) >= 0.7;
      if (linked) links++;
    }
  }
  const cpu = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, links };
}

function signatureThroughput(count: number): number {
  const words =
    'hello gentlemen new in town discreet apartment call write appointment relaxing time waiting for you near station only few days'.split(
      ' ',
    );
  const r = rng(7);
  const texts = Array.from({ length: count }, () =>
    Array.from({ length: 60 }, () => words[Math.floor(r() * words.length)]).join(' '),
  );
  const t0 = performance.now();
  for (const t of texts) textSignature(t);
  return Math.round(count / ((performance.now() - t0) / 1000));
}

const total = arg('ads', DEFAULT_ADS);
const pairsN = arg('all-pairs', DEFAULT_ALL_PAIRS);
const fmt = (r: Run) =>
  `${r.ads.toLocaleString('en')} ads: ${(r.ms / 1000).toFixed(1)} s wall, ${(r.cpuMs / 1000).toFixed(1)} s CPU (${Math.round(r.ads / (r.cpuMs / 1000)).toLocaleString('en')} ads per CPU-second), ${r.networks.toLocaleString('en')} networks, RSS peak ${r.rssPeakMb} MB, heap peak ${r.heapPeakMb} MB, network indicators ${r.hitsPerSec.toLocaleString('en')} ads/s`;

console.log(`node ${process.version}, linking synthetic ads (contacts + pHash + MinHash signatures)`);
const small = link(Math.round(total / 10));
console.log(`baseline  ${fmt(small)}`);
const large = link(total);
console.log(`measured  ${fmt(large)}`);
console.log(
  `scaling   10× the ads took ${(large.cpuMs / small.cpuMs).toFixed(1)}× the CPU time, ${(large.ms / small.ms).toFixed(1)}× the wall time (10.0 = linear)`,
);
const indexed = link(pairsN);
const naive = allPairs(pairsN);
const extrapolated = (naive.cpuMs * (total / pairsN) ** 2) / 1000;
console.log(
  `all-pairs ${pairsN.toLocaleString('en')} ads: ${(naive.cpuMs / 1000).toFixed(1)} CPU-s all pairs vs ${(indexed.cpuMs / 1000).toFixed(2)} CPU-s indexed (${(naive.cpuMs / indexed.cpuMs).toFixed(0)}× faster); all pairs of ${total.toLocaleString('en')} ads would take ≈ ${(extrapolated / 3600).toFixed(1)} CPU-hours`,
);
console.log(
  `text signatures: ${signatureThroughput(20_000).toLocaleString('en')} ads/s (60-word texts, one core)`,
);
