// Every index adrisk relies on, declared in one place and created idempotently at start-up
// (createIndexes with the same name and key is a no-op). Each queue, filter and claim query in
// adrisk must be backed by one of these.
import { COLLECTIONS } from './documents.ts';

export interface IndexSpec {
  collection: string;
  name: string;
  key: Record<string, 1 | -1>;
  unique?: boolean;
  expireAfterSeconds?: number;
  sparse?: boolean;
  /** Only documents matching it are indexed (adrisk uses `{ path: { $exists: true } }` terms). */
  partialFilterExpression?: Record<string, unknown>;
  /**
   * The first field holds arrays. MongoDB indexes each element (a multikey index); the embedded
   * store keys a whole array as a wildcard that every query re-checks, so there the index would
   * only repeat the queue index at the cost of every write: it is created on MongoDB only.
   */
  multikey?: boolean;
}

export const INDEXES: IndexSpec[] = [
  // Review queue: urgent first, then by risk; filters narrow it.
  { collection: COLLECTIONS.ads, name: 'queue', key: { urgent: -1, risk: -1, _id: 1 } },
  // Filtered queue pages use the queue_<field> indexes below, which also serve equality lookups on
  // their first field (site, networkId, …); every extra ads index costs each write.
  { collection: COLLECTIONS.ads, name: 'last_seen', key: { lastSeen: 1 } },
  { collection: COLLECTIONS.sites, name: 'type', key: { type: 1 } },
  // Crawler. Frontier claim: equality on state, sort by priority, range on nextFetchAt.
  {
    collection: COLLECTIONS.frontier,
    name: 'frontier_claim',
    key: { state: 1, priority: -1, nextFetchAt: 1 },
  },
  // Finding what one lease token won, and releasing it.
  { collection: COLLECTIONS.frontier, name: 'frontier_lease_owner', key: { 'lease.owner': 1 }, sparse: true },
  // Returning expired leases (killed workers) to the queue.
  { collection: COLLECTIONS.frontier, name: 'frontier_lease_expiry', key: { state: 1, 'lease.until': 1 } },
  // Deferring a parked host's URLs.
  { collection: COLLECTIONS.frontier, name: 'frontier_host', key: { host: 1, state: 1 } },
  { collection: COLLECTIONS.crawlRuns, name: 'run_state', key: { state: 1, startedAt: -1 } },
  { collection: COLLECTIONS.pages, name: 'page_host_run', key: { host: 1, runId: 1 } },
  // Discovery: candidate sites waiting for the classifier, oldest first.
  { collection: COLLECTIONS.candidates, name: 'candidate_status', key: { status: 1, firstSeen: 1 } },
  // Takedown tracking: a host's ads not seen by a run.
  { collection: COLLECTIONS.ads, name: 'site_run', key: { site: 1, crawlRunId: 1 } },
  { collection: COLLECTIONS.adHistory, name: 'ad_history_ad', key: { adId: 1, at: -1 } },
  { collection: COLLECTIONS.imageBlobs, name: 'image_processed', key: { processed: 1 } },
  // Review app. Each queue filter has an index that starts with the filtered field and continues
  // with the queue order, so a filtered page is one index range scan in queue order. (On the
  // embedded store an indicator filter walks the queue index instead: see `multikey`.)
  ...['site', 'siteType', 'city', 'language', 'level', 'indicatorCodes', 'networkId', 'reviewStatus'].map(
    (field): IndexSpec => ({
      collection: COLLECTIONS.ads,
      name: `queue_${field}`,
      key: { [field]: 1, urgent: -1, risk: -1, _id: 1 },
      // Most ads belong to no network: leaving them out of this index spares every such ad's
      // write an index update. A filter on one networkId still uses it (it implies the field).
      ...(field === 'networkId' ? { partialFilterExpression: { networkId: { $exists: true } } } : {}),
      ...(field === 'indicatorCodes' ? { multikey: true } : {}),
    }),
  ),
  { collection: COLLECTIONS.reviews, name: 'reviews_ad', key: { adId: 1, at: -1 } },
  { collection: COLLECTIONS.audit, name: 'audit_time', key: { at: -1, _id: -1 } },
  { collection: COLLECTIONS.audit, name: 'audit_user', key: { user: 1, at: -1, _id: -1 } },
  { collection: COLLECTIONS.audit, name: 'audit_action', key: { action: 1, at: -1, _id: -1 } },
  // Expired sessions are removed by MongoDB's TTL monitor; reads check expiry too.
  { collection: COLLECTIONS.sessions, name: 'session_expiry', key: { expiresAt: 1 }, expireAfterSeconds: 0 },
  { collection: COLLECTIONS.sessions, name: 'session_user', key: { user: 1 } },
];
