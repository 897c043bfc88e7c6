// A network drawn as inline SVG on the server: ads on an outer circle, the contacts and images
// that link them on an inner circle. No force layout and no script: the drawing is deterministic
// and every label is escaped like any other ad content.
import type { NetworkGraph } from '../../storage/networks.ts';
import { html, type SafeHtml } from './html.ts';

const WIDTH = 720;
const HEIGHT = 520;
const OUTER = 220;
const INNER = 110;
/** Beyond this many nodes labels would overlap; hover titles still name every node. */
const MAX_LABELLED = 40;
const LABEL_CHARS = 24;

type Point = { x: number; y: number };

function ring(count: number, radius: number, offset: number): Point[] {
  return Array.from({ length: count }, (_, i) => {
    const angle = offset + (2 * Math.PI * i) / Math.max(1, count);
    return { x: WIDTH / 2 + radius * Math.cos(angle), y: HEIGHT / 2 + radius * Math.sin(angle) };
  });
}

const r1 = (n: number) => Math.round(n * 10) / 10;

export function networkSvg(graph: NetworkGraph, adHref: (adNodeId: string) => string | undefined): SafeHtml {
  const ads = graph.nodes.filter((n) => n.kind === 'ad');
  const entities = graph.nodes.filter((n) => n.kind !== 'ad');
  const pos = new Map<string, Point>();
  const place = (nodes: typeof ads, points: Point[]) => {
    for (const [i, p] of points.entries()) pos.set(nodes[i]!.id, p);
  };
  place(ads, ring(ads.length, OUTER, -Math.PI / 2));
  place(entities, ring(entities.length, entities.length === 1 ? 0 : INNER, -Math.PI / 2 + 0.3));
  const labelled = graph.nodes.length <= MAX_LABELLED;
  const edges = graph.edges.map((e) => {
    const a = pos.get(e.source);
    const b = pos.get(e.target);
    if (!a || !b) return '';
    return html`<line class="edge edge-${e.type}" x1="${r1(a.x)}" y1="${r1(a.y)}" x2="${r1(b.x)}" y2="${r1(b.y)}"/>`;
  });
  const nodes = graph.nodes.map((n) => {
    const p = pos.get(n.id)!;
    const label = n.label.length > LABEL_CHARS ? `${n.label.slice(0, LABEL_CHARS)}…` : n.label;
    const shape =
      n.kind === 'ad'
        ? html`<circle class="node node-ad level-${n.level ?? 'none'}" cx="${r1(p.x)}" cy="${r1(p.y)}" r="9"><title>${n.label}</title></circle>`
        : html`<rect class="node node-${n.kind}" x="${r1(p.x - 7)}" y="${r1(p.y - 7)}" width="14" height="14"><title>${n.kind}: ${n.label}</title></rect>`;
    const text = labelled ? html`<text x="${r1(p.x + 12)}" y="${r1(p.y + 4)}">${label}</text>` : '';
    const href = n.kind === 'ad' ? adHref(n.id) : undefined;
    return href ? html`<a href="${href}">${shape}${text}</a>` : html`${shape}${text}`;
  });
  return html`<svg class="network" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="network graph: ${ads.length} ads, ${entities.length} shared contacts or images">
${edges}${nodes}
</svg>
<p class="legend"><span class="key key-ad"></span> ad <span class="key key-phone"></span> phone <span class="key key-handle"></span> handle <span class="key key-email"></span> email <span class="key key-image"></span> image${graph.truncated ? ' · only the highest-risk ads are drawn' : ''}</p>`;
}
