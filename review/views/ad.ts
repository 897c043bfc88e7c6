// One ad, text first: the body with each indicator's evidence highlighted, then why it was
// flagged, the contacts, the images' OCR text (images only on request, never for possible minors),
// the site's compliance signals, the captured evidence, the network, its history and decisions.
import type { AdHistoryDoc } from '../../storage/ads.ts';
import type { ReviewDoc, SiteDoc } from '../../storage/index.ts';
import type { NetworkGraph } from '../../storage/networks.ts';
import { highlightRanges, renderHighlighted } from '../highlight.ts';
import type { AdPresentation, Masker } from '../present-ad.ts';
import { canDecide, type Viewer } from '../viewer.ts';
import { formatDate, riskBadge, timeFrame } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { page } from './layout.ts';
import { networkSvg } from './network-svg.ts';

export interface AdPageData {
  ad: AdPresentation;
  site: SiteDoc | null;
  /** The stored snapshot as text (decompressed, truncated), or null when not shown. */
  snapshotText: string | null;
  snapshotTruncated: boolean;
  /** Why images and screenshots are withheld, when they are. */
  imagesWithheld: string | null;
  /** sha256 of the images whose bytes are stored and may be shown on request. */
  viewableImages: Set<string>;
  history: AdHistoryDoc[];
  reviews: ReviewDoc[];
  graph: NetworkGraph | null;
  mask: Masker;
  openedAt: number;
}

const adPath = (id: string) => `/ads/${encodeURIComponent(id)}`;

function section(title: string, body: SafeHtml | string, id?: string): SafeHtml {
  return html`<section${id ? html` id="${id}"` : ''}><h2>${title}</h2>${body}</section>`;
}

