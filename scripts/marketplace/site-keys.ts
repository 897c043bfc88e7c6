// The six sites of the marketplace and how ad indices map onto them. Ad i lives on site
// SITE_KEYS[i % 6] as that site's ad number ⌊i / 6⌋, so every site's listing pages can be
// generated lazily by arithmetic, at any scale.
import type { SiteType } from '../../storage/documents.ts';

export const SITE_KEYS = ['directory', 'classifieds', 'spa', 'gated', 'forum', 'agency'] as const;
export type SiteKey = (typeof SITE_KEYS)[number];

export const SITE_TYPES: Record<SiteKey, SiteType> = {
  directory: 'escort_directory',
  classifieds: 'classifieds',
  spa: 'dating',
  gated: 'massage',
  forum: 'review_forum',
  agency: 'agency',
};

/** First host octet: site s is served on 127.0.0.(11 + s) unless hosts are given. */
export const DEFAULT_FIRST_HOST = 11;

export function siteOf(index: number): SiteKey {
  return SITE_KEYS[index % SITE_KEYS.length]!;
}

export function localOf(index: number): number {
  return Math.floor(index / SITE_KEYS.length);
}

export function globalIndex(site: SiteKey, local: number): number {
  return local * SITE_KEYS.length + SITE_KEYS.indexOf(site);
}

/** Number of ads site `site` holds when the marketplace has `count` ads in all. */
export function siteAdCount(site: SiteKey, count: number): number {
  const s = SITE_KEYS.indexOf(site);
  return count > s ? Math.floor((count - 1 - s) / SITE_KEYS.length) + 1 : 0;
}

export function defaultOrigins(): Record<SiteKey, string> {
  return Object.fromEntries(
    SITE_KEYS.map((key, s) => [key, `http://127.0.0.${DEFAULT_FIRST_HOST + s}`]),
  ) as Record<SiteKey, string>;
}
