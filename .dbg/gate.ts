import { analyzePage } from '../crawler/analysis/index.ts';
import { startMarketplace } from '../scripts/marketplace/index.ts';
const market = await startMarketplace({ seed: 5, adsPerSite: 10 });
const g = market.sites.find(s => s.key === 'gated')!;
for (const [path, cookie] of [['/terms', ''], ['/terms', 'vr_age_ok=1'], ['/contact', 'vr_age_ok=1'], ['/ads/1', 'vr_age_ok=1']]) {
  const res = await fetch(g.baseUrl + path, { headers: cookie ? { cookie } : {} });
  const html = await res.text();
  const a = analyzePage({ url: g.baseUrl + path, status: 200, contentType: 'text/html', html, headers: {}, rendered: false }, { host: new URL(g.baseUrl).host, baseUrl: g.baseUrl });
  console.log(path, cookie, a.role, a.needsBrowser, a.ads.length, html.length);
}
await market.close();
