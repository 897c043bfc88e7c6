// Site records rebuilt from the pages of a run: the mapper (`mergeSite` from crawler/analysis)
// merges what each page said; the crawler adds what only it knows (robots.txt, the age gate it
// passed, the seed's country, how many ads are online).
import type {
  AdRepository,
  ComplianceSignals,
  HostRepository,
  PageRepository,
  SignalEvidence,
  SiteDoc,
  SiteRepository,
} from '../storage/index.ts';
import type { RobotsCache } from './robots.ts';
import type { PageAnalysis } from './types.ts';

/** Pages read back per host to rebuild its record. */
export const SITE_PAGES_SAMPLE = 1_000;

/** What the crawler alone knows about a site, handed to the mapper. */
export interface SiteFacts {
  robots?: { present: boolean; disallows: string[] };
  seedCountry?: string;
  ageGatePassed?: boolean;
  needsBrowser?: boolean;
  ageGateEvidence?: SignalEvidence;
}

/** The mapper's merge (crawler/analysis `mergeSite`): site fields from the analyses of its pages. */
export type MergeSite = (
  host: string,
  pages: Array<{ url: string; analysis: PageAnalysis }>,
  facts: SiteFacts,
) => Partial<SiteDoc>;

export interface SiteRecordDeps {
  pages: PageRepository;
  hosts: HostRepository;
  ads: AdRepository;
  sites: SiteRepository;
  robots: RobotsCache;
  mergeSite: MergeSite | undefined;
}

const NO_SIGNALS: ComplianceSignals = {
  ageGate: { value: 'none' },
  reportMechanism: { value: false },
  advertiserVerification: { claimed: false },
  antiTraffickingNotice: { value: false },
  robotsTxt: { present: false, disallows: [] },
};

export async function rebuildSite(
  host: string,
  runId: string,
  deps: SiteRecordDeps,
  now = new Date(),
): Promise<void> {
  const pages = await deps.pages.forHost(host, runId, SITE_PAGES_SAMPLE);
  if (pages.length === 0) return;
  const analyses = pages.map((p) => ({
    url: p.finalUrl,
    analysis: {
      role: p.role,
      ads: [],
      links: [],
      externalLinks: p.externalLinks ?? [],
      ...(p.language ? { language: p.language } : {}),
      signals: p.signals,
      typeHints: p.typeHints,
      cities: p.cities,
      needsBrowser: p.needsBrowser,
      ...(p.externalAnchors ? { externalAnchors: p.externalAnchors } : {}),
      ...(p.explicitness ? { explicitness: p.explicitness } : {}),
      ...(p.adDecision ? { adDecision: p.adDecision } : {}),
    } satisfies PageAnalysis,
  }));
  const hostDoc = await deps.hosts.get(host);
  const firstUrl = pages[0]!.finalUrl;
  const robots = await deps.robots.info(firstUrl).catch(() => undefined);
  const robotsTxt = { present: robots?.present ?? false, disallows: robots?.disallows ?? [] };
  const gate = hostDoc?.ageGate?.passed
    ? { url: hostDoc.ageGate.url, text: hostDoc.ageGate.control }
    : undefined;
  const needsBrowser = hostDoc?.needsBrowser === true || pages.some((p) => p.rendered);
  const merged =
    deps.mergeSite?.(host, analyses, {
      robots: robotsTxt,
      ...(hostDoc?.country ? { seedCountry: hostDoc.country } : {}),
      ageGatePassed: gate !== undefined,
      needsBrowser,
      ...(gate ? { ageGateEvidence: gate } : {}),
    }) ?? {};
  const compliance: ComplianceSignals = { ...NO_SIGNALS, ...merged.compliance, robotsTxt };
  if (gate && compliance.ageGate.value === 'none')
    compliance.ageGate = { value: 'click_through', evidence: gate };
  const languages = merged.languages ?? [
    ...new Set(pages.map((p) => p.language).filter(Boolean) as string[]),
  ];
  const cities = merged.cities ?? [...new Set(pages.flatMap((p) => p.cities))].slice(0, 200);
  const { firstCrawled: _first, lastCrawled: _last, _id: _ignored, ...rest } = merged;
  await deps.sites.upsert({
    type: 'other',
    ...rest,
    _id: host,
    host,
    url: merged.url ?? new URL(firstUrl).origin,
    languages,
    cities,
    adsFound: await deps.ads.countOnline(host),
    lastCrawled: now,
    compliance,
    ...(hostDoc?.country ? { country: hostDoc.country, countryBasis: 'seed' as const } : {}),
    rendering: { needsBrowser, ageGatePassed: gate !== undefined },
  });
}
