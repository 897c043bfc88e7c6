// One source of truth for configuration: defaults here, then the config file, then environment,
// then flags. Everything is validated with zod; a bad value is a ConfigError naming the field.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, describeIssues } from '../../core/errors.ts';

export const DEFAULT_CONFIG_FILE = 'adrisk.config.json';
export const DEFAULT_DATA_DIR = '.adrisk';

const crawlSchema = z
  .object({
    /** Sent with every request so site operators can reach the researchers. */
    userAgent: z
      .string()
      .min(1)
      .default('adrisk/0.1 (+https://example.org/adrisk-research; research crawler)'),
    contactUrl: z.string().default('https://example.org/adrisk-research'),
    maxPages: z.number().int().positive().default(10_000),
    maxDepth: z.number().int().nonnegative().default(10),
    concurrency: z.number().int().positive().max(256).default(16),
    perHostConcurrency: z.number().int().positive().max(16).default(1),
    /** Requests per second per host; 1 means at least a second between requests. */
    perHostRps: z.number().positive().max(100).default(1),
    render: z.enum(['auto', 'never', 'always']).default('auto'),
    allowPrivateHosts: z.boolean().default(false),
    respectRobots: z.boolean().default(true),
    requestTimeoutMs: z.number().int().positive().default(20_000),
    maxBodyBytes: z
      .number()
      .int()
      .positive()
      .default(5 * 1024 * 1024),
    maxRedirects: z.number().int().nonnegative().max(20).default(5),
    keepImages: z.boolean().default(false),
    chromiumPath: z.string().default('/usr/bin/chromium'),
  })
  .prefault({});

const classifySchema = z
  .object({
    /** Risk at or above which an ad is `high`. */
    highThreshold: z.number().min(0).max(1).default(0.6),
    /** Risk at or above which an ad is `medium`. */
    mediumThreshold: z.number().min(0).max(1).default(0.3),
    /** Jurisdiction profile whose indicator weights apply. */
    profile: z.string().default('default'),
    ocr: z.boolean().default(true),
    /**
     * Risk model file to score with. Absent: the model `adrisk train` made active in the store
     * (`adrisk classify`), else the bundled classifier/model/model-v1.json.
     */
    modelPath: z.string().min(1).optional(),
  })
  .prefault({});

const privacySchema = z
  .object({
    /** Key for pseudonymised exports; never written into an export. Set ADRISK_PSEUDONYM_KEY. */
    pseudonymKey: z.string().optional(),
    /** Days after which snapshots and contacts of dismissed or unflagged ads are purged. */
    retentionDays: z.number().int().positive().default(180),
    /** How often `adrisk serve` runs the retention purge; 0 disables the schedule. */
    purgeIntervalHours: z.number().nonnegative().default(24),
  })
  .prefault({});

const reviewSchema = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(8080),
    /** Mark session cookies Secure even on plain HTTP: set when a TLS proxy fronts the app. */
    secureCookies: z.boolean().default(false),
    /** Trust X-Forwarded-* headers from that proxy (client address for rate limits, https). */
    trustProxy: z.boolean().default(false),
  })
  .prefault({});

export const configSchema = z
  .object({
    /** MongoDB URI; empty means the embedded store in `dataDir`. */
    db: z.string().optional(),
    dataDir: z.string().default(DEFAULT_DATA_DIR),
    crawl: crawlSchema,
    classify: classifySchema,
    privacy: privacySchema,
    review: reviewSchema,
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export interface ConfigSources {
  /** Path given with --config; when absent, ./adrisk.config.json is read if it exists. */
  configFile?: string;
  env?: NodeJS.ProcessEnv;
  /** Global flags that override the file and environment. */
  flags?: { db?: string; dataDir?: string };
}

/** Loads and validates the configuration. Throws ConfigError with the offending field. */
export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? process.env;
  const file = sources.configFile ?? env.ADRISK_CONFIG ?? DEFAULT_CONFIG_FILE;
  let raw: Record<string, unknown> = {};
  const explicit = sources.configFile !== undefined || env.ADRISK_CONFIG !== undefined;
  if (existsSync(file)) {
    try {
      raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`config file ${resolve(file)} is not valid JSON: ${(error as Error).message}`);
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new ConfigError(`config file ${resolve(file)} must hold a JSON object`);
    }
  } else if (explicit) {
    throw new ConfigError(`config file ${resolve(file)} does not exist`);
  }
  const merged: Record<string, unknown> = { ...raw };
  if (env.MONGODB_URI) merged.db = env.MONGODB_URI;
  if (env.ADRISK_DATA_DIR) merged.dataDir = env.ADRISK_DATA_DIR;
  if (env.ADRISK_PSEUDONYM_KEY) {
    merged.privacy = { ...((raw.privacy as object) ?? {}), pseudonymKey: env.ADRISK_PSEUDONYM_KEY };
  }
  if (sources.flags?.db) merged.db = sources.flags.db;
  if (sources.flags?.dataDir) merged.dataDir = sources.flags.dataDir;
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(`invalid configuration (${file}): ${describeIssues(parsed.error.issues)}`);
  }
  if (parsed.data.classify.mediumThreshold > parsed.data.classify.highThreshold) {
    throw new ConfigError(
      'invalid configuration: classify.mediumThreshold must not exceed classify.highThreshold',
    );
  }
  if (parsed.data.db !== undefined && !/^mongodb(\+srv)?:\/\//.test(parsed.data.db)) {
    throw new ConfigError(
      `invalid database URI "${parsed.data.db}": it must start with mongodb:// or mongodb+srv://`,
    );
  }
  return parsed.data;
}
