import { analyzePage } from '../crawler/analysis/index.ts';
import { startMarketplace } from '../scripts/marketplace/index.ts';
const market = await startMarketplace({ seed: 5, adsPerSite: 10 });
const d = market.sites[0]!;
for (const path of ['/', '/city/berlin', '/latest', '/ad/1', '/city/paris']) {
  const html = await (await fetch(d.baseUrl + path)).text();
  const t = performance.now();
  const a = analyzePage({ url: d.baseUrl + path, status: 200, contentType: 'text/html', html, headers: {}, rendered: false }, { host: new URL(d.baseUrl).host, baseUrl: d.baseUrl });
  console.log(path, html.length, (performance.now() - t).toFixed(1), 'ms', a.role, a.links.length, a.ads.length);
}
await market.close();
