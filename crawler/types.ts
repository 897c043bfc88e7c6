// Boundary types between the crawler's parts: what page analysis finds on a fetched page.
import type { ComplianceSignals, SignalEvidence, SiteType } from '../storage/documents.ts';

/** A fetched page as the analysis functions see it (already decoded to text). */
export interface FetchedPage {
  url: string; // final URL after redirects
  status: number;
  contentType: string;
  html: string;
  headers: Record<string, string>;
  /** True when the body came from Chromium after running the page's scripts. */
  rendered: boolean;
}

/** An ad found on a page by the generic extractor or a site profile. */
export interface ExtractedAd {
  url: string;
  title?: string;
  text?: string;
  name?: string;
  age?: number;
  city?: string;
  price?: { amount: number; currency: string; minutes?: number };
  /** Contact strings as seen: tel:/mailto:/messenger links and visible contact text. */
  contacts: string[];
  /** Absolute image URLs. */
  images: string[];
  postedAt?: string;
  /** How the ad was recognised (microdata, profile:<name>, template, contact-pattern). */
  via: string;
}

export type PageRole = 'ad' | 'listing' | 'index' | 'info' | 'gate' | 'other';

/** What the crawler learns from one page, beyond its links. */
export interface PageAnalysis {
  role: PageRole;
  ads: ExtractedAd[];
  /** Links to follow on the same site (absolute, fragment-free). */
  links: string[];
  /** Links to other hosts: candidate sites for discovery. */
  externalLinks: string[];
  language?: string;
  /** Site-level signals seen on this page (merged per site by the mapper). */
  signals: Partial<ComplianceSignals>;
  typeHints: Array<{ type: SiteType; weight: number; evidence: SignalEvidence }>;
  cities: string[];
  needsBrowser: boolean;
  /** Anchor texts of `externalLinks` (for the discovery classifier's reasons). */
  externalAnchors?: Array<{ url: string; anchorText: string }>;
  /** Explicit vs euphemistic selling words on the page (merged per site into `explicitness`). */
  explicitness?: { explicit: number; euphemistic: number; evidence?: SignalEvidence };
  /** Why ads on this page were kept or dropped (e.g. a furniture listing on a classifieds board). */
  adDecision?: { adult: boolean; reason: string; category?: string };
}
