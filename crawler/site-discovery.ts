// Discovery of new sites, engine side: every page's links to other hosts are recorded as
// candidate sites with where they were found; with `--discover`, when this worker runs out of
// work, the discovery classifier (crawler/discovery) scores the undecided candidates on their
// anchors and front page, and those it accepts, within the run's host budget, have their front
// page queued as a seed of the same run (robots.txt and the address guard apply as to any URL).
import { type CandidateDoc, type CandidateSighting, MAX_CANDIDATE_FOUND_ON } from '../storage/index.ts';
import {
  type CandidateScore,
  DEFAULT_MAX_HOPS,
  type ExpandPolicy,
  isPlatformHost,
  pickExpansions,
  scoreCandidate,
  shouldExpand,
} from './analysis/index.ts';
import type { FetchedPage } from './types.ts';
import { canonicalizeUrl, hostOf } from './url.ts';
import { asFetchedPage, politeGet, type VisitContext } from './visit.ts';

/** Candidates scored per discovery round (each may cost one front-page fetch). */
export const DISCOVERY_BATCH = 20;
/** Discovered front pages come after seeds (10) and before ordinary links (-depth). */
const DISCOVERED_SEED_PRIORITY = 5;
/** Candidate hosts (hops, sightings) remembered per worker. */
const CANDIDATE_CACHE_SIZE = 10_000;
/** Front pages read for scoring are smaller than crawled pages need to be. */
const FRONT_PAGE_MAX_BYTES = 1024 * 1024;

/** Records the other hosts a page links to as candidate sites, with the page and the link's words. */
export async function recordCandidates(
  ctx: VisitContext,
  page: { url: string; host: string },
  anchors: Array<{ url: string; anchorText: string }>,
): Promise<void> {
  const byHost = new Map<string, { url: string; anchorText: string }>();
  for (const anchor of anchors) {
    const url = canonicalizeUrl(anchor.url);
    if (!url) continue;
    const host = hostOf(url);
    if (host === page.host || (ctx.candidateSightings.get(host) ?? 0) >= MAX_CANDIDATE_FOUND_ON) continue;
    const seen = byHost.get(host);
    if (!seen) byHost.set(host, { url: new URL(url).origin + '/', anchorText: anchor.anchorText });
    // The most telling words for the classifier: the first non-empty anchor text.
    else if (!seen.anchorText && anchor.anchorText) seen.anchorText = anchor.anchorText;
  }
  if (byHost.size === 0) return;
  for (const host of byHost.keys()) {
    ctx.candidateSightings.set(host, (ctx.candidateSightings.get(host) ?? 0) + 1);
    if (ctx.candidateSightings.size > CANDIDATE_CACHE_SIZE)
      ctx.candidateSightings.delete(ctx.candidateSightings.keys().next().value!);
  }
  const hops = (await hopsOf(ctx, page.host)) + 1;
  const sightings: CandidateSighting[] = [...byHost].map(([host, link]) => ({
    host,
    url: link.url,
    hops,
    foundOn: [{ url: page.url, anchorText: link.anchorText }],
  }));
  await ctx.candidates.record(sightings);
}

async function hopsOf(ctx: VisitContext, host: string): Promise<number> {
  let hops = ctx.candidateHops.get(host);
  if (hops === undefined) {
    hops = await ctx.candidates.hopsOf(host);
    ctx.candidateHops.set(host, hops);
    if (ctx.candidateHops.size > CANDIDATE_CACHE_SIZE)
      ctx.candidateHops.delete(ctx.candidateHops.keys().next().value!);
  }
  return hops;
}

/** The front page of a candidate as the classifier reads it, or why it could not be read. */
async function frontPage(ctx: VisitContext, url: string): Promise<FetchedPage | string> {
  try {
    await ctx.robots.check(url);
    return asFetchedPage(await politeGet(ctx, url, { maxBodyBytes: FRONT_PAGE_MAX_BYTES, patient: true }));
  } catch (error) {
    return `front page not read: ${String((error as Error)?.message ?? error).slice(0, 200)}`;
  }
}

interface Scored extends CandidateScore {
  doc: CandidateDoc;
  host: string;
  hops: number;
  known: boolean;
}

/**
 * One discovery round: scores up to DISCOVERY_BATCH undecided candidates, queues the front pages
 * of those accepted within the host budget, and stores every decision with its reasons.
 * Returns how many front pages were queued.
 */
export async function discoverSites(ctx: VisitContext): Promise<number> {
  // With the budget spent, candidates stay undecided for a later run rather than each costing a
  // front-page fetch only to be turned down.
  const hostsAdded = await ctx.candidates.countMapped(ctx.runId);
  if (hostsAdded >= ctx.options.maxNewSites) return 0;
  const undecided = await ctx.candidates.undecided(DISCOVERY_BATCH);
  if (undecided.length === 0) return 0;
  const scored: Scored[] = [];
  for (const doc of undecided) {
    if (ctx.signal.aborted) break;
    // A host this run already crawls (a seed, or one reached another way) needs no expansion.
    const known =
      ctx.hostsSeen.has(doc.host) ||
      (await ctx.frontier.repo.col.findOne(
        { host: doc.host, runId: ctx.runId },
        { projection: { _id: 1 } },
      )) !== null;
    const candidate = { host: doc.host, foundOn: doc.foundOn };
    let score = scoreCandidate(candidate);
    // Its front page is read only when the links alone cannot settle it.
    if (!known && !isPlatformHost(doc.host)) {
      const page = await frontPage(ctx, doc.url);
      score =
        typeof page === 'string'
          ? { ...score, reasons: [...score.reasons, page] }
          : scoreCandidate(candidate, page);
    }
    scored.push({ ...score, doc, host: doc.host, hops: doc.hops, known });
  }
  const policy: ExpandPolicy = {
    hostBudget: ctx.options.maxNewSites,
    hostsAdded,
    maxHops: DEFAULT_MAX_HOPS,
  };
  const picked = new Set(pickExpansions(scored, policy).map((s) => s.host));
  const spent = policy.hostsAdded + picked.size;
  let queued = 0;
  for (const s of scored) {
    const expand = picked.has(s.host);
    // Unpicked candidates are judged against the budget as this round leaves it.
    const decision = shouldExpand(s, { ...policy, hostsAdded: expand ? policy.hostsAdded : spent });
    const overBudget =
      !expand && !s.known && s.isMarketplace && s.hops <= DEFAULT_MAX_HOPS && spent >= policy.hostBudget;
    const status: CandidateDoc['status'] =
      expand || s.known ? 'mapped' : overBudget ? 'over_budget' : 'rejected';
    const won = await ctx.candidates.decide(
      s.host,
      {
        score: s.score,
        isMarketplace: s.isMarketplace,
        reasons: [...s.reasons, expand ? `queued for mapping: ${decision.reason}` : decision.reason],
        status,
        ...(expand ? { expandedIn: ctx.runId } : {}),
      },
      ctx.runId,
    );
    if (!won || !expand) continue;
    const enqueued = await ctx.frontier.enqueue([
      { url: s.doc.url, depth: 0, priority: DISCOVERED_SEED_PRIORITY, via: 'discovery' as const },
    ]);
    ctx.stats.enqueued += enqueued;
    queued += enqueued;
    ctx.log.info({ host: s.host, score: s.score }, 'discovered site queued');
  }
  return queued;
}
