// The country a site serves: the seed list says so when it can; otherwise the TLD, then the phone
// prefixes of the numbers its ads print, then its main language, each recorded as the basis.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { SiteDoc } from '../../storage/documents.ts';

const TLD_COUNTRY: Record<string, string> = {
  uk: 'GB',
  ie: 'IE',
  de: 'DE',
  at: 'AT',
  ch: 'CH',
  fr: 'FR',
  be: 'BE',
  nl: 'NL',
  lu: 'LU',
  es: 'ES',
  pt: 'PT',
  it: 'IT',
  gr: 'GR',
  cz: 'CZ',
  sk: 'SK',
  pl: 'PL',
  ro: 'RO',
  md: 'MD',
  hu: 'HU',
  se: 'SE',
  no: 'NO',
  dk: 'DK',
  fi: 'FI',
  ru: 'RU',
  'xn--p1ai': 'RU',
  kz: 'KZ',
  ua: 'UA',
  by: 'BY',
  lt: 'LT',
  lv: 'LV',
  ee: 'EE',
  bg: 'BG',
  rs: 'RS',
  hr: 'HR',
  si: 'SI',
  tr: 'TR',
  ge: 'GE',
  am: 'AM',
  az: 'AZ',
  cy: 'CY',
  mt: 'MT',
  al: 'AL',
  mk: 'MK',
  ba: 'BA',
  me: 'ME',
  is: 'IS',
  li: 'LI',
  mc: 'MC',
  sm: 'SM',
  ad: 'AD',
  us: 'US',
  ca: 'CA',
  mn: 'MN',
  uz: 'UZ',
  kg: 'KG',
  tj: 'TJ',
  tm: 'TM',
};
/** The country a language most likely means when nothing better is known (English means none). */
const LANGUAGE_COUNTRY: Record<string, string> = {
  de: 'DE',
  fr: 'FR',
  es: 'ES',
  it: 'IT',
  ru: 'RU',
  pl: 'PL',
  ro: 'RO',
};
/** Share of phone numbers that must agree on one country before it is taken. */
const PHONE_MAJORITY = 0.5;
/** Phone numbers parsed per site. */
export const MAX_PHONES_SAMPLED = 500;

export function countryFromTld(host: string): string | undefined {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  if (/^[\d.]+$/.test(name) || name.startsWith('[')) return undefined;
  return TLD_COUNTRY[name.split('.').pop() ?? ''];
}

/** Country of an internationally written phone number (+49…, 0049…); national formats say nothing. */
export function phoneCountry(raw: string): string | undefined {
  const cleaned = raw
    .replace(/^(tel:|sms:)/i, '')
    .replace(/^https?:\/\/(wa\.me|api\.whatsapp\.com\/send\?phone=)\/?/i, '+');
  const international = cleaned.trim().replace(/^00/, '+');
  if (!international.startsWith('+')) return undefined;
  return parsePhoneNumberFromString(international)?.country;
}

export interface CountryInput {
  host: string;
  seedCountry?: string;
  phoneCountries: Map<string, number>;
  languages: Map<string, number>;
}

export function inferCountry(input: CountryInput): Pick<SiteDoc, 'country' | 'countryBasis'> {
  if (input.seedCountry) return { country: input.seedCountry.toUpperCase(), countryBasis: 'seed' };
  const tld = countryFromTld(input.host);
  if (tld) return { country: tld, countryBasis: 'tld' };
  const phones = [...input.phoneCountries].sort((a, b) => b[1] - a[1]);
  const total = phones.reduce((sum, [, n]) => sum + n, 0);
  if (phones[0] && phones[0][1] > PHONE_MAJORITY * total)
    return { country: phones[0][0], countryBasis: 'phone_prefix' };
  const language = [...input.languages].sort((a, b) => b[1] - a[1])[0]?.[0];
  const fromLanguage = language ? LANGUAGE_COUNTRY[language] : undefined;
  if (fromLanguage) return { country: fromLanguage, countryBasis: 'language' };
  return {};
}
