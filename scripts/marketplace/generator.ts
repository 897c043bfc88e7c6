// The synthetic ad generator: ad i of a marketplace is a pure function of (seed, i), yielded
// lazily in the `adrisk score` input format together with its ground truth.
import type { IndicatorCode } from '../../classifier/types.ts';
import { composeAd } from './compose.ts';
import type { TextIndicator } from './lang/types.ts';
import type { LinkType } from './networks.ts';
import { ADULT_CATEGORIES, type AdPlan, planAd } from './plan.ts';
import { hash32 } from './prng.ts';
import { defaultOrigins, type SiteKey } from './site-keys.ts';
import type { AdTruth, GeneratedAd } from './truth.ts';

/** Ads are dated within this many days before POSTED_BEFORE. */
const POSTED_SPAN_DAYS = 90;
const POSTED_BEFORE = Date.UTC(2026, 10, 1);
const MINUTES_PER_DAY = 24 * 60;

export interface GenerateOptions {
  seed: number;
  count: number;
  /** First ad index (default 0): yields ads offset … offset+count-1. */
  offset?: number;
  /** Site origins for ad URLs, e.g. the running server's base URLs (default http://127.0.0.1x). */
  origins?: Partial<Record<SiteKey, string>>;
}

const LINK_CODES: Record<LinkType, IndicatorCode> = {
  phone: 'shared_contact',
  handle: 'shared_contact',
  email: 'shared_contact',
  image: 'reused_images',
  text: 'template_text',
};

/** The combinations that make an ad high risk in ground truth (documented in README.md). */
const STRONG_CODES: ReadonlySet<TextIndicator> = new Set([
  'third_party',
  'multiple_persons',
  'movement',
  'foreign_origin',
  'restricted_autonomy',
  'risky_services',
]);

export function riskOf(codes: ReadonlyArray<TextIndicator>, traffickingNetwork: boolean): 'high' | 'low' {
  const has = (c: TextIndicator) => codes.includes(c);
  if (has('minor_age') || has('recruitment') || traffickingNetwork) return 'high';
  if (has('third_party') && has('restricted_autonomy')) return 'high';
  return codes.filter((c) => STRONG_CODES.has(c)).length >= 3 ? 'high' : 'low';
}

export function adId(seed: number, index: number): string {
  return `syn-${seed}-${index}`;
}

/** Path of ad `plan` on its site. */
export function adPath(plan: Pick<AdPlan, 'site' | 'local' | 'membersSection'>): string {
  switch (plan.site) {
    case 'directory':
      return `/ad/${plan.local}`;
    case 'classifieds':
      return `/item/${plan.local}.html`;
    case 'spa':
      return `/ad/${plan.local}`;
    case 'gated':
      return plan.membersSection ? `/members/ads/${plan.local}` : `/ads/${plan.local}`;
    case 'forum':
      return `/thread/${plan.local}`;
    case 'agency':
      return `/model/${plan.local}`;
  }
}

function postedAt(seed: number, index: number): string {
  const minutes = hash32(seed, 'posted', index) % (POSTED_SPAN_DAYS * MINUTES_PER_DAY);
  return new Date(POSTED_BEFORE - minutes * 60_000).toISOString();
}

/** Ad `index` of marketplace `seed`, with its ground truth. */
export function adAt(
  seed: number,
  index: number,
  origins: Partial<Record<SiteKey, string>> = {},
): GeneratedAd {
  const plan = planAd(seed, index);
  const composed = composeAd(plan);
  const origin = origins[plan.site] ?? defaultOrigins()[plan.site];
  const url = origin + adPath(plan);
  const id = adId(seed, index);
  const network = plan.network;
  const linkCode = network && !network.duplicate ? LINK_CODES[network.link] : undefined;
  const textIndicators = composed.truth.textIndicators;
  const indicators: IndicatorCode[] = [...textIndicators];
  if (linkCode) indicators.push(linkCode);
  const truth: AdTruth = {
    id,
    index,
    site: plan.site,
    url,
    crawlable: !plan.membersSection,
    needsBrowser: plan.site === 'spa',
    behindGate: plan.site === 'gated',
    adult: plan.kind !== 'non_adult' && (plan.category === undefined || ADULT_CATEGORIES.has(plan.category)),
    kind: plan.kind,
    ...(plan.category ? { category: plan.category } : {}),
    ...composed.truth,
    city: plan.city.slug,
    country: plan.country,
    language: plan.lang,
    indicators,
    hardNegative: plan.hardNegative,
    risk: riskOf(textIndicators, network?.traffickingLike ?? false),
    ...(network ? { networkId: network.id, networkLink: network.link } : {}),
  };
  return {
    ad: {
      id,
      title: composed.title,
      text: composed.text,
      url,
      site: plan.site,
      postedAt: postedAt(seed, index),
    },
    truth,
  };
}

/** Ads offset … offset+count-1, generated one at a time so memory stays flat at any count. */
export function* generateAds(options: GenerateOptions): Generator<GeneratedAd> {
  const offset = options.offset ?? 0;
  for (let i = offset; i < offset + options.count; i++) yield adAt(options.seed, i, options.origins);
}
