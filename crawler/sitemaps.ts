// Sitemaps for discovery: the ones robots.txt names (else /sitemap.xml), sitemap indexes followed
// one level down, gzip accepted, every count and size bounded. URLs found still go through robots
// and the address guard when they are fetched: a sitemap is a hint, never a permission.
import { gunzipSync } from 'node:zlib';
import { decodeBody, type FetchResult } from './fetch.ts';
import type { RobotsCache } from './robots.ts';

/** Sitemap files read per host. */
export const MAX_SITEMAPS_PER_HOST = 20;
/** URLs taken from the sitemaps of one host. */
export const MAX_SITEMAP_URLS_PER_HOST = 50_000;
/** Size limit of one sitemap (the protocol's own limit is 50 MB uncompressed; we are stricter). */
export const MAX_SITEMAP_BYTES = 10 * 1024 * 1024;

/** `<loc>` values of a sitemap or sitemap index, and which of the two it is. */
export function parseSitemap(xml: string): { kind: 'index' | 'urlset'; locs: string[] } {
  const kind = /<sitemapindex[\s>]/i.test(xml) ? 'index' : 'urlset';
  const locs: string[] = [];
  const pattern = /<loc>\s*(?:<!\[CDATA\[)?\s*([^<\]]+?)\s*(?:\]\]>)?\s*<\/loc>/gi;
  for (let match = pattern.exec(xml); match; match = pattern.exec(xml)) {
    locs.push(decodeXmlEntities(match[1]!));
    if (locs.length >= MAX_SITEMAP_URLS_PER_HOST) break;
  }
  return { kind, locs };
}

function decodeXmlEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export interface SitemapReadOptions {
  robots: RobotsCache;
  /** A polite GET (host clock, guard, robots.txt on redirect hops). */
  fetch: (url: string, request: { accept: string; maxBodyBytes: number }) => Promise<FetchResult>;
}

/** Page URLs listed by a site's sitemaps (same host only), at most MAX_SITEMAP_URLS_PER_HOST. */
export async function readSitemaps(siteUrl: string, options: SitemapReadOptions): Promise<string[]> {
  const origin = new URL(siteUrl).origin;
  const host = new URL(siteUrl).host;
  const info = await options.robots.info(siteUrl);
  const pending = info.sitemaps.length > 0 ? [...info.sitemaps] : [`${origin}/sitemap.xml`];
  const seen = new Set<string>();
  const urls = new Set<string>();
  while (pending.length > 0 && seen.size < MAX_SITEMAPS_PER_HOST && urls.size < MAX_SITEMAP_URLS_PER_HOST) {
    const sitemapUrl = pending.shift()!;
    if (seen.has(sitemapUrl)) continue;
    seen.add(sitemapUrl);
    let sameHost: boolean;
    try {
      sameHost = new URL(sitemapUrl).host === host;
    } catch {
      continue;
    }
    if (!sameHost) continue;
    // Sitemaps named in robots.txt are invited; a guessed /sitemap.xml must be allowed.
    if (!info.sitemaps.includes(sitemapUrl)) {
      try {
        await options.robots.check(sitemapUrl);
      } catch {
        continue;
      }
    }
    let xml: string;
    try {
      const result = await options.fetch(sitemapUrl, {
        accept: 'application/xml,text/xml,*/*;q=0.5',
        maxBodyBytes: MAX_SITEMAP_BYTES,
      });
      if (result.status !== 200) continue;
      let body = result.body;
      if (body[0] === 0x1f && body[1] === 0x8b)
        body = gunzipSync(body, { maxOutputLength: MAX_SITEMAP_BYTES });
      xml = decodeBody(result.contentType, body);
    } catch {
      continue;
    }
    const parsed = parseSitemap(xml);
    if (parsed.kind === 'index') pending.push(...parsed.locs);
    else {
      for (const loc of parsed.locs) {
        try {
          if (new URL(loc).host === host) urls.add(loc);
        } catch {
          // not a URL: ignore
        }
        if (urls.size >= MAX_SITEMAP_URLS_PER_HOST) break;
      }
    }
  }
  return [...urls];
}
