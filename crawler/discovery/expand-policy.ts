// Which candidate sites a `--discover` crawl maps next: marketplaces by score, best first, within
// the host budget (the number of new hosts a run may add), never beyond the depth from the seeds.

export interface ExpandPolicy {
  /** New hosts a run may add through discovery. @default 50 */
  hostBudget: number;
  /** Hosts already added by discovery in this run. */
  hostsAdded: number;
  /** Discovery hops from a seed site at which expansion stops. @default 2 */
  maxHops?: number;
  /** Score a candidate needs. @default MARKETPLACE_THRESHOLD */
  minScore?: number;
}

export const DEFAULT_HOST_BUDGET = 50;
export const DEFAULT_MAX_HOPS = 2;

export interface ExpandDecision {
  expand: boolean;
  reason: string;
}

export function shouldExpand(
  candidate: { host: string; score: number; isMarketplace: boolean; hops?: number; known?: boolean },
  policy: ExpandPolicy,
): ExpandDecision {
  const minScore = policy.minScore ?? 0.5;
  const maxHops = policy.maxHops ?? DEFAULT_MAX_HOPS;
  if (candidate.known) return { expand: false, reason: `${candidate.host} is already mapped or queued` };
  if (!candidate.isMarketplace || candidate.score < minScore) {
    return { expand: false, reason: `score ${candidate.score} below ${minScore}` };
  }
  if ((candidate.hops ?? 1) > maxHops)
    return { expand: false, reason: `${candidate.hops} hops from the seeds (max ${maxHops})` };
  if (policy.hostsAdded >= policy.hostBudget) {
    return { expand: false, reason: `host budget of ${policy.hostBudget} reached` };
  }
  return {
    expand: true,
    reason: `marketplace score ${candidate.score}, within budget (${policy.hostsAdded + 1}/${policy.hostBudget})`,
  };
}

/** Candidates to expand now, best first, as many as the budget allows. */
export function pickExpansions<
  T extends { host: string; score: number; isMarketplace: boolean; hops?: number; known?: boolean },
>(candidates: T[], policy: ExpandPolicy): T[] {
  const picked: T[] = [];
  let added = policy.hostsAdded;
  for (const candidate of [...candidates].sort((a, b) => b.score - a.score)) {
    if (shouldExpand(candidate, { ...policy, hostsAdded: added }).expand) {
      picked.push(candidate);
      added++;
    }
  }
  return picked;
}
