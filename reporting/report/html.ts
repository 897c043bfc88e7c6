// Renders the mapping report as one self-contained HTML file: inline CSS and SVG, no script, no
// external resource, print-friendly. Every value from the store passes through escapeHtml.
import { escapeHtml as e } from '../../core/html.ts';
import { barChart, histogram } from './charts.ts';
import type { Count, Prevalence, ReportData } from './data.ts';

export interface Methodology {
  highThreshold: number;
  mediumThreshold: number;
  profile: string;
  userAgent: string;
  perHostRps: number;
  respectRobots: boolean;
  retentionDays: number;
}

const STYLE = `
body{font:14px/1.45 "DejaVu Sans",system-ui,sans-serif;color:#1d2330;max-width:1000px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #d7dce5;padding-bottom:4px;margin-top:32px}
.notice{background:#fff6dd;border-left:4px solid #e0a800;padding:8px 12px;margin:12px 0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.card{border:1px solid #d7dce5;border-radius:6px;padding:8px 10px}.card b{display:block;font-size:22px}
table{border-collapse:collapse;width:100%;font-size:12px;margin:8px 0}th,td{border:1px solid #d7dce5;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#eef1f6}td.num{text-align:right}.yes{color:#11643a}.no{color:#a3261b}
svg.chart text{font-size:11px;fill:#1d2330}svg.chart .small{font-size:10px}.bar{fill:#7b93c8}.bar-hi{fill:#b4332a}
figure{margin:10px 0}figcaption{font-size:12px;color:#555}.empty{color:#777;font-style:italic}
.muted{color:#666;font-size:12px}
@media print{body{padding:0;max-width:none}h2{break-after:avoid}figure,table,tr{break-inside:avoid}.notice{border:1px solid #e0a800}}
`;

const items = (counts: Count[]) => counts.map((c) => ({ label: c.key, value: c.count }));
const yesNo = (v: boolean) => (v ? '<span class="yes">yes</span>' : '<span class="no">no</span>');
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

function prevalenceTable(title: string, p: Prevalence): string {
  if (p.codes.length === 0) return `<p class="empty">${e(title)}: no indicators observed.</p>`;
  const groups = p.groups.slice(0, 12);
  const head = groups.map((g) => `<th>${e(g.key)}<br><span class="muted">${g.ads} ads</span></th>`).join('');
  const rows = p.codes.map((code) => {
    const cells = groups.map((g) => {
      const v = p.share[code]?.[g.key] ?? 0;
      const shade = Math.round(255 - Math.min(1, v * 2) * 120);
      return `<td class="num" style="background:rgb(255,${shade},${shade})">${pct(v)}</td>`;
    });
    return `<tr><th>${e(code)}</th>${cells.join('')}</tr>`;
  });
  return `<table><caption>${e(title)}</caption><tr><th>indicator</th>${head}</tr>${rows.join('')}</table>`;
}

function complianceTable(data: ReportData): string {
  if (data.compliance.length === 0) return '<p class="empty">No sites mapped yet.</p>';
  const rows = data.compliance.map((s) => {
    const c = s.compliance;
    return `<tr><td>${e(s.host)}</td><td>${e(s.type)}</td><td>${e(s.country ?? '–')}</td><td>${e(c.ageGate)}</td><td>${yesNo(c.reportMechanism.present)}</td><td>${yesNo(Boolean(c.termsUrl))}</td><td>${yesNo(Boolean(c.privacyUrl))}</td><td>${yesNo(Boolean(c.contactPoint))}</td><td>${yesNo(c.advertiserVerification.claimed)}</td><td>${yesNo(c.antiTraffickingNotice)}</td><td>${c.robotsTxt.present ? `${c.robotsTxt.disallows.length} rule(s)` : 'none'}</td><td class="num">${s.adsFound}</td><td>${s.adsHighRisk > 0 ? `${s.adsHighRisk} high-risk ads` : e(s.riskStatus)}</td></tr>`;
  });
  return `<table><tr><th>site</th><th>type</th><th>country</th><th>age gate</th><th>report mechanism</th><th>terms</th><th>privacy</th><th>contact point</th><th>advertiser verification (claimed)</th><th>anti-trafficking notice</th><th>robots.txt</th><th>ads</th><th>risk signals</th></tr>${rows.join('')}</table>`;
}

