// Streams an export from a MongoDB cursor to a file or stdout, one record at a time, so a million
// ads never sit in memory; waits on the stream's backpressure.
import { once } from 'node:events';
import type { Db, Document, Filter } from 'mongodb';
import type { Pseudonymizer } from '../../core/pseudonym.ts';
import {
  type AdDoc,
  type CandidateDoc,
  COLLECTIONS,
  type NetworkDoc,
  type SiteDoc,
} from '../../storage/documents.ts';
import { AD_CSV_COLUMNS, adCsvValues, adExportRecord } from './ad-record.ts';
import { CANDIDATE_CSV_COLUMNS, candidateCsvValues, candidateExportRecord } from './candidate-record.ts';
import { csvRow } from './csv.ts';
import { NETWORK_CSV_COLUMNS, networkCsvValues, networkExportRecord } from './network-record.ts';
import { SITE_CSV_COLUMNS, siteCsvValues, siteExportRecord } from './site-record.ts';

export type ExportKind = 'ads' | 'sites' | 'networks' | 'candidates';
export type ExportFormat = 'jsonl' | 'csv';

export interface ExportOptions {
  kind: ExportKind;
  format: ExportFormat;
  /** Only ads (or networks, by max risk) at or above this risk. */
  minRisk?: number;
  site?: string;
  level?: 'high' | 'medium' | 'low';
  pseudonymizer?: Pseudonymizer;
}

interface Exporter {
  collection: string;
  filter: Filter<Document>;
  columns: readonly string[];
  /** The record as a JSONL line or as CSV cell values. */
  render(doc: Document, format: ExportFormat): string;
}

function renderer<D, R>(toRecord: (doc: D) => R, toCsv: (record: R) => unknown[]) {
  return (doc: Document, format: ExportFormat) => {
    const record = toRecord(doc as D);
    return format === 'csv' ? csvRow(toCsv(record)) : `${JSON.stringify(record)}\n`;
  };
}

function exporterFor(options: ExportOptions): Exporter {
  const ps = options.pseudonymizer;
  switch (options.kind) {
    case 'ads': {
      const filter: Filter<Document> = {};
      if (options.minRisk !== undefined) filter.risk = { $gte: options.minRisk };
      if (options.site) filter.site = options.site;
      if (options.level) filter.level = options.level;
      return {
        collection: COLLECTIONS.ads,
        filter,
        columns: AD_CSV_COLUMNS,
        render: renderer((doc: AdDoc) => adExportRecord(doc, ps), adCsvValues),
      };
    }
    case 'sites':
      return {
        collection: COLLECTIONS.sites,
        filter: options.site ? { host: options.site } : {},
        columns: SITE_CSV_COLUMNS,
        render: renderer((doc: SiteDoc) => siteExportRecord(doc), siteCsvValues),
      };
    case 'networks':
      return {
        collection: COLLECTIONS.networks,
        filter: options.minRisk !== undefined ? { 'risk.max': { $gte: options.minRisk } } : {},
        columns: NETWORK_CSV_COLUMNS,
        render: renderer((doc: NetworkDoc) => networkExportRecord(doc, ps), networkCsvValues),
      };
    case 'candidates':
      return {
        collection: COLLECTIONS.candidates,
        filter: options.site ? { host: options.site } : {},
        columns: CANDIDATE_CSV_COLUMNS,
        render: renderer((doc: CandidateDoc) => candidateExportRecord(doc), candidateCsvValues),
      };
  }
}

/** Writes the export; returns how many records were written. */
export async function runExport(db: Db, options: ExportOptions, out: NodeJS.WritableStream): Promise<number> {
  const exporter = exporterFor(options);
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  if (options.format === 'csv') await write(csvRow(exporter.columns));
  let count = 0;
  // _id order keeps exports stable between runs, which makes them diffable.
  const cursor = db.collection(exporter.collection).find(exporter.filter).sort({ _id: 1 }).batchSize(1000);
  try {
    for await (const doc of cursor) {
      await write(exporter.render(doc, options.format));
      count++;
    }
  } finally {
    await cursor.close();
  }
  return count;
}
