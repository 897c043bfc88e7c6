// Entity extraction: contacts (phones, emails, handles), stated ages, prices and places from ad text
// and OCR text. Pure functions; the classifier's scoring reads the `Entities` they return.

export type { CountryCode } from 'libphonenumber-js';
export { type ExtractOptions, extractEntities, MAX_ENTITY_TEXT_CHARS } from './extract.ts';
export { extractLocations, type Location, lookupCity } from './locations.ts';
export { inferRegion, languageOtherRegions, type RegionHints } from './regions.ts';
