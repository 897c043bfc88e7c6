// Advertiser networks: groups of ads that share a phone, a handle, an image or a text template
// across names, cities and sites. Membership is arithmetic on the ad index: indices are cut into
// windows of NETWORK_WINDOW ads, and each window holds up to two networks whose members are a
// seeded permutation of its slots. So "which network is ad i in" and "who are the members of
// network n" are both O(window), with nothing held in memory.
import { CITIES, COUNTRIES } from './geo.ts';
import type { Lang, TextIndicator } from './lang/types.ts';
import { Rng } from './prng.ts';
import { globalIndex, localOf, SITE_KEYS, type SiteKey, siteOf } from './site-keys.ts';

export const NETWORK_WINDOW = 60;
/** People per agency branch on the agency site: one branch, one phone. */
export const AGENCY_BRANCH_SIZE = 8;

export type LinkType = 'phone' | 'handle' | 'email' | 'image' | 'text';

export interface NetworkInfo {
  id: string;
  link: LinkType;
  /** Ads with different names and cities run by one hand; the ground truth for `risk: high`. */
  traffickingLike: boolean;
  /** One person cross-posting the same ad on several sites: a real link, but not a risk. */
  duplicate: boolean;
  /** Country whose cities the members advertise in (and whose mobile number they share). */
  home: string;
  /** Language of the shared template (text networks). */
  lang: Lang;
  /** Indicators every member's text expresses. */
  codes: TextIndicator[];
  /** Global ad indices of the members, ascending (may run past the marketplace's ad count). */
  members: number[];
  agency: boolean;
}

const TRAFFICKING_CODE_SETS: ReadonlyArray<TextIndicator[]> = [
  ['third_party', 'movement'],
  ['foreign_origin', 'movement', 'restricted_autonomy'],
  ['third_party', 'multiple_persons'],
  ['youth', 'movement', 'low_price'],
  ['restricted_autonomy', 'foreign_origin'],
  ['movement', 'coded_language'],
];

const HOME_COUNTRIES = [...new Set(CITIES.map((c) => c.country))];

function pickLang(rng: Rng, countryCode: string): Lang {
  return rng.weighted(COUNTRIES[countryCode]!.languages);
}

/** Consecutive ads share a window, so a few recent windows save most recomputation. */
const WINDOW_CACHE_SIZE = 32;
const windowCache = new Map<string, NetworkInfo[]>();

function windowNetworks(seed: number, w: number): NetworkInfo[] {
  const key = `${seed}:${w}`;
  let networks = windowCache.get(key);
  if (!networks) {
    networks = computeWindow(seed, w);
    if (windowCache.size >= WINDOW_CACHE_SIZE) windowCache.delete(windowCache.keys().next().value!);
    windowCache.set(key, networks);
  }
  return networks;
}

function computeWindow(seed: number, w: number): NetworkInfo[] {
  const rng = new Rng(seed, 'window', w);
  const count = rng.weighted([
    [0, 2],
    [1, 5],
    [2, 3],
  ] as const);
  const agencySlot = SITE_KEYS.indexOf('agency');
  const eligible: number[] = [];
  for (let s = 0; s < NETWORK_WINDOW; s++) {
    const index = w * NETWORK_WINDOW + s;
    if (index % SITE_KEYS.length !== agencySlot) eligible.push(index);
  }
  const slots = rng.shuffle(eligible);
  const out: NetworkInfo[] = [];
  let cursor = 0;
  for (let j = 0; j < count; j++) {
    const size = rng.int(3, 6);
    const members = slots.slice(cursor, cursor + size).sort((a, b) => a - b);
    cursor += size;
    const link = rng.weighted<LinkType>([
      ['phone', 35],
      ['handle', 20],
      ['email', 5],
      ['image', 15],
      ['text', 25],
    ]);
    const duplicate = link === 'phone' && rng.chance(0.3);
    const traffickingLike = !duplicate && rng.chance(0.75);
    const home = rng.pick(HOME_COUNTRIES);
    out.push({
      id: `net-${seed}-${w}-${j}`,
      link,
      traffickingLike,
      duplicate,
      home,
      lang: pickLang(rng, home),
      codes: traffickingLike ? [...rng.pick(TRAFFICKING_CODE_SETS)] : [],
      members,
      agency: false,
    });
  }
  return out;
}

function agencyBranch(seed: number, branch: number): NetworkInfo {
  const rng = new Rng(seed, 'agency', branch);
  const traffickingLike = rng.chance(0.5);
  const home = rng.pick(HOME_COUNTRIES);
  const members: number[] = [];
  for (let k = branch * AGENCY_BRANCH_SIZE; k < (branch + 1) * AGENCY_BRANCH_SIZE; k++) {
    members.push(globalIndex('agency', k));
  }
  return {
    id: `agency-${seed}-${branch}`,
    link: 'phone',
    traffickingLike,
    duplicate: false,
    home,
    lang: pickLang(rng, home),
    codes: traffickingLike
      ? [
          'third_party',
          ...rng.pick<TextIndicator[]>([
            ['restricted_autonomy'],
            ['foreign_origin', 'movement'],
            ['multiple_persons', 'restricted_autonomy'],
          ]),
        ]
      : ['third_party'],
    members,
    agency: true,
  };
}

/** The network ad `index` belongs to, if any. */
export function networkOf(seed: number, index: number): NetworkInfo | undefined {
  const site: SiteKey = siteOf(index);
  if (site === 'agency') return agencyBranch(seed, Math.floor(localOf(index) / AGENCY_BRANCH_SIZE));
  return windowNetworks(seed, Math.floor(index / NETWORK_WINDOW)).find((n) => n.members.includes(index));
}

/** Every network with at least two members among the first `count` ads, in index order. */
export function* networksUpTo(seed: number, count: number): Generator<NetworkInfo> {
  const windows = Math.ceil(count / NETWORK_WINDOW);
  for (let w = 0; w < windows; w++) {
    for (const n of windowNetworks(seed, w)) {
      const members = n.members.filter((i) => i < count);
      if (members.length >= 2) yield { ...n, members };
    }
  }
  const agencyAds = Math.floor((count - 1 - SITE_KEYS.indexOf('agency')) / SITE_KEYS.length) + 1;
  const branches = Math.ceil(Math.max(0, agencyAds) / AGENCY_BRANCH_SIZE);
  for (let b = 0; b < branches; b++) {
    const n = agencyBranch(seed, b);
    const members = n.members.filter((i) => i < count);
    if (members.length >= 2) yield { ...n, members };
  }
}
