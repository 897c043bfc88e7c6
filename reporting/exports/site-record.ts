// The `export sites` record of ../shared/CONTRACTS.md. Sites are businesses, not people, so their
// records are not pseudonymised; a site without flagged ads is "no indicators observed", never safe.
import type { SiteDoc } from '../../storage/documents.ts';

export const NO_INDICATORS_OBSERVED = 'no indicators observed';

export interface SiteExportRecord {
  host: string;
  url: string;
  country: string | null;
  countryBasis: string | null;
  type: string;
  explicitness: string | null;
  languages: string[];
  cities: string[];
  adsFound: number;
  adsHighRisk: number;
  riskStatus: 'indicators observed' | typeof NO_INDICATORS_OBSERVED;
  firstCrawled: string;
  lastCrawled: string;
  compliance: {
    ageGate: string;
    reportMechanism: { present: boolean; url: string | null };
    termsUrl: string | null;
    privacyUrl: string | null;
    contactPoint: string | null;
    advertiserVerification: { claimed: boolean };
    antiTraffickingNotice: boolean;
    robotsTxt: { present: boolean; disallows: string[] };
  };
}

export function siteExportRecord(site: SiteDoc): SiteExportRecord {
  const c = site.compliance;
  return {
    host: site.host,
    url: site.url,
    country: site.country ?? null,
    countryBasis: site.countryBasis ?? null,
    type: site.type,
    explicitness: site.explicitness ?? null,
    languages: site.languages ?? [],
    cities: site.cities ?? [],
    adsFound: site.adsFound ?? 0,
    adsHighRisk: site.adsHighRisk ?? 0,
    riskStatus: (site.adsHighRisk ?? 0) > 0 ? 'indicators observed' : NO_INDICATORS_OBSERVED,
    firstCrawled: site.firstCrawled.toISOString(),
    lastCrawled: site.lastCrawled.toISOString(),
    compliance: {
      ageGate: c?.ageGate?.value ?? 'none',
      reportMechanism: { present: c?.reportMechanism?.value ?? false, url: c?.reportMechanism?.url ?? null },
      termsUrl: c?.termsUrl ?? null,
      privacyUrl: c?.privacyUrl ?? null,
      contactPoint: c?.contactPoint?.value ?? null,
      advertiserVerification: { claimed: c?.advertiserVerification?.claimed ?? false },
      antiTraffickingNotice: c?.antiTraffickingNotice?.value ?? false,
      robotsTxt: { present: c?.robotsTxt?.present ?? false, disallows: c?.robotsTxt?.disallows ?? [] },
    },
  };
}

export const SITE_CSV_COLUMNS = [
  'host',
  'url',
  'country',
  'countryBasis',
  'type',
  'explicitness',
  'languages',
  'cities',
  'adsFound',
  'adsHighRisk',
  'riskStatus',
  'firstCrawled',
  'lastCrawled',
  'ageGate',
  'reportMechanism',
  'reportMechanismUrl',
  'termsUrl',
  'privacyUrl',
  'contactPoint',
  'advertiserVerificationClaimed',
  'antiTraffickingNotice',
  'robotsTxtPresent',
  'robotsTxtDisallows',
] as const;

export function siteCsvValues(r: SiteExportRecord): unknown[] {
  const c = r.compliance;
  return [
    r.host,
    r.url,
    r.country,
    r.countryBasis,
    r.type,
    r.explicitness,
    r.languages.join(';'),
    r.cities.join(';'),
    r.adsFound,
    r.adsHighRisk,
    r.riskStatus,
    r.firstCrawled,
    r.lastCrawled,
    c.ageGate,
    c.reportMechanism.present,
    c.reportMechanism.url,
    c.termsUrl,
    c.privacyUrl,
    c.contactPoint,
    c.advertiserVerification.claimed,
    c.antiTraffickingNotice,
    c.robotsTxt.present,
    c.robotsTxt.disallows.join(';'),
  ];
}
