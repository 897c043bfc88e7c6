// The `export candidates` record: sites linked from mapped sites, with where they were found and
// the discovery classifier's score, reasons and decision, for a researcher to review.
import type { CandidateDoc } from '../../storage/documents.ts';

export interface CandidateExportRecord {
  host: string;
  url: string;
  status: CandidateDoc['status'];
  score: number;
  isMarketplace: boolean;
  reasons: string[];
  hops: number;
  foundOn: Array<{ url: string; anchorText: string }>;
  firstSeen: string;
  lastSeen: string;
  decidedAt: string | null;
  runId: string | null;
}

export function candidateExportRecord(doc: CandidateDoc): CandidateExportRecord {
  return {
    host: doc.host,
    url: doc.url ?? `http://${doc.host}/`,
    status: doc.status,
    score: doc.score ?? 0,
    isMarketplace: doc.isMarketplace ?? false,
    reasons: doc.reasons ?? [],
    hops: doc.hops ?? 1,
    foundOn: (doc.foundOn ?? []).map((f) => ({ url: f.url, anchorText: f.anchorText })),
    firstSeen: doc.firstSeen.toISOString(),
    lastSeen: (doc.lastSeen ?? doc.firstSeen).toISOString(),
    decidedAt: doc.decidedAt?.toISOString() ?? null,
    runId: doc.runId ?? null,
  };
}

export const CANDIDATE_CSV_COLUMNS = [
  'host',
  'url',
  'status',
  'score',
  'isMarketplace',
  'reasons',
  'hops',
  'foundOnUrls',
  'foundOnAnchorTexts',
  'firstSeen',
  'lastSeen',
  'decidedAt',
  'runId',
] as const;

export function candidateCsvValues(r: CandidateExportRecord): unknown[] {
  return [
    r.host,
    r.url,
    r.status,
    r.score,
    r.isMarketplace,
    r.reasons.join(';'),
    r.hops,
    r.foundOn.map((f) => f.url).join(';'),
    r.foundOn.map((f) => f.anchorText.replaceAll(';', ',')).join(';'),
    r.firstSeen,
    r.lastSeen,
    r.decidedAt,
    r.runId,
  ];
}
