// Public surface of the reporting stage: exports, the mapping report, case packages, retention.
export { buildCasePackage, type CaseOptions, type CaseResult, MAX_CASE_ADS } from './case/build-case.ts';
export { type Manifest, type VerifyResult, verifyCasePackage } from './case/manifest.ts';
export { type AdExportRecord, adExportRecord } from './exports/ad-record.ts';
export { type CandidateExportRecord, candidateExportRecord } from './exports/candidate-record.ts';
export { csvCell, csvRow } from './exports/csv.ts';
export { type NetworkExportRecord, networkExportRecord } from './exports/network-record.ts';
export { type ExportFormat, type ExportKind, type ExportOptions, runExport } from './exports/run-export.ts';
export { NO_INDICATORS_OBSERVED, type SiteExportRecord, siteExportRecord } from './exports/site-record.ts';
export { type IndicatorStat, indicatorStats, POSITIVE_DECISIONS, wilsonInterval } from './indicator-stats.ts';
export { gatherReportData, type Methodology, type ReportData, renderReport } from './report/index.ts';
export { KEPT_DECISIONS, type PurgeOptions, type PurgeResult, purgeExpired } from './retention/purge.ts';
