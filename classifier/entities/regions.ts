// The region in which to read phone numbers written without a country code, from what the site
// and the ad tell us, strongest hint first: a stated country, the city, the site's country-code
// TLD, a city named in the text, then the language.
import { type CountryCode, isSupportedCountry } from 'libphonenumber-js/max';
import { extractLocations, lookupCity } from './locations.ts';

export interface RegionHints {
  /** Host name of the site, e.g. `escorts.example.de`. */
  site?: string;
  url?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  city?: string;
  /** ISO 639-1 code of the ad text. */
  language?: string;
  /** The ad text: a city it names (gazetteer) outranks the language. */
  text?: string;
}

/** TLDs that are not the ISO code of their country, or that sites use regardless of country. */
const TLD_COUNTRY: Record<string, string> = {
  uk: 'GB',
  su: 'RU',
  рф: 'RU',
  eu: '',
  me: '',
  io: '',
  tv: '',
  co: '',
  cc: '',
  ws: '',
  to: '',
  ai: '',
  fm: '',
  la: '',
  ly: '',
  gg: '',
  vc: '',
  nu: '',
  tk: '',
  ch: 'CH',
};

/**
 * Language → the most likely country of an ad written in it, within the OSCE area. The weakest
 * hint: German ads are also Austrian and Swiss, English ones anywhere; UK is the largest
 * English-language market in the region, so "en" maps to GB.
 */
const LANGUAGE_COUNTRY: Record<string, string> = {
  en: 'GB',
  de: 'DE',
  fr: 'FR',
  es: 'ES',
  it: 'IT',
  ru: 'RU',
  pl: 'PL',
  ro: 'RO',
  nl: 'NL',
  pt: 'PT',
  cs: 'CZ',
  sk: 'SK',
  hu: 'HU',
  bg: 'BG',
  el: 'GR',
  sv: 'SE',
  da: 'DK',
  fi: 'FI',
  nb: 'NO',
  no: 'NO',
  uk: 'UA',
  tr: 'TR',
  hr: 'HR',
  sr: 'RS',
  sl: 'SI',
  lt: 'LT',
  lv: 'LV',
  et: 'EE',
};

/**
 * Language → the other countries of the OSCE area where ads in it are common, tried (mobiles only)
 * for a number that is not valid where `inferRegion` placed the ad: an English ad without any
 * hint may be Irish, a French one Belgian or Swiss.
 */
const LANGUAGE_OTHER_COUNTRIES: Record<string, readonly CountryCode[]> = {
  en: ['IE', 'MT', 'US', 'CA'],
  de: ['AT', 'CH', 'LU'],
  fr: ['BE', 'CH', 'LU', 'MC'],
  es: ['AD'],
  it: ['CH', 'SM'],
  ru: ['KZ', 'BY', 'UA', 'KG', 'MD'],
  pl: [],
  ro: ['MD'],
  nl: ['BE'],
  el: ['CY'],
  sv: ['FI'],
};

/**
 * Currencies used by one country of the OSCE area (the euro, dollar and lei of Moldova and
 * Romania do not tell it): a price in Kč places an English-language ad in the Czech Republic.
 */
const CURRENCY_COUNTRY: Record<string, CountryCode> = {
  CHF: 'CH',
  GBP: 'GB',
  PLN: 'PL',
  RUB: 'RU',
  CZK: 'CZ',
  HUF: 'HU',
  SEK: 'SE',
  NOK: 'NO',
  DKK: 'DK',
  BGN: 'BG',
  UAH: 'UA',
  RSD: 'RS',
  TRY: 'TR',
  KZT: 'KZ',
};

/** The country whose currency this is (ISO 4217), when only one country of the region uses it. */
export function currencyRegion(currency: string): CountryCode | undefined {
  return CURRENCY_COUNTRY[currency.toUpperCase()];
}

/** Countries other than the language's main one where ads in `language` are common. */
export function languageOtherRegions(language: string | undefined): readonly CountryCode[] {
  const key = language?.toLowerCase().split(/[-_]/)[0];
  return (key && LANGUAGE_OTHER_COUNTRIES[key]) || [];
}

function asRegion(code: string | undefined): CountryCode | undefined {
  if (!code) return undefined;
  const upper = code.toUpperCase();
  return /^[A-Z]{2}$/.test(upper) && isSupportedCountry(upper) ? upper : undefined;
}

function hostOf(hints: RegionHints): string | undefined {
  if (hints.site) return hints.site.replace(/^[a-z]+:\/\//i, '').split(/[/:?#]/)[0];
  if (!hints.url) return undefined;
  try {
    return new URL(hints.url).hostname;
  } catch {
    return undefined;
  }
}

export function inferRegion(hints: RegionHints): CountryCode | undefined {
  const stated = asRegion(hints.country);
  if (stated) return stated;
  if (hints.city) {
    const city = lookupCity(hints.city);
    if (city) return asRegion(city.country);
  }
  const host = hostOf(hints);
  if (host) {
    const tld = host.toLowerCase().replace(/\.$/, '').split('.').pop() ?? '';
    const mapped = tld in TLD_COUNTRY ? TLD_COUNTRY[tld] : tld;
    const region = asRegion(mapped);
    if (region) return region;
  }
  if (hints.text) {
    const named = asRegion(extractLocations(hints.text)[0]?.country);
    if (named) return named;
  }
  const language = hints.language?.toLowerCase().split(/[-_]/)[0];
  return language ? asRegion(LANGUAGE_COUNTRY[language]) : undefined;
}
