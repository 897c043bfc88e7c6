// The `export ads` record of ../shared/CONTRACTS.md, built from a stored ad. The same mapping feeds
// JSONL, CSV and case packages, so the fields cannot drift between them.
import type { Pseudonymizer } from '../../core/pseudonym.ts';
import type { AdDoc } from '../../storage/documents.ts';
import { pseudonymizeEntities, scrubContacts } from './pseudonymize.ts';

export interface AdExportRecord {
  id: string;
  risk: number | null;
  level: 'high' | 'medium' | 'low' | null;
  urgent: boolean;
  indicators: Array<{ code: string; weight: number; evidence: string[] }>;
  entities: {
    phones: string[];
    emails: string[];
    handles: Array<{ platform: string; value: string }>;
    ages: number[];
  };
  language: string | null;
  url: string | null;
  site: string;
  title?: string | null;
  text?: string | null;
  city: string | null;
  networkId: string | null;
  firstSeen: string;
  lastSeen: string;
  removedAt: string | null;
  evidence: { sha256: string; capturedAt: string; snapshot: string } | null;
  review: { decision: string; by?: string; at: string; reason?: string; reference?: string } | null;
}

/** Indicators whose evidence is itself a contact detail; in pseudonymised exports it is withheld. */
const CONTACT_EVIDENCE_CODES = new Set(['coded_language', 'shared_contact']);
const WITHHELD = '[withheld: contact detail]';

export function adExportRecord(ad: AdDoc, ps?: Pseudonymizer): AdExportRecord {
  const score = ad.score;
  const entities = {
    phones: score?.entities.phones ?? [],
    emails: score?.entities.emails ?? [],
    handles: score?.entities.handles ?? [],
    ages: score?.entities.ages ?? [],
  };
  const indicators = (score?.indicators ?? []).map((i) => ({
    code: i.code,
    weight: i.weight,
    evidence: ps
      ? CONTACT_EVIDENCE_CODES.has(i.code)
        ? [WITHHELD]
        : i.evidence.map(scrubContacts)
      : i.evidence,
  }));
  const record: AdExportRecord = {
    id: ad._id,
    risk: score?.risk ?? null,
    level: score?.level ?? null,
    urgent: score?.urgent ?? false,
    indicators,
    entities: ps ? pseudonymizeEntities(entities, ps) : entities,
    language: score?.language ?? ad.language ?? null,
    url: ad.url ?? null,
    site: ad.site,
    city: ad.city ?? null,
    networkId: ad.networkId ?? null,
    firstSeen: ad.firstSeen.toISOString(),
    lastSeen: ad.lastSeen.toISOString(),
    removedAt: ad.removedAt ? ad.removedAt.toISOString() : null,
    evidence: ad.evidence
      ? {
          sha256: ad.evidence.sha256,
          capturedAt: ad.evidence.capturedAt.toISOString(),
          snapshot: ad.evidence.snapshot,
        }
      : null,
    review: ad.review
      ? {
          decision: ad.review.decision,
          ...(ps ? {} : { by: ad.review.by }),
          at: ad.review.at.toISOString(),
          ...(ad.review.reason ? { reason: ps ? scrubContacts(ad.review.reason) : ad.review.reason } : {}),
          ...(ad.review.reference && !ps ? { reference: ad.review.reference } : {}),
        }
      : null,
  };
  // Pseudonymised research exports carry no free ad text: titles and bodies hold names and contacts.
  if (!ps) {
    record.title = ad.title ?? null;
    record.text = ad.text ?? null;
  }
  return record;
}

export const AD_CSV_COLUMNS = [
  'id',
  'risk',
  'level',
  'urgent',
  'indicators',
  'phones',
  'emails',
  'handles',
  'ages',
  'language',
  'url',
  'site',
  'city',
  'title',
  'text',
  'networkId',
  'firstSeen',
  'lastSeen',
  'removedAt',
  'evidence_sha256',
  'evidence_capturedAt',
  'evidence_snapshot',
  'review_decision',
  'review_at',
] as const;

/** One CSV row: list cells joined with `;`, handles as `platform:value`, indicators as codes. */
export function adCsvValues(r: AdExportRecord): unknown[] {
  return [
    r.id,
    r.risk,
    r.level,
    r.urgent,
    r.indicators.map((i) => i.code).join(';'),
    r.entities.phones.join(';'),
    r.entities.emails.join(';'),
    r.entities.handles.map((h) => `${h.platform}:${h.value}`).join(';'),
    r.entities.ages.join(';'),
    r.language,
    r.url,
    r.site,
    r.city,
    r.title,
    r.text,
    r.networkId,
    r.firstSeen,
    r.lastSeen,
    r.removedAt,
    r.evidence?.sha256,
    r.evidence?.capturedAt,
    r.evidence?.snapshot,
    r.review?.decision,
    r.review?.at,
  ];
}
