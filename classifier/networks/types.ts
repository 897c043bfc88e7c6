// What the networks stage takes and gives: plain records, no database.
import type { Handle } from '../types.ts';

/** An ad as the linker sees it: its contacts, images and text signature, plus context for indicators. */
export interface LinkableAd {
  id: string;
  site: string;
  name?: string;
  age?: number;
  city?: string;
  /** When the ad was posted or first seen (ms since epoch), for movement. */
  time?: number;
  phones?: string[];
  emails?: string[];
  handles?: Handle[];
  images?: Array<{ sha256?: string; phash?: string }>;
  /** MinHash signature of the ad's template text (text-signature.ts), when it has enough text. */
  textSignature?: Uint32Array;
}

export type LinkType = 'phone' | 'email' | 'handle' | 'image' | 'text';

/** One reason ads are in the same network, with its evidence. */
export interface Link {
  type: LinkType;
  /** The shared contact, the image's pHash (or sha256), or the text template's fingerprint. */
  value: string;
  ads: string[];
  /** Human-readable evidence: e.g. "pHash distance ≤ 3", "estimated Jaccard 0.84". */
  evidence?: string;
}

export interface Network {
  /** Member ad ids, sorted. */
  ads: string[];
  links: Link[];
}

export type GuardReason = 'site_chrome' | 'site_concentration' | 'too_frequent';

/** A contact (or image) seen on too many unrelated ads to mean one advertiser: never linked through. */
export interface GuardedContact {
  type: 'phone' | 'email' | 'handle' | 'image';
  value: string;
  ads: number;
  reason: GuardReason;
  /** The site it belongs to, when it is concentrated on one. */
  site?: string;
}

export interface LinkerOptions {
  /** Hamming distance at or below which two pHashes are one image. @default 4 */
  phashThreshold?: number;
  /** Estimated Jaccard at or above which two texts are one template. @default 0.7 */
  textThreshold?: number;
  /** A contact on fewer ads is never guarded by frequency. @default 10 */
  guardMinAds?: number;
  /** Guarded when this share of one site's ads carries it. @default 0.5 */
  guardSiteShare?: number;
  /** Guarded on this many ads whatever the sites. @default 500 */
  guardMaxAds?: number;
  /** Contacts the sites show in their own chrome (header, footer, imprint), as contact keys. */
  siteContacts?: Iterable<string>;
  /** Movement: places counted within this window. @default 14 days */
  movementWindowMs?: number;
  /** Candidates compared per LSH bucket, bounding work on a huge template. @default 200 */
  maxBucketCompare?: number;
}
