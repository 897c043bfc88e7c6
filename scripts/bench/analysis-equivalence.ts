// Equivalence check and CPU figure for page-analysis work: runs `analyzePage` over a frozen sample
// of marketplace pages and compares every output (role, ads with fields, links, language, signals,
// site-type hints, cities, decisions) with a saved reference, so an optimisation that changes any
// result is caught. The sample is captured once from the marketplace (seed 7, the crawl bench's
// settings) and kept in a file: its URLs carry the ports of that run, and a reference only means
// something against the very same pages.
//   node --import tsx scripts/bench/analysis-equivalence.ts [--pages FILE] [--save FILE]
//     [--compare FILE] [--per-site N] [--rounds N]
// Exit code 1 on any difference; prints CPU ms per page of the analysis (best of the rounds).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { analyzePage } from '../../crawler/analysis/index.ts';

const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '/tmp/adrisk-analysis-pages.json' },
    save: { type: 'string' },
    compare: { type: 'string' },
    'per-site': { type: 'string', default: '300' },
    rounds: { type: 'string', default: '3' },
    show: { type: 'string', default: '5' },
  },
});

interface SamplePage {
  url: string;
  status: number;
  contentType: string;
  html: string;
}

/** Sites whose HTML plain fetch sees (the gated one shows its gate; the app one its shell). */
const SAMPLED_SITES = new Set(['directory', 'classifieds', 'gated', 'forum', 'agency', 'spa']);

async function captureSample(perSite: number): Promise<SamplePage[]> {
  const { startMarketplace } = await import('../marketplace/index.ts');
  const { capture } = await import('./mirror.ts');
  const market = await startMarketplace({ seed: 7, adsPerSite: 300, largePageBytes: 1 << 20 });
  try {
    const seeds = market.sites.filter((s) => SAMPLED_SITES.has(s.key)).map((s) => `${s.baseUrl}/`);
    const captured = await capture(seeds, perSite);
    const pages: SamplePage[] = [];
    for (const [url, res] of captured) {
      const contentType = res.headers['content-type'] ?? '';
      if (!contentType.includes('html')) continue;
      pages.push({ url, status: res.status, contentType, html: res.body.toString('utf8') });
    }
    return pages.sort((a, b) => a.url.localeCompare(b.url));
  } finally {
    await market.close();
  }
}

let sample: SamplePage[];
if (existsSync(values.pages)) sample = JSON.parse(readFileSync(values.pages, 'utf8')) as SamplePage[];
else {
  sample = await captureSample(Number(values['per-site']));
  writeFileSync(values.pages, JSON.stringify(sample));
  console.log(`captured ${sample.length} pages into ${values.pages}`);
}

function analyzeAll(): unknown[] {
  return sample.map((p) => {
    const url = new URL(p.url);
    return analyzePage(
      {
        url: p.url,
        status: p.status,
        contentType: p.contentType,
        html: p.html,
        headers: {},
        rendered: false,
      },
      { host: url.host, baseUrl: url.origin },
    );
  });
}

let outputs: unknown[] = [];
let bestCpuMs = Number.POSITIVE_INFINITY;
for (let round = 0; round < Number(values.rounds); round++) {
  const cpu = process.cpuUsage();
  outputs = analyzeAll();
  const used = process.cpuUsage(cpu);
  bestCpuMs = Math.min(bestCpuMs, (used.user + used.system) / 1000);
}
// Round trip through JSON: the reference is a file, and undefined fields must compare as absent.
const normalized = JSON.parse(JSON.stringify(outputs)) as unknown[];
console.log(
  `${sample.length} pages, ${(bestCpuMs / sample.length).toFixed(3)} CPU ms/page (best of ${values.rounds})`,
);

if (values.save) {
  writeFileSync(values.save, JSON.stringify(normalized));
  console.log(`saved outputs to ${values.save}`);
}
if (values.compare) {
  const reference = JSON.parse(readFileSync(values.compare, 'utf8')) as unknown[];
  let differing = 0;
  for (let i = 0; i < Math.max(reference.length, normalized.length); i++) {
    if (isDeepStrictEqual(reference[i], normalized[i])) continue;
    if (differing++ < Number(values.show)) {
      console.log(`DIFF ${sample[i]?.url}`);
      console.log(`  before: ${JSON.stringify(reference[i]).slice(0, 2000)}`);
      console.log(`  after:  ${JSON.stringify(normalized[i]).slice(0, 2000)}`);
    }
  }
  console.log(differing === 0 ? 'outputs identical' : `${differing} pages differ`);
  if (differing > 0) process.exitCode = 1;
}
