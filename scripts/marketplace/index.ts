// Public surface of the synthetic marketplace (used by the demo, tests and benchmarks).
export { adAt, adId, adPath, type GenerateOptions, generateAds, riskOf } from './generator.ts';
export { createGroundTruth, type GroundTruth, writeGroundTruth } from './ground-truth.ts';
export { renderImagePng, writeAdImages } from './images.ts';
export { BANKS, LANGS, type Lang, type TextIndicator } from './lang/index.ts';
export { isValidMobile } from './phones.ts';
export { type Marketplace, type MarketplaceInput, type RunningSite, startMarketplace } from './server.ts';
export { SITE_KEYS, SITE_TYPES, type SiteKey } from './site-keys.ts';
export { GATE_COOKIE } from './sites/gated.ts';
export type {
  AdTruth,
  GeneratedAd,
  ImageTruth,
  NetworkTruth,
  PhoneTruth,
  ScoreInputAd,
  SiteTruth,
  TrapTruth,
} from './truth.ts';
