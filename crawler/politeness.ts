// Politeness: one rate limit and one concurrency limit per host, shared by every worker of a crawl
// through the host's clock in MongoDB (leased to one worker at a time and paced locally, see
// host-clocks.ts); Crawl-delay honoured; adaptive back-off on 429/503 with Retry-After taking
// precedence; hosts that keep refusing are parked.
import type { HostRepository } from '../storage/index.ts';
import { HostBusyError } from './errors.ts';
import { HostClocks } from './host-clocks.ts';
import type { RobotsCache } from './robots.ts';
import { hostOf } from './url.ts';

export { sleep } from './host-clocks.ts';
export { HostBusyError };

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

export interface PolitenessOptions {
  perHostRps: number;
  perHostConcurrency: number;
  owner: string;
  maxInlineWaitMs?: number;
  onError?: (error: unknown) => void;
}

export interface HostSlot {
  host: string;
  /** True when the host had refused us just before: report success with `recovered`. */
  wasRefusing: boolean;
  release(): void;
}

export class Politeness {
  private readonly clocks: HostClocks;
  constructor(
    private readonly hosts: HostRepository,
    private readonly robots: RobotsCache,
    private readonly options: PolitenessOptions,
  ) {
    this.clocks = new HostClocks(hosts, {
      owner: options.owner,
      concurrency: options.perHostConcurrency,
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }

  /** Milliseconds between request starts for a host: the rate limit or its Crawl-delay, whichever is slower. */
  async intervalMs(url: string): Promise<number> {
    const fromRate = 1000 / this.options.perHostRps;
    const delay = await this.robots.crawlDelay(url);
    return Math.max(fromRate, (delay ?? 0) * 1000);
  }

  /**
   * Waits for the right to start a request to the URL's host, or throws HostBusyError when the
   * wait would pass `maxWaitMs` (default: the inline wait option) or the host is parked.
   */
  async acquire(url: string, signal?: AbortSignal, maxWaitMs?: number): Promise<HostSlot> {
    const host = hostOf(url);
    const intervalMs = await this.intervalMs(url);
    const maxWait = signal?.aborted ? 0 : (maxWaitMs ?? this.options.maxInlineWaitMs ?? MAX_INLINE_WAIT_MS);
    const permit = await this.clocks.acquire(url, host, intervalMs, maxWait);
    return { host, wasRefusing: permit.wasRefusing, release: permit.release };
  }

  /** Records a 429/503; returns how long the host is to be left alone and whether it is now parked. */
  async throttle(host: string, retryAfterMs?: number): Promise<{ delayMs: number; parkedUntil?: Date }> {
    const result = await this.hosts.throttle(host, {
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      baseMs: THROTTLE_BASE_MS,
      maxMs: THROTTLE_MAX_MS,
      parkAfter: PARK_AFTER_REFUSALS,
      parkMs: PARK_MS,
    });
    this.clocks.pushBack(host, Math.max(Date.now() + result.delayMs, result.parkedUntil?.getTime() ?? 0));
    return result;
  }

  async recovered(host: string): Promise<void> {
    this.clocks.recovered(host);
    await this.hosts.recovered(host);
  }

  /** Writes the held host clocks back and releases them. */
  close(): Promise<void> {
    return this.clocks.close();
  }
}
