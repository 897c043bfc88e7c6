// What a viewer may see of an ad, built in one place for every route (pages, JSON API, exports):
// analysts and admins see contacts; researchers get keyed pseudonyms and masked free text.
import type { Pseudonymizer } from '../core/pseudonym.ts';
import type { AdExportRecord } from '../reporting/index.ts';
import type { AdDoc, ReviewSummary } from '../storage/index.ts';
import { pseudonymizeContacts, textMasker } from './redact.ts';
import { seesContacts, type Viewer } from './viewer.ts';

/** Indicators whose evidence is itself a contact detail: withheld from researchers. */
const CONTACT_EVIDENCE_CODES = new Set(['coded_language', 'shared_contact']);
const WITHHELD = '[withheld: contact detail]';

export interface AdPresentation {
  id: string;
  site: string;
  siteType: string | null;
  url: string | null;
  title: string | null;
  name: string | null;
  text: string | null;
  city: string | null;
  country: string | null;
  language: string | null;
  risk: AdExportRecord['risk'];
  level: AdExportRecord['level'];
  urgent: boolean;
  /** The same shapes as the `export ads` contract, so the API and exports cannot drift apart. */
  indicators: AdExportRecord['indicators'];
  entities: AdExportRecord['entities'];
  /** Contacts as the page wrote them; only for viewers who see contacts. */
  rawContacts: string[];
  images: Array<{ sha256: string; phash: string | null; ocrText: string | null }>;
  evidence: { sha256: string; capturedAt: string; snapshot: string; screenshot: boolean } | null;
  firstSeen: string;
  lastSeen: string;
  removedAt: string | null;
  purgedAt: string | null;
  networkId: string | null;
  reviewStatus: string;
  review: ReviewSummary | null;
  contactsPseudonymised: boolean;
}

export type Masker = (text: string) => string;

/** The masker for an ad's free text under this viewer (identity for analysts and admins). */
export function maskerFor(ad: AdDoc, viewer: Viewer): Masker {
  if (seesContacts(viewer)) return (s) => s;
  const e = ad.score?.entities;
  return textMasker({
    phones: e?.phones ?? [],
    emails: e?.emails ?? [],
    handles: e?.handles ?? [],
    raw: ad.rawContacts ?? [],
  });
}

export function presentAd(ad: AdDoc, viewer: Viewer, ps: Pseudonymizer): AdPresentation {
  const open = seesContacts(viewer);
  const mask = maskerFor(ad, viewer);
  const maybe = (s: string | undefined) => (s === undefined ? null : mask(s));
  const e = ad.score?.entities ?? { phones: [], emails: [], handles: [], ages: [] };
  const contacts = open
    ? { phones: e.phones, emails: e.emails, handles: e.handles }
    : pseudonymizeContacts(e, ps);
  const review = ad.review
    ? {
        ...ad.review,
        ...(ad.review.reason ? { reason: mask(ad.review.reason) } : {}),
        // Report references can name the authority's case: not for research use.
        ...(open ? {} : { reference: undefined }),
      }
    : null;
  return {
    id: ad._id,
    site: ad.site,
    siteType: ad.siteType ?? null,
    url: maybe(ad.url),
    title: maybe(ad.title),
    name: open ? (ad.name ?? null) : ad.name ? ps(`name:${ad.name}`) : null,
    text: maybe(ad.text),
    city: ad.city ?? null,
    country: ad.country ?? null,
    language: ad.language ?? ad.score?.language ?? null,
    risk: ad.risk ?? ad.score?.risk ?? null,
    level: ad.level ?? ad.score?.level ?? null,
    urgent: Boolean(ad.urgent ?? ad.score?.urgent),
    indicators: (ad.score?.indicators ?? []).map((i) => ({
      code: i.code,
      weight: i.weight,
      evidence: open ? i.evidence : CONTACT_EVIDENCE_CODES.has(i.code) ? [WITHHELD] : i.evidence.map(mask),
    })),
    entities: { ...contacts, ages: e.ages },
    rawContacts: open ? (ad.rawContacts ?? []) : [],
    images: ad.images.map((img) => ({
      sha256: img.sha256,
      phash: img.phash ?? null,
      ocrText: img.ocrText === undefined ? null : mask(img.ocrText),
    })),
    evidence: ad.evidence
      ? {
          sha256: ad.evidence.sha256,
          capturedAt: ad.evidence.capturedAt.toISOString(),
          snapshot: ad.evidence.snapshot,
          screenshot: Boolean(ad.evidence.screenshot),
        }
      : null,
    firstSeen: ad.firstSeen.toISOString(),
    lastSeen: ad.lastSeen.toISOString(),
    removedAt: ad.removedAt?.toISOString() ?? null,
    purgedAt: ad.purgedAt?.toISOString() ?? null,
    networkId: ad.networkId ?? null,
    reviewStatus: ad.reviewStatus ?? 'pending',
    review,
    contactsPseudonymised: !open,
  };
}
