// The crawler's options, validated with zod at the boundary (the CLI and library callers), with
// the defaults documented in one place.
import { z } from 'zod';
import { DEFAULT_HOST_BUDGET } from './discovery/index.ts';

/** Attempts before a URL failing in a retryable way is marked failed. */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** How long a leased batch is held before other workers may take it (renewed while working). */
export const DEFAULT_LEASE_MS = 30_000;
/** Delay before the first retry of a URL; doubles with each attempt. */
export const RETRY_BASE_MS = 2_000;

export const seedSchema = z.object({
  url: z.string().min(1),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'country must be an ISO 3166-1 alpha-2 code')
    .transform((c) => c.toUpperCase())
    .optional(),
});
export type Seed = z.infer<typeof seedSchema>;

export const crawlOptionsSchema = z.object({
  seeds: z.array(seedSchema).default([]),
  maxPages: z.number().int().positive().default(10_000),
  maxDepth: z.number().int().nonnegative().default(10),
  concurrency: z.number().int().positive().max(256).default(16),
  perHostConcurrency: z.number().int().positive().max(16).default(1),
  perHostRps: z.number().positive().max(1000).default(1),
  render: z.enum(['auto', 'never', 'always']).default('auto'),
  resume: z.boolean().default(false),
  allowPrivateHosts: z.boolean().default(false),
  /** Exact addresses allowed despite the guard (tests that need one loopback server only). */
  allowAddresses: z.array(z.string()).default([]),
  /** Wall-clock limit of this worker, in seconds. */
  maxTimeS: z.number().positive().optional(),
  /** False only by explicit user choice (--ignore-robots); recorded in the run. */
  respectRobots: z.boolean().default(true),
  userAgent: z.string().min(1).default('adrisk/0.1 (+https://example.org/adrisk-research; research crawler)'),
  requestTimeoutMs: z.number().int().positive().default(20_000),
  maxBodyBytes: z
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  maxRedirects: z.number().int().nonnegative().max(20).default(5),
  keepImages: z.boolean().default(false),
  downloadImages: z.boolean().default(true),
  chromiumPath: z.string().default('/usr/bin/chromium'),
  renderContexts: z.number().int().positive().max(16).default(2),
  /** Budget of one browser visit (load, scripts, gate); larger than a plain fetch's. */
  renderTimeoutMs: z.number().int().positive().default(30_000),
  maxAttempts: z.number().int().positive().max(20).default(DEFAULT_MAX_ATTEMPTS),
  leaseMs: z.number().int().positive().default(DEFAULT_LEASE_MS),
  /** Retry back-off base; tests shorten it. */
  retryBaseMs: z.number().int().nonnegative().default(RETRY_BASE_MS),
  /** Longest inline wait for a host's clock before the URL is handed back. */
  maxInlineWaitMs: z.number().int().nonnegative().default(3_000),
  /** Map candidate sites linked from mapped sites when the discovery classifier accepts them. */
  discover: z.boolean().default(false),
  /** New hosts one run may add through discovery (the host budget). */
  maxNewSites: z.number().int().nonnegative().default(DEFAULT_HOST_BUDGET),
  /** Identifies this worker in leases; defaults to host:pid:random. */
  workerId: z.string().optional(),
  /** Register SIGINT/SIGTERM handlers (library use; the CLI has its own). */
  handleSignals: z.boolean().default(false),
});

export type CrawlOptions = z.infer<typeof crawlOptionsSchema>;
export type CrawlOptionsInput = z.input<typeof crawlOptionsSchema>;
