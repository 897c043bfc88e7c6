import { crawl } from '../crawler/crawl.ts';
import { startMarketplace } from '../scripts/marketplace/index.ts';
import { openStore } from '../storage/index.ts';
import { mkdtempSync } from 'node:fs';
const market = await startMarketplace({ seed: 5, adsPerSite: Number(process.env.N ?? 10), slowMs: 3000, largePageBytes: 2 << 20, crawlDelay: 0.02 });
const store = await openStore({ dataDir: mkdtempSync('/tmp/mk-') });
const t = Date.now();
const s = await crawl({ seeds: market.sites.filter(x => !process.env.ONLY || x.key === process.env.ONLY).map((x) => ({ url: `${x.baseUrl}/` })), allowPrivateHosts: true, render: 'auto', perHostRps: 100, perHostConcurrency: 2, concurrency: 8, maxDepth: 6, maxPages: 3000, requestTimeoutMs: 1500, maxBodyBytes: 1 << 20, retryBaseMs: 10, maxAttempts: 2, downloadImages: false }, { db: store.db });
console.log((Date.now() - t) / 1000, JSON.stringify(s.stats));
for (const site of market.sites) {
  const host = new URL(site.baseUrl).host;
  const pages = await store.db.collection('pages').find({ host }).toArray();
  const fails = await store.db.collection('frontier').find({ host, state: 'failed' }).toArray();
  const roles: Record<string, number> = {};
  for (const p of pages) roles[p.role] = (roles[p.role] ?? 0) + 1;
  console.log(site.key, host, 'pages', pages.length, 'rendered', pages.filter(p => p.rendered).length, 'ads', await store.db.collection('ads').countDocuments({ site: host }), JSON.stringify(roles), 'fails', fails.map(f => `${new URL(f.url).pathname}:${f.errors.at(-1)?.code}`).slice(0, 8).join(' '));
  const times = pages.map(p => +new Date(p.fetchedAt)).sort(); console.log('   span', (times.at(-1)! - times[0]!) / 1000, 'start', (times[0]! - t) / 1000);
  if (process.env.V) for (const p of pages.slice(0, 40)) console.log('  ', p.url, p.role, p.adsCount, p.rendered, (+new Date(p.fetchedAt) - t) / 1000);
}
console.log(JSON.stringify(await store.db.collection('hosts').find({}, {projection: {cookies: 1, ageGate: 1, needsBrowser: 1}}).toArray()));
const { canonicalizeUrl, urlFingerprint } = await import('../crawler/url.ts');
const found = new Set((await store.db.collection('ads').find().toArray()).map(a => a.url));
const miss: Record<string, string[]> = {};
for (const { truth } of market.groundTruth.ads()) {
  if (!truth.crawlable) continue;
  const u = canonicalizeUrl(truth.url)!;
  if (found.has(u)) continue;
  const f = await store.db.collection('frontier').findOne({ _id: urlFingerprint(u) as never });
  const pg = await store.db.collection('pages').findOne({ _id: urlFingerprint(u) as never });
  (miss[truth.site] ??= []).push(`${new URL(u).pathname} ${f ? f.state + ' d' + f.depth : 'NOT-IN-FRONTIER'} ${pg ? pg.role + ' ads' + pg.adsCount + (pg.rendered ? ' R' : '') : ''}`);
}
for (const [k, v] of Object.entries(miss)) console.log('MISS', k, v.length, v.slice(0, 6).join(' | '));
await store.close(); await market.close();
