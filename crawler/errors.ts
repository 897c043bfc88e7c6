// Typed crawl failures. Each class is named after the decision it makes the crawler take next, in
// the manner of Crawlee's `errors.ts`: the run loop switches on the class, never on the message.
import { AdriskError } from '../core/errors.ts';

/** Base of every failure met while fetching or processing one URL. */
export class CrawlError extends AdriskError {
  readonly url: string | undefined;
  constructor(code: string, message: string, options: { url?: string; cause?: unknown } = {}) {
    super(code, message, { cause: options.cause, exitCode: 1 });
    this.url = options.url;
  }
}

/**
 * The URL can never succeed (refused by policy, broken for good). The crawler marks it `failed`
 * at once, records the error, and never retries it in this run.
 */
export class NonRetryableError extends CrawlError {}

/** The address guard refused the URL (private/loopback/link-local target or a non-http(s) scheme). */
export class UnsafeUrlError extends NonRetryableError {
  constructor(message: string, url?: string) {
    super('unsafe_url', message, { url });
  }
}

/**
 * The URL's host cannot take a request now (its clock, its request slots, another worker holding
 * it, or parked): the URL goes back to the frontier, due again after `waitMs`; no attempt counted.
 */
export class HostBusyError extends CrawlError {
  constructor(
    url: string,
    readonly waitMs: number,
    readonly parked: boolean,
  ) {
    super('host_busy', `host of ${url} busy for ${waitMs} ms${parked ? ' (parked)' : ''}`, { url });
  }
}

/** robots.txt disallows the URL for our user agent; nothing was sent to it. */
export class BlockedByRobotsError extends NonRetryableError {
  constructor(url: string) {
    super('robots_disallowed', `robots.txt disallows ${url}`, { url });
  }
}

/** Too many redirects, or a redirect back to a URL already visited in the same chain. */
export class RedirectError extends NonRetryableError {
  constructor(code: 'redirect_loop' | 'too_many_redirects' | 'bad_redirect', message: string, url: string) {
    super(code, message, { url });
  }
}

/** The response declares (or turns out to have) a body beyond the configured limits. */
export class BodyTooLargeError extends NonRetryableError {
  constructor(url: string, limit: number) {
    super('body_too_large', `body of ${url} exceeds ${limit} bytes`, { url });
  }
}

/** An HTTP status that will not change on retry (404, 410, 401, 403, other 4xx). */
export class HttpStatusError extends NonRetryableError {
  readonly status: number;
  constructor(url: string, status: number) {
    super('http_status', `HTTP ${status} for ${url}`, { url });
    this.status = status;
  }
}

/**
 * A transient failure (timeout, reset connection, 5xx other than 503). The crawler re-queues the
 * URL with an exponential delay and counts an attempt; after the last attempt it is `failed`.
 */
export class RetryableError extends CrawlError {}

export class TimeoutError extends RetryableError {
  constructor(url: string, phase: 'connect' | 'headers' | 'body' | 'total' | 'render', cause?: unknown) {
    super('timeout', `${phase} timeout fetching ${url}`, { url, cause });
  }
}

export class NetworkError extends RetryableError {
  constructor(url: string, cause: unknown) {
    super('network', `network error fetching ${url}: ${(cause as Error)?.message ?? cause}`, { url, cause });
  }
}

export class ServerError extends RetryableError {
  readonly status: number;
  constructor(url: string, status: number) {
    super('server_error', `HTTP ${status} for ${url}`, { url });
    this.status = status;
  }
}

/**
 * The host asked us to slow down (429, 503). The crawler does not count an attempt: it backs the
 * host's shared clock off (honouring Retry-After), re-queues the URL for when the host is free
 * again, and parks the host, URLs left pending, when it keeps refusing.
 */
export class ThrottledError extends CrawlError {
  readonly status: number;
  /** Delay the server asked for, in milliseconds, when it sent Retry-After. */
  readonly retryAfterMs: number | undefined;
  constructor(url: string, status: number, retryAfterMs?: number) {
    super('throttled', `HTTP ${status} (slow down) for ${url}`, { url });
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * The crawl itself cannot go on (database gone, browser binary missing when rendering is
 * mandatory). The crawler releases its leases so nothing is lost, stores the run as `failed`,
 * and rethrows.
 */
export class FatalCrawlError extends CrawlError {}

/** What the run loop does with a failure: the one place mapping classes to decisions. */
export type FailureDecision = 'fail' | 'retry' | 'throttle' | 'fatal';

export function decide(error: unknown): FailureDecision {
  if (error instanceof FatalCrawlError) return 'fatal';
  if (error instanceof ThrottledError) return 'throttle';
  if (error instanceof NonRetryableError) return 'fail';
  // Unknown errors (bugs in parsing hostile HTML, etc.) are retried a bounded number of times.
  return 'retry';
}

/** A short code for storing in error histories. */
export function errorCode(error: unknown): string {
  if (error instanceof AdriskError) return error.code;
  return 'unexpected';
}
