// The review queue page: filters, then ads urgent first and by risk, each with its band's
// suggested time-frame.
import type { AdPresentation } from '../present-ad.ts';
import { type QueueQuery, queueLink, REVIEW_STATUSES, SITE_TYPES } from '../queue-query.ts';
import type { Viewer } from '../viewer.ts';
import { formatDate, riskBadge, timeFrame } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { page } from './layout.ts';

export interface QueueFacets {
  sites: string[];
  cities: string[];
  languages: string[];
  indicators: string[];
}

function select(
  name: string,
  label: string,
  options: readonly string[],
  current: string | undefined,
): SafeHtml {
  return html`<label>${label} <select name="${name}"><option value="">any</option>${options.map(
    (o) =>
      html`<option value="${o}"${o === current ? html` selected` : ''}>${o.replaceAll('_', ' ')}</option>`,
  )}</select></label>`;
}

function input(name: string, label: string, list: string, current: string | undefined): SafeHtml {
  return html`<label>${label} <input name="${name}" value="${current ?? ''}" list="${list}" maxlength="200"></label>`;
}

function datalist(id: string, values: readonly string[]): SafeHtml {
  return html`<datalist id="${id}">${values.map((v) => html`<option value="${v}">`)}</datalist>`;
}

function filters(q: QueueQuery, facets: QueueFacets): SafeHtml {
  return html`<form method="get" action="/" class="filters">
${input('site', 'Site', 'sites', q.site)} ${select('siteType', 'Site type', SITE_TYPES, q.siteType)}
${input('city', 'City', 'cities', q.city)} ${input('language', 'Language', 'languages', q.language)}
${select('level', 'Level', ['high', 'medium', 'low'], q.level)} ${select('indicator', 'Indicator', facets.indicators, q.indicator)}
<label>Network <input name="network" value="${q.network ?? ''}" maxlength="200"></label>
${select('status', 'Decision', REVIEW_STATUSES, q.status)}
<button type="submit">Filter</button> <a href="/">Clear</a>
${datalist('sites', facets.sites)}${datalist('cities', facets.cities)}${datalist('languages', facets.languages)}
</form>`;
}

function row(ad: AdPresentation): SafeHtml {
  return html`<tr class="${ad.urgent ? 'urgent' : ''}">
<td>${riskBadge(ad.level, ad.urgent, ad.risk)}<br><small>${timeFrame(ad.level, ad.urgent)}</small></td>
<td><a href="/ads/${encodeURIComponent(ad.id)}">${ad.title || ad.name || ad.id}</a></td>
<td>${ad.site}</td><td>${ad.city ?? '—'}</td><td>${ad.language ?? '—'}</td>
<td>${ad.indicators.map((i) => html`<span class="code">${i.code}</span> `)}</td>
<td>${ad.networkId ? html`<a href="/networks/${encodeURIComponent(ad.networkId)}">network</a>` : '—'}</td>
<td class="status-${ad.reviewStatus}">${ad.reviewStatus}</td>
<td>${formatDate(ad.lastSeen)}</td>
</tr>`;
}

export function queuePage(
  viewer: Viewer,
  q: QueueQuery,
  ads: AdPresentation[],
  next: string | undefined,
  facets: QueueFacets,
) {
  const exportLink = queueLink(q, undefined, '/export/queue.csv');
  return page({
    title: 'Queue',
    viewer,
    showsScores: true,
    body: html`<h1>Review queue</h1>
<p class="hint">Urgent ads (possible minors) first, then by risk score. Each band shows a suggested time-frame for review.</p>
${filters(q, facets)}
<table class="queue">
<thead><tr><th>Risk signal</th><th>Ad</th><th>Site</th><th>City</th><th>Lang.</th><th>Indicators</th><th>Network</th><th>Decision</th><th>Last seen</th></tr></thead>
<tbody>${ads.length > 0 ? ads.map(row) : html`<tr><td colspan="9">No ads match these filters.</td></tr>`}</tbody>
</table>
<p class="pager">${q.after ? html`<a href="${queueLink(q)}">First page</a> ` : ''}${next ? html`<a href="${queueLink(q, next)}" rel="next">Next page</a>` : ''}
 <a href="${exportLink}">Export this selection (CSV)</a></p>`,
  });
}