export function renderReport(data: ReportData, method: Methodology): string {
  const t = data.totals;
  const cards: Array<[string, number | string]> = [
    ['sites mapped', t.sites],
    ['ads found', t.ads],
    ['ads scored', t.scored],
    ['high risk', t.high],
    ['urgent (possible minor)', t.urgent],
    ['networks', t.networks],
    ['networks on several sites', t.multiSiteNetworks],
    ['ads taken down', t.removed],
  ];
  const networks = data.multiSiteNetworks.length
    ? `<table><tr><th>network</th><th>ads</th><th>sites</th><th>cities</th><th>max risk</th></tr>${data.multiSiteNetworks
        .map(
          (n) =>
            `<tr><td>${e(n.networkId)}</td><td class="num">${n.ads}</td><td>${n.sites.map(e).join(', ')}</td><td>${n.cities.map(e).join(', ')}</td><td class="num">${n.riskMax.toFixed(2)}</td></tr>`,
        )
        .join('')}</table>`
    : '<p class="empty">No network spans more than one site.</p>';
  const takedown = data.takedown.removed
    ? `<p>${data.takedown.removed} ads disappeared between crawls; median time online before removal: ${data.takedown.medianDays?.toFixed(1)} days.</p><table><tr><th>risk level</th><th>removed ads</th><th>median days online</th></tr>${data.takedown.byLevel
        .map(
          (l) =>
            `<tr><td>${e(l.level)}</td><td class="num">${l.count}</td><td class="num">${l.medianDays?.toFixed(1) ?? '–'}</td></tr>`,
        )
        .join('')}</table>`
    : '<p class="empty">No ad has disappeared between crawls yet (takedowns are measured by recrawling).</p>';
  const runs = data.crawlRuns.length
    ? `<ul>${data.crawlRuns
        .map(
          (r) =>
            `<li>${e(r.id)}: ${e(r.startedAt?.toISOString() ?? '?')} – ${e(r.finishedAt?.toISOString() ?? 'unfinished')}${r.pages === undefined ? '' : `, ${r.pages} pages`}; ${e(r.robots)}</li>`,
        )
        .join('')}</ul>`
    : '<p class="empty">No crawl runs recorded (ads were imported).</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>adrisk mapping report</title><style>${STYLE}</style></head><body>
<h1>Mapping report: sexual-services sites and trafficking risk indicators</h1>
<p class="muted">Generated ${e(data.generatedAt.toISOString())} by adrisk.</p>
<div class="notice">Risk scores are signals that prompt human review; they are not verdicts. A site or ad with no indicators observed is not thereby shown to be safe.</div>
<h2>Summary</h2><div class="cards">${cards.map(([k, v]) => `<div class="card"><b>${e(v)}</b>${e(k)}</div>`).join('')}</div>
<h2>Sites</h2>
${barChart('Sites by type', items(data.sitesByType))}
${barChart('Explicit vs non-explicit selling', items(data.explicitness))}
${barChart('Sites by country', items(data.siteCountries))}
${barChart('Sites by language', items(data.siteLanguages))}
<h2>Ads</h2>
${barChart(
  'Ads per site (high-risk part in red)',
  data.adsPerSite.map((s) => ({ label: s.host, value: s.ads, highlight: s.high })),
)}
${barChart('Ads by language', items(data.adLanguages))}
${barChart('Ads by city (top 25)', items(data.adCities))}
<h2>Risk distribution</h2>
${histogram('Ads by risk score', data.riskHistogram)}
<p>High: ${t.high} · medium: ${t.medium} · low: ${t.low} · not yet scored: ${Math.max(0, t.ads - t.scored)}.</p>
<h2>Indicators</h2>
${prevalenceTable('Share of ads showing each indicator, by site type', data.indicatorsBySiteType)}
${prevalenceTable('Share of ads showing each indicator, by ad language', data.indicatorsByLanguage)}
<h2>Platform compliance</h2>
<p class="muted">Signals observed on the sites' pages (EU DSA and UK Online Safety Act duties): what a site shows, not an audit of what it does.</p>
${complianceTable(data)}
<h2>Networks spanning several sites</h2>${networks}
<h2>Takedowns</h2>${takedown}
<h2>Methodology and limitations</h2>
<ul>
<li>Scoring: indicator lexicon version(s) ${e(data.versions.lexicon.join(', ') || 'none')}, model version(s) ${e(data.versions.model.join(', ') || 'none')}, jurisdiction profile “${e(method.profile)}”; ads at risk ≥ ${method.highThreshold} are high, ≥ ${method.mediumThreshold} medium.</li>
<li>Crawling: user agent “${e(method.userAgent)}”, at most ${method.perHostRps} request(s) per second per host, robots.txt ${method.respectRobots ? 'honoured' : 'NOT honoured (override recorded in the crawl runs)'}.</li>
<li>Retention: snapshots and contacts of dismissed or unflagged ads are purged after ${method.retentionDays} days.</li>
<li>Crawl runs:</li></ul>${runs}
<p>Limitations: indicators come from published indicator lists and research and are matched in the ads' own words; they miss what advertisers phrase differently and fire on some innocent wording, which is why every flag goes to a human reviewer. Pages behind logins, payment or CAPTCHA are not crawled. Counts describe the pages reached within the crawl's limits, not a census of each market.</p>
</body></html>
`;
}
