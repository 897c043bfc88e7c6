// Phone numbers for synthetic ads: drawn from real mobile prefixes of the country and kept only
// when libphonenumber-js (full metadata) says they are valid MOBILE numbers, so the classifier's
// phone extraction is tested on numbers it must accept.
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { country } from './geo.ts';
import type { Rng } from './prng.ts';

const MAX_ATTEMPTS = 200;

export interface GeneratedPhone {
  e164: string;
  country: string;
  /** National format as the country writes it, e.g. `0151 23456789`. */
  national: string;
  /** International format, e.g. `+49 151 23456789`. */
  international: string;
  /** The digits a local would dial, e.g. `015123456789`. */
  nationalDigits: string;
}

export function isValidMobile(e164: string, countryCode?: string): boolean {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed?.isValid()) return false;
  if (countryCode && parsed.country !== countryCode) return false;
  return parsed.getType() === 'MOBILE';
}

/** A valid mobile number of `countryCode`, deterministic for the rng's state. */
export function generateMobile(rng: Rng, countryCode: string): GeneratedPhone {
  const { mobile } = country(countryCode);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const prefix = rng.pick(mobile.prefixes);
    const length = rng.pick(mobile.lengths);
    const nsn = prefix + rng.digits(length - prefix.length);
    const parsed = parsePhoneNumberFromString(nsn, countryCode as CountryCode);
    if (parsed?.isValid() && parsed.getType() === 'MOBILE' && parsed.country === countryCode) {
      const national = parsed.formatNational();
      return {
        e164: parsed.number,
        country: countryCode,
        national,
        international: parsed.formatInternational(),
        nationalDigits: national.replace(/\D/g, ''),
      };
    }
  }
  throw new Error(`no valid mobile number found for ${countryCode}: check its prefixes in geo.ts`);
}
