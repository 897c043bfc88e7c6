import examples from 'libphonenumber-js/examples.mobile.json' with { type: 'json' };
import {
  type CountryCode,
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { mayBeValidNational } from '../../../classifier/entities/national-number-check.ts';

/** Seeded, so that a failure can be replayed. */
function digitsSource(seed: number) {
  let state = seed;
  return (length: number) => {
    let out = '';
    for (let i = 0; i < length; i++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      out += String(state % 10);
    }
    return out;
  };
}

const isValid = (digits: string, region: CountryCode) =>
  parsePhoneNumberFromString(digits, region)?.getType() !== undefined;

describe('mayBeValidNational', () => {
  it('never rules out a number libphonenumber finds valid, in any country', () => {
    const digits = digitsSource(42);
    const ruledOutValid: string[] = [];
    let ruledOut = 0;
    for (const region of getCountries()) {
      const example = (examples as Record<string, string>)[region];
      const code = getCountryCallingCode(region);
      const candidates = example
        ? [example, `0${example}`, `${code}${example}`, `8${example}`, `1${example}`, `0${code}${example}`]
        : [];
      for (const prefix of ['', '0', '00', '8', '1', code, '810', '011', '6', '7'])
        for (let k = 0; k < 30; k++) candidates.push(`${prefix}${digits(6 + (k % 10))}`);
      for (const candidate of candidates) {
        if (mayBeValidNational(candidate, region)) continue;
        ruledOut++;
        if (isValid(candidate, region)) ruledOutValid.push(`${region} ${candidate}`);
      }
    }
    expect(ruledOutValid).toEqual([]);
    // The check is worth having: most random digit strings are ruled out.
    expect(ruledOut).toBeGreaterThan(10_000);
  });

  it('rules out digit runs that are no phone number of the region', () => {
    // Ids in handles, too short for a French or Spanish number, too long for a Maltese one.
    expect(mayBeValidNational('1000011', 'FR')).toBe(false);
    expect(mayBeValidNational('1000011', 'ES')).toBe(false);
    expect(mayBeValidNational('2135550123456', 'MT')).toBe(false);
    expect(mayBeValidNational('0612345678', 'FR')).toBe(true);
  });

  it('leaves to libphonenumber what it does not model', () => {
    // A lone surrogate can end a digit token; libphonenumber drops it, the check does not try.
    expect(mayBeValidNational('0859058354\udf52', 'IE')).toBe(true);
    // After the IDD prefix the number may belong to any country.
    expect(mayBeValidNational('00123', 'DE')).toBe(true);
  });
});