function list(items: readonly (string | SafeHtml)[], empty = 'none'): SafeHtml {
  return items.length > 0
    ? html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`
    : html`<p class="muted">${empty}</p>`;
}

function decisionForm(d: AdPageData, viewer: Viewer): SafeHtml {
  if (!canDecide(viewer)) return html`<p class="muted">Researchers can read but not decide.</p>`;
  return html`<form method="post" action="${adPath(d.ad.id)}/decisions" class="decide">
<input type="hidden" name="_csrf" value="${viewer.csrf}">
<input type="hidden" name="openedAt" value="${d.openedAt}">
<fieldset><legend>Decision</legend>
<label><input type="radio" name="decision" value="confirmed" required> Confirm risk</label>
<label><input type="radio" name="decision" value="dismissed"> Dismiss</label>
<label><input type="radio" name="decision" value="escalated"> Escalate</label>
<label><input type="radio" name="decision" value="reported"> Mark reported to an authority</label>
<label><input type="radio" name="decision" value="comment"> Comment only</label>
</fieldset>
<label>Reason (required to dismiss) <input name="reason" maxlength="1000"></label>
<label>Authority reference (required when reported) <input name="reference" maxlength="200"></label>
<label>Comment <textarea name="comment" rows="3" maxlength="4000"></textarea></label>
<button type="submit">Record</button>
</form>`;
}

function entities(ad: AdPresentation): SafeHtml {
  const e = ad.entities;
  const note = ad.contactsPseudonymised
    ? html`<p class="muted">Contacts are shown as keyed pseudonyms.</p>`
    : '';
  return html`${note}<dl class="entities">
<dt>Phones</dt><dd>${list(e.phones)}</dd>
<dt>Emails</dt><dd>${list(e.emails)}</dd>
<dt>Handles</dt><dd>${list(e.handles.map((h) => `${h.platform}: ${h.value}`))}</dd>
<dt>Stated ages</dt><dd>${list(e.ages.map(String))}</dd>
${ad.contactsPseudonymised ? '' : html`<dt>Contacts as written</dt><dd>${list(ad.rawContacts)}</dd>`}
</dl>`;
}

function images(d: AdPageData): SafeHtml {
  const { ad } = d;
  if (ad.images.length === 0) return html`<p class="muted">No images.</p>`;
  const items = ad.images.map((img) => {
    const viewable = !d.imagesWithheld && d.viewableImages.has(img.sha256);
    const src = `${adPath(ad.id)}/images/${encodeURIComponent(img.sha256)}`;
    return html`<li><div class="hash">SHA-256 ${img.sha256}${img.phash ? ` · pHash ${img.phash}` : ''}</div>
<div>OCR text: ${img.ocrText ? html`<pre class="ocr">${img.ocrText}</pre>` : html`<span class="muted">none</span>`}</div>
${viewable ? html`<div class="reveal-box"><button type="button" class="reveal" data-src="${src}">Show image</button> <a href="${src}" target="_blank" rel="noopener noreferrer">open separately</a></div>` : ''}</li>`;
  });
  return html`${d.imagesWithheld ? html`<p class="withheld">${d.imagesWithheld}</p>` : html`<p class="muted">Images stay hidden until you ask to see one.</p>`}<ul class="images">${items}</ul>`;
}

function siteSection(site: SiteDoc | null, mask: Masker): SafeHtml {
  if (!site) return html`<p class="muted">Site not mapped yet.</p>`;
  const c = site.compliance;
  const yesNo = (v: boolean | undefined) => (v ? 'yes' : 'no');
  return html`<dl>
<dt>Host</dt><dd>${site.host}</dd><dt>Type</dt><dd>${site.type.replaceAll('_', ' ')}</dd>
<dt>Country</dt><dd>${site.country ?? '—'}${site.countryBasis ? ` (from ${site.countryBasis})` : ''}</dd>
<dt>Languages</dt><dd>${site.languages.join(', ') || '—'}</dd>
<dt>Age gate</dt><dd>${c?.ageGate?.value ?? '—'}</dd>
<dt>Report mechanism</dt><dd>${yesNo(c?.reportMechanism?.value)}${c?.reportMechanism?.url ? ` (${c.reportMechanism.url})` : ''}</dd>
<dt>Terms / privacy</dt><dd>${c?.termsUrl ?? '—'} / ${c?.privacyUrl ?? '—'}</dd>
<dt>Contact point</dt><dd>${c?.contactPoint ? mask(c.contactPoint.value) : '—'}</dd>
<dt>Advertiser verification claimed</dt><dd>${yesNo(c?.advertiserVerification?.claimed)}</dd>
<dt>Anti-trafficking notice</dt><dd>${yesNo(c?.antiTraffickingNotice?.value)}</dd>
<dt>robots.txt</dt><dd>${c?.robotsTxt?.present ? `present, ${c.robotsTxt.disallows.length} disallow rules` : 'absent'}</dd>
</dl>`;
}

function evidence(d: AdPageData): SafeHtml {
  const ev = d.ad.evidence;
  if (!ev) return html`<p class="muted">No captured evidence (imported ad or purged).</p>`;
  const shot = ev.screenshot && !d.imagesWithheld;
  const src = `${adPath(d.ad.id)}/screenshot`;
  return html`<dl><dt>Captured</dt><dd>${formatDate(ev.capturedAt)}</dd><dt>SHA-256</dt><dd class="hash">${ev.sha256}</dd></dl>
${shot ? html`<div class="reveal-box"><button type="button" class="reveal" data-src="${src}">Show screenshot</button> <a href="${src}" target="_blank" rel="noopener noreferrer">open separately</a></div>` : ''}
${
  d.snapshotText !== null
    ? html`<details><summary>Stored page source (shown as text, never rendered${d.snapshotTruncated ? '; truncated' : ''})</summary><pre class="snapshot">${d.snapshotText}</pre></details>`
    : html`<p class="muted">${d.ad.contactsPseudonymised ? 'The stored page is not shown to researchers: it holds contacts.' : 'The stored page is not available.'}</p>`
}`;
}

function history(d: AdPageData): SafeHtml {
  return list(
    d.history.map(
      (h) =>
        html`<strong>${formatDate(h.at)}</strong> (run ${h.runId}) replaced: <em>${d.mask(h.previous.title ?? '')}</em><pre class="prev">${d.mask(h.previous.text ?? '')}</pre>`,
    ),
    'No changes seen across recrawls.',
  );
}

function reviews(d: AdPageData, viewer: Viewer): SafeHtml {
  return list(
    d.reviews.map(
      (r) =>
        html`<strong>${r.decision}</strong> by ${r.user} at ${formatDate(r.at)}${r.durationMs !== undefined ? ` after ${Math.round(r.durationMs / 1000)} s` : ''}${r.reason ? html` · reason: ${d.mask(r.reason)}` : ''}${r.reference && viewer.role !== 'researcher' ? html` · reference: ${r.reference}` : ''}${r.comment ? html`<br>${d.mask(r.comment)}` : ''}`,
    ),
    'No decisions yet.',
  );
}

export function adPage(viewer: Viewer, d: AdPageData) {
  const { ad } = d;
  const text = ad.text ?? '';
  const body = html`<header class="ad-head">
<h1>${ad.title || ad.name || ad.id}</h1>
<p>${riskBadge(ad.level, ad.urgent, ad.risk)} <span class="timeframe">Suggested: ${timeFrame(ad.level, ad.urgent)}</span> · decision: <strong>${ad.reviewStatus}</strong></p>
<p class="meta">${ad.site} · ${ad.city ?? 'city unknown'} · ${ad.language ?? '—'} · first seen ${formatDate(ad.firstSeen)} · last seen ${formatDate(ad.lastSeen)}${ad.removedAt ? ` · removed ${formatDate(ad.removedAt)}` : ''}${ad.name ? ` · name: ${ad.name}` : ''}</p>
<p class="meta">URL (not a link): <code>${ad.url ?? '—'}</code></p>
</header>
${section('Text', ad.purgedAt ? html`<p class="muted">Purged under the retention policy on ${formatDate(ad.purgedAt)}.</p>` : html`<div class="ad-text">${renderHighlighted(text, highlightRanges(text, ad.indicators))}</div>`, 'text')}
${section(
  'Why it was flagged',
  list(
    ad.indicators.map(
      (i) =>
        html`<span class="code">${i.code}</span> weight ${i.weight.toFixed(2)}: ${i.evidence.map((e) => html`<q>${e}</q> `)}`,
    ),
    'No indicators fired.',
  ),
)}
${section('Decide', decisionForm(d, viewer), 'decide')}
${section('Contacts and entities', entities(ad))}
${section('Images', images(d))}
${section('Site and compliance signals', siteSection(d.site, d.mask))}
${section('Evidence', evidence(d))}
${section('Network', d.graph ? html`<p><a href="/networks/${encodeURIComponent(d.graph.networkId)}">Open network</a></p>${networkSvg(d.graph, (n) => adPath(n.slice(3)))}` : html`<p class="muted">Not linked to other ads.</p>`)}
${section('History across recrawls', history(d))}
${section('Past decisions', reviews(d, viewer))}`;
  return page({ title: ad.title || ad.id, viewer, showsScores: true, body });
}
