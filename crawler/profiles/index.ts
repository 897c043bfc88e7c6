// Public surface of the site profiles.
export { loadProfiles, parseProfile, profileForHost } from './registry.ts';
export { type SiteProfile, siteProfileSchema } from './schema.ts';
