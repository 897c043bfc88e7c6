// The shapes of the documents adrisk keeps in MongoDB, shared by every stage. Storage knows nothing
// of scoring rules: a score is stored as the plain data the classifier returned.
// Ids are stable (see core/ids.ts) so that re-running any step upserts instead of duplicating.
import type { StoredBytes } from './binary.ts';

export const COLLECTIONS = {
  sites: 'sites',
  candidates: 'site_candidates',
  pages: 'pages',
  snapshots: 'snapshots',
  imageBlobs: 'image_blobs',
  ads: 'ads',
  adHistory: 'ad_history',
  networks: 'networks',
  frontier: 'frontier',
  hosts: 'hosts',
  crawlRuns: 'crawl_runs',
  reviews: 'reviews',
  users: 'users',
  sessions: 'sessions',
  audit: 'audit_log',
  meta: 'meta',
  /** Contacts (and images) seen on too many unrelated ads to link through, e.g. a site's support number. */
  guardedContacts: 'guarded_contacts',
} as const;

/** Where a signal was found: every mapping and compliance signal keeps its URL and text. */
export interface SignalEvidence {
  url: string;
  text: string;
}

export interface ComplianceSignals {
  ageGate: { value: 'none' | 'click_through' | 'verification'; evidence?: SignalEvidence };
  reportMechanism: { value: boolean; url?: string; evidence?: SignalEvidence };
  termsUrl?: string;
  privacyUrl?: string;
  contactPoint?: { value: string; evidence?: SignalEvidence };
  advertiserVerification: { claimed: boolean; evidence?: SignalEvidence };
  antiTraffickingNotice: { value: boolean; evidence?: SignalEvidence };
  robotsTxt: { present: boolean; disallows: string[] };
}

export const SITE_TYPES = [
  'escort_directory',
  'classifieds',
  'agency',
  'webcam',
  'review_forum',
  'dating',
  'massage',
  'other',
] as const;
export type SiteType = (typeof SITE_TYPES)[number];

export interface SiteDoc {
  _id: string; // host (lower-case, with port when not default)
  host: string;
  url: string;
  country?: string;
  countryBasis?: 'seed' | 'tld' | 'language' | 'phone_prefix';
  type: SiteType;
  typeEvidence?: SignalEvidence[];
  explicitness?: 'explicit' | 'non_explicit';
  languages: string[];
  cities: string[];
  adsFound: number;
  adsHighRisk: number;
  firstCrawled: Date;
  lastCrawled: Date;
  compliance: ComplianceSignals;
  /** Set when the crawler had to pass a gate or render with a browser. */
  rendering?: { needsBrowser: boolean; ageGatePassed: boolean };
}

/**
 * A site linked from mapped sites, waiting for (or after) the discovery classifier's decision.
 * `queued`: recorded, not yet decided; `mapped`: its front page was queued as a seed;
 * `rejected`: not a marketplace of the kind studied (or too many hops from the seeds);
 * `over_budget`: a marketplace, but the run's host budget was spent.
 */
export interface CandidateDoc {
  _id: string; // host (lower-case, with port when not default)
  host: string;
  /** Its front page (scheme and host of the first link seen to it). */
  url: string;
  /** Where links to it were found (bounded; the first ones seen). */
  foundOn: Array<{ url: string; anchorText: string }>;
  firstSeen: Date;
  lastSeen: Date;
  /** Discovery hops from a seed site: 1 when linked from a seed site. */
  hops: number;
  /** 0..1, from the classifier (0 until decided). */
  score: number;
  isMarketplace: boolean;
  /** The classifier's reasons, then the expansion decision's. */
  reasons: string[];
  status: 'queued' | 'mapped' | 'rejected' | 'over_budget';
  decidedAt?: Date;
  /** The run that decided it. */
  runId?: string;
  /** The run that queued its front page through discovery (counted against that run's budget). */
  expandedIn?: string;
}

/** A captured copy of a response body, compressed; referenced by sha256 of the raw body. */
export interface SnapshotDoc {
  _id: string; // sha256 of the raw body
  contentType: string;
  encoding: 'gzip';
  body: StoredBytes; // gzip of the raw body
  size: number; // raw size in bytes
  /** Optional WARC record (gzip) holding request/response headers and body. */
  warc?: StoredBytes;
  screenshot?: StoredBytes; // PNG, when the page was rendered
}

export interface EvidenceRef {
  sha256: string;
  capturedAt: Date;
  /** Snapshot id in `snapshots` (same as sha256 when the body was kept). */
  snapshot: string;
  url?: string;
  status?: number;
  headers?: Record<string, string>;
  screenshot?: boolean;
}

