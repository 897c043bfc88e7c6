// URL canonicalisation and fingerprints: two spellings of the same page must map to one frontier
// entry, or traps (session ids, shuffled query strings) multiply the crawl.
import { sha256Hex } from '../core/ids.ts';

/** Longest URL we keep; longer ones are almost always traps (ever-growing query strings). */
export const MAX_URL_LENGTH = 2048;

/** Query parameters that change nothing on the page but the analytics: dropped. */
const TRACKING_PARAMS = /^(utm_[a-z]+|fbclid|gclid|msclkid|mc_[a-z]+|yclid|_ga|ref_src)$/i;
/** Session identifiers in query strings: dropped so each visit does not look like a new page. */
const SESSION_PARAMS = /^(phpsessid|jsessionid|sid|sessionid|session_id|aspsessionid\w*)$/i;

/**
 * Canonical form of a URL, or undefined when it is not an http(s) URL we could fetch.
 * Lower-cases scheme and host (URL does), drops default ports, fragments, tracking and session
 * parameters, sorts the query, and resolves dot segments.
 */
export function canonicalizeUrl(raw: string, base?: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  url.username = '';
  url.password = '';
  if (url.hostname.endsWith('.')) url.hostname = url.hostname.slice(0, -1);
  const params = [...url.searchParams].filter(
    ([key]) => !TRACKING_PARAMS.test(key) && !SESSION_PARAMS.test(key),
  );
  params.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  url.search = params.length > 0 ? new URLSearchParams(params).toString() : '';
  const text = url.toString();
  return text.length > MAX_URL_LENGTH ? undefined : text;
}

/** Longest fragment kept on an ad URL (extractors give ids like `#lady-3`, `#p7-0`). */
const MAX_AD_FRAGMENT = 128;

/**
 * Canonical form of an ad's URL: like canonicalizeUrl, but the `#fragment` is kept, because an
 * ad without a page of its own (one person of an agency page, one advert in a forum thread) is
 * known by `page#id`, and dropping it would merge every ad of the page into one record. Pages are
 * still fetched and deduplicated fragment-free (canonicalizeUrl).
 */
export function canonicalizeAdUrl(raw: string, base?: string): string | undefined {
  const page = canonicalizeUrl(raw, base);
  if (!page) return undefined;
  const hash = new URL(raw.trim(), base).hash;
  if (hash.length <= 1 || hash.length > MAX_AD_FRAGMENT) return page;
  const text = page + hash;
  return text.length > MAX_URL_LENGTH ? page : text;
}

/** The frontier key of a canonical URL: 32 hex chars of its SHA-256 (128 bits, collision-free in practice). */
export function urlFingerprint(canonicalUrl: string): string {
  return sha256Hex(canonicalUrl).slice(0, 32);
}

/** Host as adrisk keys sites: lower-case, with the port when it is not the scheme's default. */
export function hostOf(url: string): string {
  return new URL(url).host.toLowerCase();
}

/** scheme://host[:port] of a URL. */
export function originOf(url: string): string {
  return new URL(url).origin;
}
