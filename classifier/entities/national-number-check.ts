// Proves from libphonenumber's own metadata that a digit string written without a country code
// cannot be a valid number of a region, so that `phones.ts` skips the parse (several µs each) for
// the many digit runs that are no phone (ids in handles and e-mails, prices, dates). It only ever
// answers "cannot" when libphonenumber's parse and `getType()` would find no type.
//
// Why that holds: libphonenumber reads national digits D in region R (1) as an international
// number when D starts with R's IDD prefix, else (2) as D without R's calling code when D starts
// with it, else (3) as D. From that number it may strip a national prefix (the
// `nationalPrefixForParsing` match, of R's plan or of the calling code's main country), unless a
// transform rule rewrites the digits instead. The national number left must then match, in full,
// the national number pattern of the country chosen among those sharing the calling code, and one
// of that country's type patterns, which also require one of the type's possible lengths (the
// test `getNumberType` makes). Case (1) may land in any country and transform rules may add
// digits: both are left to libphonenumber, as are candidates with other than ASCII digits.
import { type CountryCode, Metadata } from 'libphonenumber-js/max';

const CHAR_0 = 0x30;
const CHAR_9 = 0x39;

/** The types `getNumberType` tries; a number is valid when one of them matches. */
const NUMBER_TYPES = [
  'FIXED_LINE',
  'MOBILE',
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
] as const;

/** The parts of libphonenumber's `Metadata` read here (its typings declare fewer). */
interface MetadataView {
  selectNumberingPlan(country: string): void;
  hasCountry(country: string): boolean;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
  nationalNumberPattern(): string;
  type(type: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
  numberingPlan: {
    callingCode(): string;
    IDDPrefix(): string;
    nationalPrefixForParsing(): string | undefined;
    nationalPrefixTransformRule(): string | undefined;
  };
}

interface TypeRule {
  /** The type's pattern, anchored as `matchesEntirely` anchors it. */
  pattern: RegExp;
  /** The type's possible lengths; undefined when any length is possible. */
  lengths: ReadonlySet<number> | undefined;
}

interface CountryRule {
  /** The national number pattern, anchored as `matchesEntirely` anchors it. */
  pattern: RegExp;
  /** Lengths some type allows (the union of the types' lengths); undefined for any length. */
  lengths: ReadonlySet<number> | undefined;
  /** The types with a pattern, as `getNumberType` tries them. */
  types: TypeRule[];
}

interface RegionRule {
  callingCode: string;
  idd: RegExp;
  nationalPrefixes: RegExp[];
  countries: CountryRule[];
}

/** Per region; null when the region is left to libphonenumber (see the module comment). */
const RULES = new Map<string, RegionRule | null>();

/**
 * False only when libphonenumber cannot find `digits` (national, no '+') a valid number of
 * `region`; true when it may.
 */
export function mayBeValidNational(digits: string, region: CountryCode): boolean {
  // libphonenumber drops what is not a digit (a lone surrogate can end a digit token): not modelled.
  if (!onlyAsciiDigits(digits)) return true;
  let rule = RULES.get(region);
  if (rule === undefined) {
    rule = regionRule(region);
    RULES.set(region, rule);
  }
  if (rule === null || rule.idd.test(digits)) return true;
  if (mayBeNationalNumber(rule, digits)) return true;
  return (
    digits.startsWith(rule.callingCode) && mayBeNationalNumber(rule, digits.slice(rule.callingCode.length))
  );
}

function onlyAsciiDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < CHAR_0 || code > CHAR_9) return false;
  }
  return text.length > 0;
}

/** Whether `number`, or `number` without a national prefix, may be a valid national number. */
function mayBeNationalNumber(rule: RegionRule, number: string): boolean {
  if (fitsSomeCountry(rule, number)) return true;
  for (const prefix of rule.nationalPrefixes) {
    const match = prefix.exec(number);
    if (match && fitsSomeCountry(rule, number.slice(match[0].length))) return true;
  }
  return false;
}

/** As `getNumberType` finds a type: the national number pattern, then a type's lengths and pattern. */
function fitsSomeCountry(rule: RegionRule, nationalNumber: string): boolean {
  const length = nationalNumber.length;
  for (const country of rule.countries) {
    if (country.lengths !== undefined && !country.lengths.has(length)) continue;
    if (!country.pattern.test(nationalNumber)) continue;
    for (const type of country.types)
      if ((type.lengths === undefined || type.lengths.has(length)) && type.pattern.test(nationalNumber))
        return true;
  }
  return false;
}

function regionRule(region: string): RegionRule | null {
  try {
    const metadata = new Metadata() as unknown as MetadataView;
    if (!metadata.hasCountry(region)) return null;
    metadata.selectNumberingPlan(region);
    const plan = metadata.numberingPlan;
    const callingCode = plan.callingCode();
    const idd = new RegExp(`^(?:${plan.IDDPrefix()})`);
    const sharing = metadata.getCountryCodesForCallingCode(callingCode) ?? [];
    const main = sharing[0] ?? region;
    const prefixes = new Set<string>();
    for (const country of new Set([region, main])) {
      metadata.selectNumberingPlan(country);
      if (metadata.numberingPlan.nationalPrefixTransformRule()) return null;
      const prefix = metadata.numberingPlan.nationalPrefixForParsing();
      if (prefix) prefixes.add(prefix);
    }
    const countries = [...new Set([region, ...sharing])].map((country) => countryRule(metadata, country));
    return {
      callingCode,
      idd,
      nationalPrefixes: [...prefixes].map((p) => new RegExp(`^(?:${p})`)),
      countries,
    };
  } catch {
    // Metadata of another shape than expected: every candidate goes to libphonenumber.
    return null;
  }
}

function countryRule(metadata: MetadataView, country: string): CountryRule {
  metadata.selectNumberingPlan(country);
  const anchored = (pattern: string) => new RegExp(`^(?:${pattern})$`);
  const types: TypeRule[] = [];
  let lengths: Set<number> | undefined = new Set<number>();
  for (const name of NUMBER_TYPES) {
    const type = metadata.type(name);
    const pattern = type?.pattern();
    if (!type || !pattern) continue;
    const allowed = type.possibleLengths();
    types.push({ pattern: anchored(pattern), lengths: allowed ? new Set(allowed) : undefined });
    if (allowed === undefined) lengths = undefined;
    else for (const length of allowed) lengths?.add(length);
  }
  return { pattern: anchored(metadata.nationalNumberPattern()), lengths, types };
}
