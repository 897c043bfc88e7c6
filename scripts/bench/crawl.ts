// Crawl benchmark, every figure measured in this run:
// 1. pages/s and CPU ms per page of adrisk's engine on the marketplace's static sites, beside
//    Crawlee's CheerioCrawler crawling the same sites with the same page analysis and the same
//    depth limit (the baseline), each in its own process, printed as a ratio; and adrisk's store
//    round trips per page (commands its driver sent), the figure that decides its CPU per page;
// 2. RSS of a worker holding a frontier of 1,000,000 URLs in the store while leasing from it;
// 3. pages/s through Chromium on the marketplace's script-built site.
//   node --import tsx scripts/bench/crawl.ts [--ads-per-site N] [--frontier N] [--concurrency N]
//     [--max-pages N] [--only engines|frontier|chromium] [--engine adrisk|crawlee]
//   BENCH_CPU_PROF_DIR=dir writes a CPU profile of every child; BENCH_COMMANDS=1 prints adrisk's
//   store commands by name.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    'ads-per-site': { type: 'string', default: '300' },
    frontier: { type: 'string', default: '1000000' },
    concurrency: { type: 'string', default: '16' },
    'max-pages': { type: 'string', default: '5000' },
    child: { type: 'string' },
    payload: { type: 'string' },
    /** Run one part only: engines, frontier or chromium. */
    only: { type: 'string' },
    /** With the engines part: run only adrisk or only crawlee (while iterating on one engine). */
    engine: { type: 'string' },
  },
});

interface EngineResult {
  pages: number;
  seconds: number;
  cpuMs: number;
  rssMb: number;
  ads?: number;
  /** Store commands sent (adrisk only). */
  roundTrips?: number;
}

interface ChildPayload {
  /** Store to use (a server in another process); a temporary embedded store when absent. */
  uri?: string;
  seeds: string[];
  concurrency: number;
  maxPages: number;
  frontier?: number;
  render?: 'auto' | 'always';
}

const rate = (r: EngineResult) => r.pages / r.seconds;
/** Link depth both engines crawl to (adrisk's default `crawl.maxDepth`). */
const MAX_DEPTH = 10;

function measure<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  return fn().then((result) => {
    const used = process.cpuUsage(cpu);
    return { result, seconds: (performance.now() - started) / 1000, cpuMs: (used.user + used.system) / 1000 };
  });
}

