// A network page: the graph and its ads, highest risk first.
import type { NetworkGraph } from '../../storage/networks.ts';
import type { Viewer } from '../viewer.ts';
import { riskBadge } from './format.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { networkSvg } from './network-svg.ts';

export function networkPage(
  viewer: Viewer,
  graph: NetworkGraph,
  summary: { size: number; sites: string[]; cities: string[] },
) {
  const ads = graph.nodes.filter((n) => n.kind === 'ad');
  const href = (id: string) => `/ads/${encodeURIComponent(id.slice(3))}`;
  return page({
    title: `Network ${graph.networkId}`,
    viewer,
    showsScores: true,
    body: html`<h1>Network ${graph.networkId}</h1>
<p>${summary.size} ads · sites: ${summary.sites.join(', ') || '—'} · cities: ${summary.cities.join(', ') || '—'}</p>
<p class="hint">Ads are linked by shared contacts, images or near-identical text. A link is a lead for a reviewer, not proof of common control.</p>
${networkSvg(graph, href)}
<h2>Ads</h2>
<ul>${ads.map((n) => html`<li>${riskBadge(n.level, false, n.risk)} <a href="${href(n.id)}">${n.label}</a></li>`)}</ul>`,
  });
}
