// Public surface of page analysis (and, for the crawler's one import, of mapping, discovery,
// extraction and profiles): pure functions from fetched pages to what adrisk learns from them.
export {
  type Candidate,
  type CandidateScore,
  DEFAULT_HOST_BUDGET,
  DEFAULT_MAX_HOPS,
  type ExpandPolicy,
  isPlatformHost,
  MARKETPLACE_THRESHOLD,
  pickExpansions,
  scoreCandidate,
  shouldExpand,
} from '../discovery/index.ts';
export { extractGeneric, extractWithProfile, MAX_ADS_PER_PAGE } from '../extract/index.ts';
export {
  inferCountry,
  type MappedSite,
  mergeSite,
  SiteAccumulator,
  type SiteExtra,
} from '../mapping/index.ts';
export {
  loadProfiles,
  parseProfile,
  profileForHost,
  type SiteProfile,
  siteProfileSchema,
} from '../profiles/index.ts';
export { analyzePage, type SiteContext } from './analyze-page.ts';
export { needsBrowser } from './app-shell.ts';
export { citiesIn } from './cities.ts';
export { MAX_HTML_CHARS, parsePage } from './document.ts';
export { isInfoUrl } from './info-page.ts';
export { guessLanguage, pageLanguage } from './language.ts';
export { MAX_EXTERNAL_LINKS, MAX_LINKS_PER_PAGE } from './links.ts';