async function tempStore(uri?: string) {
  const { openStore } = await import('../../storage/index.ts');
  if (uri) {
    const store = await openStore({ uri });
    return { store, destroy: () => store.close() };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'adrisk-bench-'));
  const store = await openStore({ dataDir });
  return {
    store,
    destroy: async () => {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function runAdrisk(payload: ChildPayload): Promise<EngineResult> {
  const { crawl } = await import('../../crawler/index.ts');
  const { store, destroy } = await tempStore();
  // A client of the same store that counts its commands: store round trips per page.
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(store.uri, { monitorCommands: true });
  await client.connect();
  const commands = new Map<string, number>();
  client.on('commandStarted', (event) => {
    const target = (event.command as Record<string, unknown>)[event.commandName];
    const key = `${event.commandName} ${typeof target === 'string' ? target : ''}`.trim();
    commands.set(key, (commands.get(key) ?? 0) + 1);
  });
  const db = client.db(store.db.databaseName);
  const { result, seconds, cpuMs } = await measure(() =>
    crawl(
      {
        seeds: payload.seeds.map((url) => ({ url })),
        allowPrivateHosts: true,
        maxPages: payload.maxPages,
        maxDepth: MAX_DEPTH,
        concurrency: payload.concurrency,
        // Politeness set high: this measures the engine, not the rate limit.
        perHostConcurrency: Math.min(16, payload.concurrency),
        perHostRps: 1000,
        render: payload.render ?? 'never',
        downloadImages: false,
        requestTimeoutMs: 20_000,
      },
      { db },
    ),
  );
  await client.close();
  await destroy();
  if (process.env.BENCH_COMMANDS)
    console.error(Object.fromEntries([...commands].sort((a, b) => b[1] - a[1])));
  return {
    roundTrips: [...commands.values()].reduce((a, b) => a + b, 0),
    pages: result.stats.pages,
    seconds,
    cpuMs,
    rssMb: process.memoryUsage().rss / 2 ** 20,
    ads: result.stats.ads,
  };
}

async function runCrawlee(payload: ChildPayload): Promise<EngineResult> {
  const { CheerioCrawler, Configuration } = await import('@crawlee/cheerio');
  const { analyzePage } = (await import(
    String('../../crawler/analysis/index.ts')
  )) as typeof import('../../crawler/index.ts') & {
    analyzePage: (page: unknown, site: unknown) => { ads: unknown[] };
  };
  let pages = 0;
  let ads = 0;
  const config = new Configuration({ persistStorage: false, purgeOnStart: true });
  const crawler = new CheerioCrawler(
    {
      maxConcurrency: payload.concurrency,
      minConcurrency: payload.concurrency,
      maxRequestsPerCrawl: payload.maxPages,
      // The same depth limit as adrisk's: without it Crawlee also walks the marketplace's endless
      // calendar (hundreds of tiny trap pages no ad is on), which adrisk stops at its depth limit.
      maxCrawlDepth: MAX_DEPTH,
      maxRequestRetries: 1,
      respectRobotsTxtFile: true,
      requestHandlerTimeoutSecs: 30,
      async requestHandler({ request, body, response, enqueueLinks }) {
        pages++;
        const url = request.loadedUrl ?? request.url;
        const parsed = new URL(url);
        // The same page analysis as adrisk's, so the comparison is engine against engine.
        const analysis = analyzePage(
          {
            url,
            status: response.statusCode ?? 200,
            contentType: String(response.headers['content-type'] ?? ''),
            html: String(body),
            headers: {},
            rendered: false,
          },
          { host: parsed.host, baseUrl: parsed.origin },
        );
        ads += analysis.ads.length;
        await enqueueLinks({ strategy: 'same-hostname' });
      },
    },
    config,
  );
  const { seconds, cpuMs } = await measure(() => crawler.run(payload.seeds));
  return { pages, seconds, cpuMs, rssMb: process.memoryUsage().rss / 2 ** 20, ads };
}

/** A frontier of N URLs in the store, then leases and completions from it, sampling RSS. */
async function runFrontier(payload: ChildPayload): Promise<Record<string, number>> {
  const { Frontier } = await import('../../crawler/frontier.ts');
  const { urlFingerprint } = await import('../../crawler/url.ts');
  const { store, destroy } = await tempStore(payload.uri);
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const n = payload.frontier ?? 1_000_000;
  const frontier = new Frontier(store.db, 'bench');
  const col = frontier.repo.col;
  await col.createIndexes([
    { key: { state: 1, priority: -1, nextFetchAt: 1 }, name: 'frontier_claim' },
    { key: { 'lease.owner': 1 }, name: 'frontier_lease_owner', sparse: true },
  ]);
  const batch = 10_000;
  const insertStarted = performance.now();
  const now = new Date();
  for (let i = 0; i < n; i += batch) {
    const docs = Array.from({ length: Math.min(batch, n - i) }, (_, j) => {
      const url = `http://site${(i + j) % 5000}.test/page/${i + j}`;
      return {
        _id: urlFingerprint(url),
        url,
        host: `site${(i + j) % 5000}.test`,
        depth: 1,
        priority: -1,
        state: 'queued' as const,
        attempts: 0,
        errors: [],
        nextFetchAt: now,
        runId: 'bench',
        via: 'link' as const,
        createdAt: now,
        updatedAt: now,
      };
    });
    await col.insertMany(docs, { ordered: false });
  }
  const insertSeconds = (performance.now() - insertStarted) / 1000;
  const leaseStarted = performance.now();
  let leased = 0;
  for (let i = 0; i < 50; i++) {
    const docs = await frontier.lease('bench', 100, 60_000);
    leased += docs.length;
    for (const doc of docs) await frontier.complete(doc, 200);
  }
  const leaseSeconds = (performance.now() - leaseStarted) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  await destroy();
  return {
    urls: n,
    insertSeconds,
    leased,
    leasedPerSecond: leased / leaseSeconds,
    peakRssMb: peak / 2 ** 20,
    heapMb: process.memoryUsage().heapUsed / 2 ** 20,
  };
}

function runChild(mode: string, payload: ChildPayload): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...(process.env.BENCH_CPU_PROF_DIR
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`]
          : []),
        '--import',
        'tsx',
        import.meta.filename,
        '--child',
        mode,
        '--payload',
        JSON.stringify(payload),
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, ADRISK_LOG_LEVEL: 'warn', CRAWLEE_LOG_LEVEL: 'ERROR' },
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line));
      else reject(new Error(`${mode} child exited ${code}: ${out.slice(-500)}`));
    });
  });
}

/** The embedded store alone in its own process, as `adrisk db serve` would run it. */
async function serveStore(): Promise<void> {
  const { EmbeddedServer } = await import('../../storage/embedded/index.ts');
  const dataDir = await mkdtemp(join(tmpdir(), 'adrisk-bench-store-'));
  const server = await EmbeddedServer.start({ dataDir });
  process.stdout.write(`${JSON.stringify({ uri: server.uri })}\n`);
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.on('end', resolve));
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
}

/** Peak resident memory of a process, from /proc (Linux). */
async function peakRssMb(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

if (values.child === 'store') {
  await serveStore();
  process.exit(0);
}

if (values.child) {
  const payload = JSON.parse(values.payload!) as ChildPayload;
  const run = { adrisk: runAdrisk, crawlee: runCrawlee, frontier: runFrontier }[values.child as 'adrisk'];
  const result = await run(payload);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

const { startMarketplace } = await import('../marketplace/index.ts');
const { capture, serveMirror } = await import('./mirror.ts');
const concurrency = Number(values.concurrency);
const maxPages = Number(values['max-pages']);
const adsPerSite = Number(values['ads-per-site']);
/** Sites served as plain HTML without a gate: the fast path both engines can crawl. */
const STATIC_SITES = new Set(['directory', 'classifieds', 'forum', 'agency']);
const rows: Array<[string, string]> = [];

const only = values.only;
if (!only || only === 'engines') {
  // Capture the static sites once, then serve that copy from memory on the same host:ports.
  const market = await startMarketplace({ seed: 7, adsPerSite, largePageBytes: 1 << 20 });
  const staticSeeds = market.sites.filter((s) => STATIC_SITES.has(s.key)).map((s) => `${s.baseUrl}/`);
  const captured = await capture(staticSeeds, Math.ceil(maxPages / staticSeeds.length));
  await market.close();
  const mirror = await serveMirror(captured);
  try {
    // Baseline first, then adrisk; each engine in a fresh process, on the same mirror.
    const payload: ChildPayload = { seeds: staticSeeds, concurrency, maxPages };
    const crawlee =
      values.engine === 'adrisk' ? undefined : ((await runChild('crawlee', payload)) as EngineResult);
    const adrisk =
      values.engine === 'crawlee' ? undefined : ((await runChild('adrisk', payload)) as EngineResult);
    const cpu = (r: EngineResult) => r.cpuMs / r.pages;
    rows.push([
      'static sites (in-memory mirror)',
      `${staticSeeds.length} hosts, ${captured.size} pages captured, concurrency ${concurrency}`,
    ]);
    if (crawlee)
      rows.push([
        'Crawlee CheerioCrawler (baseline)',
        `${crawlee.pages} pages, ${rate(crawlee).toFixed(1)} pages/s, ${cpu(crawlee).toFixed(2)} CPU ms/page, ${crawlee.ads} ads, RSS ${crawlee.rssMb.toFixed(0)} MB`,
      ]);
    if (adrisk)
      rows.push([
        'adrisk crawl',
        `${adrisk.pages} pages, ${rate(adrisk).toFixed(1)} pages/s, ${cpu(adrisk).toFixed(2)} CPU ms/page (incl. embedded store), ${((adrisk.roundTrips ?? 0) / adrisk.pages).toFixed(2)} store round trips/page, ${adrisk.ads} ads, RSS ${adrisk.rssMb.toFixed(0)} MB`,
      ]);
    if (crawlee && adrisk) {
      rows.push(['throughput ratio adrisk / Crawlee', `${(rate(adrisk) / rate(crawlee)).toFixed(2)}×`]);
      rows.push([
        'CPU per page ratio Crawlee / adrisk',
        `${(cpu(crawlee) / cpu(adrisk)).toFixed(2)}× (above 1: adrisk cheaper)`,
      ]);
    }
  } finally {
    await mirror.close();
  }
}

if (!only || only === 'frontier') {
  // The frontier worker against a store in its own process, so the two memories are told apart.
  const storeChild = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', 'store'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ADRISK_LOG_LEVEL: 'warn' },
  });
  const storeUri = await new Promise<string>((resolve) =>
    storeChild.stdout.once('data', (d: Buffer) => resolve(JSON.parse(d.toString().split('\n')[0]!).uri)),
  );
  const frontier = (await runChild('frontier', {
    uri: storeUri,
    seeds: [],
    concurrency,
    maxPages,
    frontier: Number(values.frontier),
  })) as Record<string, number>;
  const storeRss = await peakRssMb(storeChild.pid!);
  storeChild.stdin.end();
  rows.push([
    `frontier of ${frontier.urls} URLs`,
    `insert ${frontier.insertSeconds!.toFixed(1)} s, lease+complete ${frontier.leasedPerSecond!.toFixed(0)} URLs/s; worker peak RSS ${frontier.peakRssMb!.toFixed(0)} MB (heap ${frontier.heapMb!.toFixed(0)} MB; target < 500 MB), store process peak RSS ${storeRss.toFixed(0)} MB`,
  ]);
  // As `adrisk crawl` runs by default: the embedded store on a thread of the crawling process, so
  // one RSS holds both.
  const together = (await runChild('frontier', {
    seeds: [],
    concurrency,
    maxPages,
    frontier: Number(values.frontier),
  })) as Record<string, number>;
  rows.push([
    'frontier, store in-process',
    `insert ${together.insertSeconds!.toFixed(1)} s, lease+complete ${together.leasedPerSecond!.toFixed(0)} URLs/s; peak RSS of crawler and embedded store together ${together.peakRssMb!.toFixed(0)} MB (target < 500 MB)`,
  ]);
}

if (!only || only === 'chromium') {
  const market = await startMarketplace({ seed: 7, adsPerSite: Math.min(adsPerSite, 30) });
  try {
    const jsSeeds = market.sites.filter((s) => s.key === 'spa').map((s) => `${s.baseUrl}/`);
    const js = (await runChild('adrisk', {
      seeds: jsSeeds,
      concurrency: 4,
      maxPages: 40,
      render: 'auto',
    })) as EngineResult;
    rows.push([
      'Chromium (script-built site)',
      `${js.pages} pages, ${rate(js).toFixed(2)} pages/s, ${js.ads} ads`,
    ]);
  } finally {
    await market.close();
  }
}
const width = Math.max(...rows.map((r) => r[0].length));
for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
