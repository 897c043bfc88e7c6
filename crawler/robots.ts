// robots.txt, fetched once per origin and cached (bounded), read with robots-parser. Every page,
// redirect hop, sitemap, image and browser subrequest of the crawl is checked here first.
// Per RFC 9309: a 4xx robots.txt means "no rules"; a 5xx or an unreachable one means "crawl nothing
// for now", so the URL is retried later rather than fetched blind.
import robotsParserModule from 'robots-parser';
import { BlockedByRobotsError, RetryableError } from './errors.ts';
import { decodeBody, type Fetcher } from './fetch.ts';

/** robots.txt files larger than this are cut (RFC 9309 asks parsers to read at least 500 KiB). */
export const MAX_ROBOTS_BYTES = 512 * 1024;
/** How long a fetched robots.txt is trusted. */
export const ROBOTS_TTL_MS = 60 * 60 * 1000;
/** How long an unreachable robots.txt blocks its origin before it is asked for again. */
export const ROBOTS_UNAVAILABLE_TTL_MS = 30_000;
/** Origins whose robots.txt are kept in memory at once. */
export const ROBOTS_CACHE_SIZE = 10_000;

// robots-parser is CommonJS: at run time the default import is the function its types call `default`.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;
type Robot = ReturnType<typeof robotsParser>;

export interface RobotsInfo {
  /** False when the site has no robots.txt (4xx). */
  present: boolean;
  /** False when robots.txt could not be read (5xx, network): nothing may be fetched for now. */
  available: boolean;
  disallows: string[];
  sitemaps: string[];
  /** Crawl-delay for our agent, in seconds. */
  crawlDelay?: number;
  robot?: Robot;
  expiresAt: number;
}

export class RobotsUnavailableError extends RetryableError {
  constructor(url: string) {
    super('robots_unavailable', `robots.txt unavailable for ${url}; retrying later`, { url });
  }
}

export interface RobotsCacheOptions {
  fetcher: Fetcher;
  /** The product token robots.txt groups are matched against. */
  userAgent: string;
  /** False only when the user explicitly overrode robots.txt (recorded in the crawl run). */
  respect: boolean;
}

export class RobotsCache {
  private readonly entries = new Map<string, Promise<RobotsInfo>>();
  constructor(private readonly options: RobotsCacheOptions) {}

  /** robots.txt of the URL's origin (fetched at most once per TTL, concurrent callers share it). */
  async info(url: string): Promise<RobotsInfo> {
    const origin = new URL(url).origin;
    const cached = this.entries.get(origin);
    if (cached) {
      const info = await cached;
      if (info.expiresAt > Date.now()) return info;
      this.entries.delete(origin);
    }
    const loading = this.load(origin);
    this.entries.set(origin, loading);
    // A Map iterates in insertion order: dropping the first key evicts the oldest origin.
    if (this.entries.size > ROBOTS_CACHE_SIZE) this.entries.delete(this.entries.keys().next().value!);
    return loading;
  }

  /** Throws BlockedByRobotsError (or RobotsUnavailableError) unless the URL may be fetched. */
  async check(url: string): Promise<void> {
    if (!this.options.respect) return;
    const info = await this.info(url);
    if (!info.available) throw new RobotsUnavailableError(url);
    if (info.robot && info.robot.isAllowed(url, this.options.userAgent) === false) {
      throw new BlockedByRobotsError(url);
    }
  }

  /** Minimum seconds between requests the site asks of us, when it asks. */
  async crawlDelay(url: string): Promise<number | undefined> {
    if (!this.options.respect) return undefined;
    return (await this.info(url)).crawlDelay;
  }

  private async load(origin: string): Promise<RobotsInfo> {
    const robotsUrl = `${origin}/robots.txt`;
    const expiresAt = Date.now() + ROBOTS_TTL_MS;
    let result: Awaited<ReturnType<Fetcher['fetch']>>;
    try {
      result = await this.options.fetcher.fetch({
        url: robotsUrl,
        accept: 'text/plain,*/*;q=0.5',
        maxBodyBytes: MAX_ROBOTS_BYTES,
      });
    } catch {
      return unavailable();
    }
    if (result.status >= 500 || result.status === 429) return unavailable();
    if (result.status >= 400 || result.status < 200 || result.status >= 300) {
      return { present: false, available: true, disallows: [], sitemaps: [], expiresAt };
    }
    const text = decodeBody(result.contentType, result.body);
    const robot = robotsParser(robotsUrl, text);
    return {
      present: true,
      available: true,
      disallows: listDisallows(text),
      sitemaps: robot.getSitemaps().slice(0, 50),
      crawlDelay: robot.getCrawlDelay(this.options.userAgent),
      robot,
      expiresAt,
    };
  }
}

function unavailable(): RobotsInfo {
  return {
    present: false,
    available: false,
    disallows: [],
    sitemaps: [],
    expiresAt: Date.now() + ROBOTS_UNAVAILABLE_TTL_MS,
  };
}

/** Disallow paths as written (any group), for the site's compliance record. */
export function listDisallows(text: string): string[] {
  const out = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*disallow\s*:\s*(\S+)/i.exec(line);
    if (match) out.add(match[1]!.slice(0, 200));
    if (out.size >= 100) break;
  }
  return [...out];
}
