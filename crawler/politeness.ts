// Politeness: per-host request slots and clocks kept in MongoDB (storage/hosts.ts) so that every
// worker of a crawl shares one rate limit per host; Crawl-delay honoured; adaptive back-off on
// 429/503 with Retry-After taking precedence; hosts that keep refusing are parked.
import type { HostRepository } from '../storage/index.ts';
import { CrawlError } from './errors.ts';
import type { RobotsCache } from './robots.ts';
import { hostOf } from './url.ts';

/** First back-off after a 429/503 without Retry-After; doubles on each refusal in a row. */
export const THROTTLE_BASE_MS = 5_000;
/** Longest back-off, whatever Retry-After says (a server cannot stall us for days). */
export const THROTTLE_MAX_MS = 10 * 60_000;
/** Refusals in a row after which the host is parked. */
export const PARK_AFTER_REFUSALS = 5;
/** How long a parked host's URLs wait (they stay queued: resumable later). */
export const PARK_MS = 60 * 60_000;
/** Waits shorter than this are slept through; longer ones hand the URL back to the frontier. */
export const MAX_INLINE_WAIT_MS = 3_000;

/** The host cannot take a request now; the URL goes back to the frontier until `waitMs` passed. */
export class HostBusyError extends CrawlError {
  constructor(
    url: string,
    readonly waitMs: number,
    readonly parked: boolean,
  ) {
    super('host_busy', `host of ${url} busy for ${waitMs} ms${parked ? ' (parked)' : ''}`, { url });
  }
}

export interface PolitenessOptions {
  perHostRps: number;
  perHostConcurrency: number;
  /** How long a slot is held at most (request timeout plus margin): a crashed worker's slot frees itself. */
  slotMs: number;
  owner: string;
  maxInlineWaitMs?: number;
}

export interface HostSlot {
  host: string;
  /** True when the host had refused us just before: report success with `recovered`. */
  wasRefusing: boolean;
  release(): Promise<void>;
}

export class Politeness {
  constructor(
    private readonly hosts: HostRepository,
    private readonly robots: RobotsCache,
    private readonly options: PolitenessOptions,
  ) {}

  /** Milliseconds between request starts for a host: the rate limit or its Crawl-delay, whichever is slower. */
  async intervalMs(url: string): Promise<number> {
    const fromRate = 1000 / this.options.perHostRps;
    const delay = await this.robots.crawlDelay(url);
    return Math.max(fromRate, (delay ?? 0) * 1000);
  }

  /**
   * Waits for a request slot of the URL's host, or throws HostBusyError when the wait would pass
   * `maxWaitMs` (default: the inline wait option) or the host is parked.
   */
  async acquire(url: string, signal?: AbortSignal, maxWaitMs?: number): Promise<HostSlot> {
    const host = hostOf(url);
    const intervalMs = await this.intervalMs(url);
    const maxWait = maxWaitMs ?? this.options.maxInlineWaitMs ?? MAX_INLINE_WAIT_MS;
    let waited = 0;
    for (;;) {
      const result = await this.hosts.acquire(host, this.options.owner, {
        intervalMs,
        concurrency: this.options.perHostConcurrency,
        slotMs: this.options.slotMs,
      });
      if (result.ok) {
        const { slot } = result;
        return {
          host,
          wasRefusing: result.refusals > 0,
          release: () => this.hosts.releaseSlot(host, slot, this.options.owner),
        };
      }
      if (result.parked || waited + result.waitMs > maxWait || signal?.aborted) {
        throw new HostBusyError(url, result.waitMs, result.parked);
      }
      await sleep(result.waitMs);
      waited += result.waitMs;
    }
  }

  /** Records a 429/503; returns how long the host is to be left alone and whether it is now parked. */
  throttle(host: string, retryAfterMs?: number): Promise<{ delayMs: number; parkedUntil?: Date }> {
    return this.hosts.throttle(host, {
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      baseMs: THROTTLE_BASE_MS,
      maxMs: THROTTLE_MAX_MS,
      parkAfter: PARK_AFTER_REFUSALS,
      parkMs: PARK_MS,
    });
  }

  recovered(host: string): Promise<void> {
    return this.hosts.recovered(host);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
