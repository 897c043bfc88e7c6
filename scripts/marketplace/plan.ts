// The cheap skeleton of ad i: site, kind, indicators, network, city and language. Listing pages
// (city and category pages) need only this, so it is kept separate from text composition.
import { CITIES, type City, COUNTRIES } from './geo.ts';
import type { Lang, NonAdultCategory, TextIndicator } from './lang/types.ts';
import { type NetworkInfo, networkOf } from './networks.ts';
import { Rng } from './prng.ts';
import { localOf, type SiteKey, siteOf } from './site-keys.ts';

export type AdKind = 'escort' | 'massage' | 'dating' | 'recruitment' | 'non_adult';

/** Classifieds categories: the first four are the adult-services section. */
export const CLASSIFIED_CATEGORIES = [
  'escorts',
  'massage',
  'dating',
  'hostess-jobs',
  'furniture',
  'jobs',
  'cars',
  'electronics',
] as const;
export type ClassifiedCategory = (typeof CLASSIFIED_CATEGORIES)[number];
export const ADULT_CATEGORIES: ReadonlySet<ClassifiedCategory> = new Set([
  'escorts',
  'massage',
  'dating',
  'hostess-jobs',
]);

/** Share of gated-site ads in the section robots.txt disallows. */
export const MEMBERS_SECTION_SHARE = 0.2;
/** Share of classifieds ads in non-adult categories. */
export const NON_ADULT_SHARE = 0.35;

export interface AdPlan {
  seed: number;
  index: number;
  site: SiteKey;
  local: number;
  kind: AdKind;
  category?: ClassifiedCategory;
  /** Indicators the text is written to express (coded_language may be added by contact styles). */
  codes: TextIndicator[];
  hardNegative: boolean;
  network?: NetworkInfo;
  city: City;
  country: string;
  lang: Lang;
  /** Gated site only: the ad sits in the robots-disallowed members section. */
  membersSection: boolean;
}

const RISK_PROFILES: ReadonlyArray<readonly [TextIndicator[], number]> = [
  [['minor_age'], 5],
  [['youth'], 10],
  [['third_party'], 7],
  [['third_party', 'restricted_autonomy'], 7],
  [['multiple_persons', 'third_party'], 6],
  [['multiple_persons'], 3],
  [['movement'], 9],
  [['movement', 'foreign_origin'], 7],
  [['foreign_origin'], 5],
  [['restricted_autonomy'], 5],
  [['risky_services'], 5],
  [['low_price'], 7],
  [['coded_language'], 6],
  [['youth', 'movement', 'low_price'], 4],
  [['foreign_origin', 'restricted_autonomy', 'movement'], 4],
  [['recruitment'], 6],
];

/** Codes that may be added to a risk profile as a second signal (never to a minor's ad). */
const EXTRA_CODES: TextIndicator[] = ['movement', 'low_price', 'coded_language', 'youth', 'foreign_origin'];

function chooseCity(rng: Rng, home?: string): City {
  const pool = home ? CITIES.filter((c) => c.country === home) : CITIES;
  return rng.pick(pool.length > 0 ? pool : CITIES);
}

export function planAd(seed: number, index: number): AdPlan {
  const rng = new Rng(seed, 'plan', index);
  const site = siteOf(index);
  const local = localOf(index);
  const network = networkOf(seed, index);

  let kind: AdKind = 'escort';
  let codes: TextIndicator[] = [];
  let hardNegative = false;
  let category: ClassifiedCategory | undefined;

  if (network) {
    codes = [...network.codes];
  } else if (site === 'classifieds' && rng.chance(NON_ADULT_SHARE)) {
    kind = 'non_adult';
    category = rng.pick<NonAdultCategory>(['furniture', 'jobs', 'cars', 'electronics']);
  } else {
    const profile = rng.weighted<'neutral' | 'negative' | 'risk'>([
      ['neutral', 28],
      ['negative', 27],
      ['risk', 45],
    ]);
    if (profile === 'negative') {
      hardNegative = true;
      kind = rng.weighted<AdKind>([
        ['escort', 60],
        ['massage', 25],
        ['dating', 15],
      ]);
    } else if (profile === 'risk') {
      codes = [...rng.weighted(RISK_PROFILES)];
      if (codes.includes('recruitment')) kind = 'recruitment';
      else if (!codes.includes('minor_age') && rng.chance(0.25)) {
        const extra = rng.pick(EXTRA_CODES);
        if (!codes.includes(extra)) codes.push(extra);
      }
    }
  }
  if (site === 'classifieds' && !category) {
    category =
      kind === 'recruitment'
        ? 'hostess-jobs'
        : kind === 'massage'
          ? 'massage'
          : kind === 'dating'
            ? 'dating'
            : 'escorts';
  }

  // Networks keep to their home country (their shared phone is a mobile of it); a duplicate
  // network is one person, so one city.
  const cityRng = network?.duplicate || network?.agency ? new Rng(seed, 'netcity', network.id) : rng;
  const city = chooseCity(cityRng, network?.home);
  const country = city.country;

  let lang: Lang;
  if (network && (network.link === 'text' || network.duplicate || network.agency)) lang = network.lang;
  else if (codes.includes('foreign_origin') && rng.chance(0.5)) lang = rng.pick<Lang>(['en', 'en', 'ru']);
  else lang = rng.weighted(COUNTRIES[country]!.languages);

  return {
    seed,
    index,
    site,
    local,
    kind,
    ...(category ? { category } : {}),
    codes,
    hardNegative,
    ...(network ? { network } : {}),
    city,
    country,
    lang,
    membersSection: site === 'gated' && new Rng(seed, 'members', index).chance(MEMBERS_SECTION_SHARE),
  };
}
