// Runs every extractor over an ad's text (and the text read from its images) and merges the
// results into one `Entities` record, recording how each contact was hidden.
import type { CountryCode } from 'libphonenumber-js';
import type { Entities, Handle, Obfuscation, PhoneEntity, PriceEntity } from '../types.ts';
import { extractAges } from './ages.ts';
import { extractEmails } from './emails.ts';
import { extractHandles, platformsBefore } from './handles.ts';
import { extractLocations } from './locations.ts';
import { extractPhones, type PhoneRegions, whatsappLinkPhones } from './phones.ts';
import { extractPrices } from './prices.ts';
import { currencyRegion, inferRegion } from './regions.ts';

/** Longest text read per call; ads are far shorter, longer input is attacker padding. */
export const MAX_ENTITY_TEXT_CHARS = 20_000;
/** OCR texts read per ad, and characters per OCR text. */
const MAX_OCR_TEXTS = 20;
const MAX_OCR_TEXT_CHARS = 5_000;
/** Countries named in the text tried for numbers that are not valid in the default region. */
const MAX_NAMED_COUNTRIES = 2;
/** A messenger named this close before a phone number makes the number that messenger's handle. */
const PLATFORM_WINDOW_CHARS = 40;

export interface ExtractOptions {
  /**
   * Region for numbers written without a country code (see `inferRegion`). Mobiles of the countries
   * of cities named in the text are accepted too; without a default, the first such country is used.
   */
  defaultRegion?: CountryCode;
  /** Text read from the ad's images; contacts found only there are marked `source: 'image'`. */
  ocrTexts?: string[];
  /**
   * Region the ad's language suggests: the weakest hint, used only when `defaultRegion` is unset
   * and the text names no city and quotes no single-country currency.
   */
  languageRegion?: CountryCode;
  /**
   * Countries tried last, for mobiles only, when a national number is valid neither in the
   * default region nor in a country the text names (e.g. the language's other countries).
   */
  otherRegions?: readonly CountryCode[];
  /** Year the ad was posted: reads "born in 2008" as an age. @default the current year */
  referenceYear?: number;
}

export function extractEntities(text: string, options: ExtractOptions = {}): Entities {
  const body = text.length > MAX_ENTITY_TEXT_CHARS ? text.slice(0, MAX_ENTITY_TEXT_CHARS) : text;
  const ocrTexts = (options.ocrTexts ?? [])
    .slice(0, MAX_OCR_TEXTS)
    .map((t) => (t.length > MAX_OCR_TEXT_CHARS ? t.slice(0, MAX_OCR_TEXT_CHARS) : t))
    .filter((t) => t.trim().length > 0);
  const prices = extractPrices(body);
  let named: CountryCode[] | undefined;
  let primary = options.defaultRegion;
  let primaryKnown = primary !== undefined;
  const regions: PhoneRegions = {
    // Read only for a number written without its country code: the gazetteer is not searched
    // for the many ads that give every number with +.
    get primary() {
      if (!primaryKnown) {
        primary = countriesNamedIn(body)[0] ?? currencyCountries(prices)[0] ?? options.languageRegion;
        primaryKnown = true;
      }
      return primary;
    },
    fallback() {
      named ??= [
        ...new Set([
          ...countriesNamedIn(body),
          ...currencyCountries(prices),
          ...(options.languageRegion ? [options.languageRegion] : []),
          ...(options.otherRegions ?? []),
        ]),
      ];
      return named;
    },
  };

  const phones = new Map<string, PhoneEntity>();
  const handles: Handle[] = [];
  const handleKeys = new Set<string>();
  const emails: string[] = [];
  const contactObfuscations = new Set<Obfuscation>();

  for (const phone of extractPhones(body, regions, 'text')) {
    addPhone(phones, phone);
    for (const platform of platformsNear(body, phone.raw))
      addHandle(handles, handleKeys, { platform, value: phoneHandle(phone.e164) });
  }
  for (const link of whatsappLinkPhones(body)) {
    addPhone(phones, { e164: link.e164, raw: link.raw, source: 'text', obfuscations: [] });
    addHandle(handles, handleKeys, { platform: 'whatsapp', value: phoneHandle(link.e164) });
  }
  for (const email of extractEmails(body)) {
    if (email.spelled) contactObfuscations.add('at_dot_spelling');
    if (!emails.includes(email.email)) emails.push(email.email);
  }
  for (const handle of extractHandles(body)) addHandle(handles, handleKeys, handle);

  for (const ocr of ocrTexts) {
    for (const phone of extractPhones(ocr, regions, 'image')) {
      if (phones.has(phone.e164)) continue;
      addPhone(phones, { ...phone, obfuscations: ['image', ...phone.obfuscations] });
      for (const platform of platformsNear(ocr, phone.raw))
        addHandle(handles, handleKeys, { platform, value: phoneHandle(phone.e164) });
    }
    for (const email of extractEmails(ocr)) {
      if (emails.includes(email.email)) continue;
      emails.push(email.email);
      contactObfuscations.add('image');
      if (email.spelled) contactObfuscations.add('at_dot_spelling');
    }
    for (const handle of extractHandles(ocr))
      if (addHandle(handles, handleKeys, handle)) contactObfuscations.add('image');
  }

  const year = options.referenceYear ?? new Date().getUTCFullYear();
  const ages = extractAges(body, year);
  for (const ocr of ocrTexts)
    for (const age of extractAges(ocr, year)) if (!ages.includes(age)) ages.push(age);
  const phoneDetails = [...phones.values()];
  return {
    phones: phoneDetails.map((p) => p.e164),
    emails,
    handles,
    ages,
    prices,
    phoneDetails,
    contactObfuscations: [...contactObfuscations],
  };
}

// Module functions rather than closures in `extractEntities`: under tsx every closure is named anew
// on every call.

function addPhone(phones: Map<string, PhoneEntity>, phone: PhoneEntity): void {
  const known = phones.get(phone.e164);
  if (!known) phones.set(phone.e164, phone);
  else if (known.source === phone.source) {
    for (const o of phone.obfuscations) if (!known.obfuscations.includes(o)) known.obfuscations.push(o);
  }
}

/** Adds a handle once; false when it was known. */
function addHandle(handles: Handle[], keys: Set<string>, handle: Handle): boolean {
  const key = `${handle.platform}:${handle.value}`;
  if (keys.has(key)) return false;
  keys.add(key);
  handles.push(handle);
  return true;
}

/** Countries of the cities an ad names, first named first (at most MAX_NAMED_COUNTRIES). */
function countriesNamedIn(text: string): CountryCode[] {
  const out: CountryCode[] = [];
  for (const place of extractLocations(text)) {
    const region = inferRegion({ country: place.country });
    if (region && !out.includes(region)) out.push(region);
    if (out.length >= MAX_NAMED_COUNTRIES) break;
  }
  return out;
}

/** Countries of the single-country currencies the ad quotes, first quoted first. */
function currencyCountries(prices: readonly PriceEntity[]): CountryCode[] {
  const out: CountryCode[] = [];
  for (const price of prices) {
    const region = currencyRegion(price.currency);
    if (region && !out.includes(region)) out.push(region);
  }
  return out;
}

/** A messenger account that is a phone number is named by its E.164 digits without '+', as in wa.me/… links. */
function phoneHandle(e164: string): string {
  return e164.slice(1);
}

/** Messengers named just before a phone number ("WhatsApp: +49 151…"). */
function platformsNear(text: string, raw: string): string[] {
  const at = text.indexOf(raw);
  return at < 0 ? [] : platformsBefore(text.slice(Math.max(0, at - PLATFORM_WINDOW_CHARS), at));
}
