// Links of a page: same-site pages to follow (canonical, fragment-free, no assets or pseudo-schemes)
// and links to other hosts, kept with their anchor text as candidate sites for discovery.

import { canonicalizeUrl } from '../url.ts';
import type { PageDocument } from './document.ts';
import { elementsOf, hasWordIgnoringCase, textContent } from './dom.ts';
import { squash } from './terms.ts';

/** Same-site links kept per page. */
export const MAX_LINKS_PER_PAGE = 1_000;
/** Links to other hosts kept per page. */
export const MAX_EXTERNAL_LINKS = 200;
/** Anchor elements read per page. */
const MAX_ANCHORS = 5_000;
const MAX_ANCHOR_TEXT = 120;

const SKIPPED_SCHEMES = /^(mailto|tel|sms|javascript|data|ftp|file|whatsapp|viber|tg|skype|about|blob):/i;
const ASSET_PATH =
  /\.(jpe?g|png|gif|webp|avif|bmp|svg|ico|css|js|mjs|json|xml|rss|atom|pdf|zip|gz|tgz|rar|7z|mp3|mp4|m4a|webm|avi|mov|wmv|ogg|wav|woff2?|ttf|eot|otf|exe|dmg|apk|docx?|xlsx?|pptx?|csv)$/i;

export interface PageLinks {
  links: string[];
  external: Array<{ url: string; anchorText: string }>;
}

function sameSite(host: string, siteHost: string): boolean {
  return host === siteHost || host === `www.${siteHost}` || `www.${host}` === siteHost;
}

export function pageLinks(doc: PageDocument, siteHost: string): PageLinks {
  const links = new Set<string>();
  const external = new Map<string, string>();
  const siteKey = siteHost.toLowerCase();
  const elements = elementsOf(doc);
  const baseHref = elements.find((el) => el.name === 'base' && el.attribs.href !== undefined)?.attribs.href;
  const base = (baseHref && canonicalizeUrl(baseHref, doc.url)) || doc.url;
  // `a[href], area[href], link[rel~="next"][href], link[rel~="prev"][href]` (rel ignores case in HTML).
  const anchors = elements.filter(
    (el) =>
      el.attribs.href !== undefined &&
      (el.name === 'a' ||
        el.name === 'area' ||
        (el.name === 'link' &&
          (hasWordIgnoringCase(el, 'rel', 'next') || hasWordIgnoringCase(el, 'rel', 'prev')))),
  );
  for (const el of anchors.slice(0, MAX_ANCHORS)) {
    const href = (el.attribs.href ?? '').trim();
    if (!href || href.startsWith('#') || SKIPPED_SCHEMES.test(href)) continue;
    const rel = (el.attribs.rel ?? '').toLowerCase();
    const url = canonicalizeUrl(href, base);
    if (!url) continue;
    const parsed = new URL(url);
    if (ASSET_PATH.test(parsed.pathname)) continue;
    if (sameSite(parsed.host, siteKey)) {
      if (links.size < MAX_LINKS_PER_PAGE) links.add(url);
    } else if (external.size < MAX_EXTERNAL_LINKS && !rel.includes('sponsored')) {
      const text = squash(textContent(el)).slice(0, MAX_ANCHOR_TEXT);
      if (!external.has(url) || (!external.get(url) && text)) external.set(url, text);
    }
  }
  return { links: [...links], external: [...external].map(([url, anchorText]) => ({ url, anchorText })) };
}
