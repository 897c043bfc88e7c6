// Public surface of the storage stage.

// Crawler repositories (frontier, hosts, runs, pages and evidence, crawled ads, sites).
export * from './ads.ts';
export * from './binary.ts';
export * from './candidates.ts';
export { DEFAULT_DATA_DIR, DEFAULT_DB_NAME, openStore } from './connection.ts';
export * from './crawl-runs.ts';
export * from './documents.ts';
export { ensureIndexes } from './ensure-indexes.ts';
export * from './frontier.ts';
export * from './hosts.ts';
export * from './indexes.ts';
export { MIGRATIONS, type Migration, migrate, SCHEMA_VERSION, schemaVersion } from './migrations.ts';
export * from './pages.ts';
export * from './sites.ts';
export type * from './store.ts';
