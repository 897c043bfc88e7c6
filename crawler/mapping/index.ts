// Public surface of site mapping.
export { countryFromTld, inferCountry, phoneCountry } from './country.ts';
export { type MappedSite, mergeSite, SiteAccumulator, type SiteExtra } from './site-accumulator.ts';
