// Public surface of the crawler stage.
export { assertSafeUrl, type GuardOptions, isPrivateAddress } from './address-guard.ts';
export { type CrawlDeps, type CrawlProgress, type CrawlSummary, crawl, prepareCrawl } from './crawl.ts';
export * from './errors.ts';
export { DedupCache, Frontier } from './frontier.ts';
export {
  type CrawlOptions,
  type CrawlOptionsInput,
  crawlOptionsSchema,
  type Seed,
  seedSchema,
} from './options.ts';
export { createProgress, type ProgressReporter } from './progress.ts';
export { loadSeedsFile, parseSeeds } from './seeds.ts';
export type * from './types.ts';
export { canonicalizeUrl, hostOf, urlFingerprint } from './url.ts';
