// Stable network ids across runs. A network keeps the id its members already carried; when new
// links join several existing networks, the one holding most of the members keeps its id and the
// others are recorded as merged into it. A new network is named after its smallest member id, so
// the same ads always give the same id.
import { stableId } from '../../core/ids.ts';
import type { Network } from './types.ts';

export interface NetworkIdentity {
  id: string;
  network: Network;
  /** Earlier ids whose members now belong to this network (merges). */
  mergedFrom: string[];
  /** True when the membership differs from what the id held before (or the id is new). */
  changed: boolean;
}

export function newNetworkId(smallestAdId: string): string {
  return stableId('net', smallestAdId);
}

/**
 * Gives each network an id from the members' previous ids (`previous(adId)`), and lists the
 * previous ids that no longer name any network (to delete).
 * `previousSize(id)` is how many ads the id held before, to tell an unchanged network.
 */
export function assignNetworkIds(
  networks: Network[],
  previous: (adId: string) => string | undefined,
  previousSize: (networkId: string) => number,
): { identities: NetworkIdentity[]; retired: string[] } {
  // Largest networks choose first, so a split leaves the old id with its larger part.
  const order = [...networks].sort((a, b) => b.ads.length - a.ads.length || (a.ads[0]! < b.ads[0]! ? -1 : 1));
  const taken = new Set<string>();
  const seenPrevious = new Set<string>();
  const identities: NetworkIdentity[] = [];
  for (const network of order) {
    const votes = new Map<string, number>();
    for (const ad of network.ads) {
      const p = previous(ad);
      if (p !== undefined) votes.set(p, (votes.get(p) ?? 0) + 1);
    }
    for (const p of votes.keys()) seenPrevious.add(p);
    const ranked = [...votes.entries()]
      .filter(([id]) => !taken.has(id))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    let id = ranked[0]?.[0] ?? newNetworkId(network.ads[0]!);
    if (taken.has(id)) id = newNetworkId(network.ads[0]!);
    taken.add(id);
    const mergedFrom = ranked.slice(1).map(([p]) => p);
    const kept = votes.get(id) ?? 0;
    const changed = kept !== network.ads.length || previousSize(id) !== network.ads.length;
    identities.push({ id, network, mergedFrom, changed });
  }
  const retired = [...seenPrevious].filter((id) => !taken.has(id));
  return { identities, retired };
}