export interface AdImage {
  url?: string;
  sha256: string;
  /** 64-bit perceptual hash as 16 hex chars. */
  phash?: string;
  ocrText?: string;
}

/** What the classifier last said about an ad (classifier/types.ts ScoreResult, stored). */
export interface StoredScore {
  risk: number;
  level: 'high' | 'medium' | 'low';
  urgent: boolean;
  indicators: Array<{ code: string; weight: number; evidence: string[]; rules?: string[] }>;
  entities: {
    phones: string[];
    emails: string[];
    handles: Array<{ platform: string; value: string }>;
    ages: number[];
    prices?: Array<{ amount: number; currency: string; minutes?: number; raw: string }>;
  };
  language: string;
  model: { probability: number; version: string };
  lexiconVersion: string;
  scoredAt: Date;
}

export interface ReviewSummary {
  decision: 'confirmed' | 'dismissed' | 'escalated' | 'reported';
  by: string;
  at: Date;
  reason?: string;
  reference?: string;
}

export interface AdDoc {
  _id: string; // stableId('ad', site, url) for crawled ads; the input id for imported ads
  source: 'crawl' | 'import';
  site: string; // host
  siteType?: SiteType;
  url?: string;
  title?: string;
  text?: string;
  name?: string;
  statedAge?: number;
  city?: string;
  country?: string;
  price?: { amount: number; currency: string; minutes?: number };
  /** Contacts as extracted from the page before normalisation (links, tel:, visible text). */
  rawContacts?: string[];
  images: AdImage[];
  postedAt?: Date;
  firstSeen: Date;
  lastSeen: Date;
  /** Set by a recrawl that no longer finds the ad; cleared when it reappears. */
  removedAt?: Date;
  evidence?: EvidenceRef;
  crawlRunId?: string;
  /** sha256 of title+text: a change triggers rescoring and an ad_history entry. */
  contentHash: string;
  score?: StoredScore;
  // Flattened for index-backed queue filters and sorts.
  risk?: number;
  level?: 'high' | 'medium' | 'low';
  urgent?: boolean;
  indicatorCodes?: string[];
  language?: string;
  networkId?: string;
  review?: ReviewSummary;
  reviewStatus?: 'pending' | ReviewSummary['decision'];
  /** A reviewer released a held case: retention applies to it again. */
  released?: boolean;
  /** Set by `adrisk purge`: text, contacts and snapshot were deleted under the retention policy. */
  purgedAt?: Date;
  /** contentHash the stored score was computed from; differing means the ad needs rescoring. */
  scoredContentHash?: string;
  /** MinHash signature of the ad's template text (base64), for near-duplicate text linking. */
  textSignature?: string;
  /** Fingerprint of the network indicators in the stored score; differing means rescoring. */
  networkHitsHash?: string;
}

export interface NetworkLink {
  type: 'phone' | 'handle' | 'email' | 'image' | 'text';
  value: string;
  ads: string[];
  /** Why the ads are linked: e.g. "pHash distance 2–4 of 64 bits", "estimated Jaccard 0.81–0.93". */
  evidence?: string;
}

export interface NetworkDoc {
  _id: string; // networkId
  ads: string[];
  size: number;
  sites: string[];
  cities: string[];
  names: string[];
  phones: string[];
  handles: string[];
  links: NetworkLink[];
  risk: { max: number; mean: number };
  updatedAt: Date;
  createdAt?: Date;
  /** Ids of networks merged into this one when new links joined them. */
  mergedFrom?: string[];
}

export interface GuardedContactDoc {
  _id: string; // `${type}:${value}`
  type: 'phone' | 'email' | 'handle' | 'image';
  value: string;
  ads: number;
  reason: 'site_chrome' | 'site_concentration' | 'too_frequent';
  site?: string;
  updatedAt: Date;
}

export type UserRole = 'admin' | 'analyst' | 'researcher';

export interface UserDoc {
  _id: string; // username
  role: UserRole;
  passwordHash: string;
  createdAt: Date;
  disabled?: boolean;
}

export interface ReviewDoc {
  _id: string;
  adId: string;
  user: string;
  decision: ReviewSummary['decision'] | 'comment';
  reason?: string;
  reference?: string;
  comment?: string;
  /** Time from opening the ad to deciding, for measuring review effort. */
  durationMs?: number;
  at: Date;
}

export interface AuditDoc {
  _id: string;
  at: Date;
  user: string; // username, or `cli:<os user>` for CLI actions
  action: string; // login, logout, view_ad, view_network, decide, export, purge, user_add, …
  target?: string;
  details?: Record<string, unknown>;
}
