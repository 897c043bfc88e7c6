// Public surface of ad extraction: the generic extractor and the profile-driven one.
export { type CategoryDecision, decideAdult, pageCategory } from './category.ts';
export { contactsInText, contactsOf } from './contacts.ts';
export { parseAge, parseDate, parsePrice } from './fields.ts';
export { extractGeneric, type GenericResult, MAX_ADS_PER_PAGE } from './generic.ts';
export { extractWithProfile } from './profile.ts';
