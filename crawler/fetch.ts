// The fast path: one GET with undici, bounded in every dimension (connect, headers and body time,
// body and decompressed size, redirect hops), following redirects by hand so that the address
// guard and robots.txt see every hop, and decoding the body with the charset the page declares.
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, request, errors as undiciErrors } from 'undici';
import { assertSafeUrl, type GuardOptions, guardedLookup } from './address-guard.ts';
import {
  BodyTooLargeError,
  CrawlError,
  HttpStatusError,
  NetworkError,
  RedirectError,
  ServerError,
  ThrottledError,
  TimeoutError,
  UnsafeUrlError,
} from './errors.ts';

/** @default 10 s: a host that does not accept a connection in this time is treated as down. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Bytes of the body sniffed for a `<meta charset>` declaration (the HTML standard says 1024). */
const CHARSET_SNIFF_BYTES = 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface FetcherOptions {
  userAgent: string;
  /** Whole-request budget (headers and body), and the idle limit between body chunks. */
  timeoutMs: number;
  connectTimeoutMs?: number;
  /** Limit on the body both as sent and after decompression. */
  maxBodyBytes: number;
  maxRedirects: number;
  guard: GuardOptions;
  /** Connections kept per origin. @default 4 */
  connectionsPerOrigin?: number;
}

export interface FetchRequest {
  url: string;
  headers?: Record<string, string>;
  accept?: string;
  /** Awaited before each redirect hop is requested (robots.txt check); throw to refuse it. */
  beforeHop?: (url: string) => Promise<void>;
  /** Lower body limit for this request (robots.txt, images). */
  maxBodyBytes?: number;
  signal?: AbortSignal;
}

export interface FetchResult {
  /** Final URL after redirects. */
  url: string;
  /** Every URL requested, first to last. */
  chain: string[];
  status: number;
  headers: Record<string, string>;
  requestHeaders: Record<string, string>;
  contentType: string;
  /** Decompressed body bytes, at most the body limit. */
  body: Buffer;
  /** True when the body was cut at the size limit. */
  truncated: boolean;
  fetchedAt: Date;
  elapsedMs: number;
}

