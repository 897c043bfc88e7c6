// A network graph as a viewer may see it: for researchers, contact nodes are keyed pseudonyms (in
// their ids as well as labels) and ads are labelled by id, since names and titles carry contacts.
import type { Pseudonymizer } from '../core/pseudonym.ts';
import type { NetworkGraph } from '../storage/networks.ts';
import { seesContacts, type Viewer } from './viewer.ts';

const CONTACT_KINDS = new Set(['phone', 'handle', 'email']);

export function presentGraph(graph: NetworkGraph, viewer: Viewer, ps: Pseudonymizer): NetworkGraph {
  if (seesContacts(viewer)) return graph;
  const ids = new Map<string, string>();
  const nodes = graph.nodes.map((n) => {
    if (n.kind === 'ad') {
      const adId = n.id.slice(3);
      ids.set(n.id, n.id);
      return { ...n, label: adId.slice(0, 14) };
    }
    if (!CONTACT_KINDS.has(n.kind)) {
      ids.set(n.id, n.id);
      return n;
    }
    const token = ps(n.id);
    const id = `${n.kind}:${token}`;
    ids.set(n.id, id);
    return { ...n, id, label: token };
  });
  const edges = graph.edges.map((e) => ({
    ...e,
    source: ids.get(e.source) ?? '',
    target: ids.get(e.target) ?? '',
  }));
  return { ...graph, nodes, edges };
}
