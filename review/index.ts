// Public surface of the review stage: the web app and what `adrisk serve` needs to start it.
export { buildApp, DEFAULT_LOGIN_RATE_LIMIT, type ReviewAppOptions } from './app.ts';
export type { ReviewConfig } from './context.ts';
export { resolvePseudonymKey } from './pseudonym-key.ts';
export { RETENTION_ACTOR, type RetentionSchedule, scheduleRetention } from './retention-schedule.ts';
export { RISK_DISCLAIMER } from './risk-bands.ts';