export class Fetcher {
  private readonly agent: Agent;
  constructor(readonly options: FetcherOptions) {
    this.agent = new Agent({
      connect: {
        timeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        lookup: guardedLookup(options.guard) as never,
      },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connections: options.connectionsPerOrigin ?? 4,
      maxResponseSize: -1,
    });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** GET a URL, following at most `maxRedirects` redirects. Any status is returned; see `assertOk`. */
  async fetch(req: FetchRequest): Promise<FetchResult> {
    const started = Date.now();
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const chain: string[] = [];
    let current = req.url;
    for (let hop = 0; ; hop++) {
      await assertSafeUrl(current, this.options.guard);
      if (hop > 0) await req.beforeHop?.(current);
      chain.push(current);
      const requestHeaders: Record<string, string> = {
        'user-agent': this.options.userAgent,
        accept: req.accept ?? 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
        'accept-encoding': 'gzip, deflate, br',
        ...req.headers,
      };
      let response: Awaited<ReturnType<typeof request>>;
      try {
        response = await request(current, {
          method: 'GET',
          headers: requestHeaders,
          dispatcher: this.agent,
          signal,
        });
      } catch (error) {
        throw mapFetchError(current, error, timeout);
      }
      const headers = flattenHeaders(response.headers);
      if (REDIRECT_STATUSES.has(response.statusCode) && headers.location) {
        discard(response.body);
        let next: string;
        try {
          next = new URL(headers.location, current).toString().replace(/#.*$/, '');
        } catch {
          throw new RedirectError('bad_redirect', `unparseable redirect from ${current}`, current);
        }
        if (chain.includes(next)) {
          throw new RedirectError('redirect_loop', `redirect loop at ${current} → ${next}`, req.url);
        }
        if (hop + 1 > this.options.maxRedirects) {
          throw new RedirectError(
            'too_many_redirects',
            `more than ${this.options.maxRedirects} redirects from ${req.url}`,
            req.url,
          );
        }
        current = next;
        continue;
      }
      const limit = Math.min(req.maxBodyBytes ?? this.options.maxBodyBytes, this.options.maxBodyBytes);
      const { body, truncated } = await readBody(current, response, headers, limit, timeout);
      return {
        url: current,
        chain,
        status: response.statusCode,
        headers,
        requestHeaders,
        contentType: headers['content-type'] ?? '',
        body,
        truncated,
        fetchedAt: new Date(started),
        elapsedMs: Date.now() - started,
      };
    }
  }
}

/** Turns a non-2xx result into the typed failure that tells the crawler what to do. */
export function assertOk(result: FetchResult, now = Date.now()): FetchResult {
  const { status, url } = result;
  if (status >= 200 && status < 300) return result;
  if (status === 429 || status === 503) {
    throw new ThrottledError(url, status, parseRetryAfter(result.headers['retry-after'], now));
  }
  if (status === 408 || status >= 500) throw new ServerError(url, status);
  throw new HttpStatusError(url, status);
}

/**
 * Retry-After as milliseconds from now: either delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Absent, unparseable or past values give undefined, and the caller's own back-off applies.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  const delta = date - now;
  return delta > 0 ? delta : undefined;
}

function discard(body: NodeJS.ReadableStream & { destroy(): void }): void {
  body.on('error', () => {});
  body.destroy();
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

async function readBody(
  url: string,
  response: Awaited<ReturnType<typeof request>>,
  headers: Record<string, string>,
  limit: number,
  timeout: AbortSignal,
): Promise<{ body: Buffer; truncated: boolean }> {
  const source = response.body;
  // Destroying an undici body early emits an abort error; it is our own decision, not a failure.
  source.on('error', () => {});
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    source.destroy();
    throw new BodyTooLargeError(url, limit);
  }
  const encoding = (headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  let stream: AsyncIterable<Buffer> = source;
  let compressedBytes = 0;
  if (decoder) {
    source.on('data', (chunk: Buffer) => {
      compressedBytes += chunk.length;
      // Bytes on the wire are bounded too, not only what they decompress to.
      if (compressedBytes > limit) source.destroy(new BodyTooLargeError(url, limit));
    });
    source.on('error', (error) => decoder.destroy(error));
    source.pipe(decoder);
    stream = decoder;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let truncated = false;
  try {
    for await (const chunk of stream) {
      if (total + chunk.length > limit) {
        chunks.push(chunk.subarray(0, limit - total));
        total = limit;
        truncated = true;
        break;
      }
      chunks.push(chunk);
      total += chunk.length;
    }
  } catch (error) {
    if (error instanceof CrawlError) throw error;
    throw mapFetchError(url, error, timeout);
  } finally {
    source.destroy();
    decoder?.destroy();
  }
  return { body: Buffer.concat(chunks, total), truncated };
}

function mapFetchError(url: string, error: unknown, timeout: AbortSignal): CrawlError {
  if (error instanceof CrawlError) return error;
  const cause = (error as { cause?: unknown })?.cause;
  if (cause instanceof UnsafeUrlError) return cause;
  if (error instanceof undiciErrors.ConnectTimeoutError) return new TimeoutError(url, 'connect', error);
  if (error instanceof undiciErrors.HeadersTimeoutError) return new TimeoutError(url, 'headers', error);
  if (error instanceof undiciErrors.BodyTimeoutError) return new TimeoutError(url, 'body', error);
  if (timeout.aborted) return new TimeoutError(url, 'total', error);
  return new NetworkError(url, error);
}

/**
 * The charset of a response: the Content-Type parameter, else a byte-order mark, else a
 * `<meta charset>` in the first bytes, else UTF-8 (falling back to windows-1252 when the bytes are
 * not valid UTF-8, as old European sites often are).
 */
export function detectCharset(contentType: string, body: Uint8Array): string {
  const fromHeader = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1];
  if (fromHeader && isKnownCharset(fromHeader)) return fromHeader.toLowerCase();
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  const head = Buffer.from(body.subarray(0, CHARSET_SNIFF_BYTES)).toString('latin1');
  const fromMeta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  if (fromMeta && isKnownCharset(fromMeta)) return fromMeta.toLowerCase();
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

function isKnownCharset(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/** The body as text in its declared charset. Invalid sequences become U+FFFD, never an error. */
export function decodeBody(contentType: string, body: Uint8Array): string {
  return new TextDecoder(detectCharset(contentType, body)).decode(body);
}
