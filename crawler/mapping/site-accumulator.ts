// A site's record built from its pages, one page at a time in bounded memory: counters and the
// first evidence of each signal, never the pages themselves. `mergeSite` is the one-shot form.
import type { ComplianceSignals, SignalEvidence, SiteDoc, SiteType } from '../../storage/documents.ts';
import type { PageAnalysis } from '../types.ts';
import { inferCountry, MAX_PHONES_SAMPLED, phoneCountry } from './country.ts';

export type MappedSite = Omit<SiteDoc, '_id' | 'firstCrawled' | 'lastCrawled' | 'adsHighRisk'>;

export interface SiteExtra {
  robots?: { present: boolean; disallows: string[] };
  seedCountry?: string;
  ageGatePassed?: boolean;
  needsBrowser?: boolean;
  /** Evidence of the gate the crawler passed (URL and control text). */
  ageGateEvidence?: SignalEvidence;
}

/** Cities, languages and evidence items kept per site. */
const MAX_CITIES = 200;
const MAX_TYPE_EVIDENCE = 5;
/** A language must be on this share of the language-tagged pages to be listed for the site. */
const LANGUAGE_SHARE = 0.05;
/** Types that sell openly when no wording says otherwise; the others are euphemistic by default. */
const EXPLICIT_BY_TYPE: ReadonlySet<SiteType> = new Set(['escort_directory', 'webcam']);
/** Explicit hits that make a site explicit whatever its type, as a share of all wording hits. */
const EXPLICIT_SHARE = 0.5;
const MIN_EXPLICIT_HITS = 3;

const AGE_GATE_RANK = { none: 0, click_through: 1, verification: 2 } as const;

function contactRank(point: NonNullable<ComplianceSignals['contactPoint']>): number {
  const text = `${point.value} ${point.evidence?.text ?? ''}`;
  if (
    /single point of contact|point of contact|dsa|kontaktstelle|point de contact|punto de contact|punkt kontaktowy|punct de contact/i.test(
      text,
    )
  )
    return 4;
  if (point.value.includes('@')) return 3;
  if (/^\+?[\d ()./-]{7,}$/.test(point.value)) return 2;
  return 1;
}

export class SiteAccumulator {
  readonly host: string;
  private url: string | undefined;
  private ads = 0;
  private adPages = 0;
  private typeWeights = new Map<SiteType, number>();
  private typeEvidence = new Map<SiteType, SignalEvidence[]>();
  private languages = new Map<string, number>();
  private cities = new Map<string, number>();
  private phoneCountries = new Map<string, number>();
  /** Distinct numbers counted: a support line printed on every ad is one number, not a majority. */
  private phonesSeen = new Set<string>();
  private adLanguages = new Map<string, number>();
  private explicit = 0;
  private euphemistic = 0;
  private explicitEvidence: SignalEvidence | undefined;
  private browser = false;
  private signals: ComplianceSignals = {
    ageGate: { value: 'none' },
    reportMechanism: { value: false },
    advertiserVerification: { claimed: false },
    antiTraffickingNotice: { value: false },
    robotsTxt: { present: false, disallows: [] },
  };

  constructor(host: string) {
    this.host = host.toLowerCase();
  }

  /** Adds one page. `url` is optional because stored page records may lack it. */
  add(analysis: PageAnalysis, url?: string): void {
    // Stored page records carry no URL, but their evidence does.
    const seen = url ?? analysis.typeHints[0]?.evidence.url ?? analysis.signals.ageGate?.evidence?.url;
    if (seen && !this.url) {
      try {
        this.url = new URL(seen).origin;
      } catch {
        // not a URL: the host stands in below
      }
    }
    this.ads += analysis.ads.length;
    if (analysis.role === 'ad') this.adPages++;
    if (analysis.needsBrowser) this.browser = true;
    for (const hint of analysis.typeHints) {
      this.typeWeights.set(hint.type, (this.typeWeights.get(hint.type) ?? 0) + hint.weight);
      const list = this.typeEvidence.get(hint.type) ?? [];
      if (list.length < MAX_TYPE_EVIDENCE && !list.some((e) => e.text === hint.evidence.text))
        list.push(hint.evidence);
      this.typeEvidence.set(hint.type, list);
    }
    if (analysis.language) {
      this.languages.set(analysis.language, (this.languages.get(analysis.language) ?? 0) + 1);
      if (analysis.role === 'ad')
        this.adLanguages.set(analysis.language, (this.adLanguages.get(analysis.language) ?? 0) + 1);
    }
    for (const city of analysis.cities) {
      if (this.cities.has(city) || this.cities.size < MAX_CITIES)
        this.cities.set(city, (this.cities.get(city) ?? 0) + 1);
    }
    for (const ad of analysis.ads) {
      for (const contact of ad.contacts) {
        const digits = contact.replace(/\D/g, '');
        if (this.phonesSeen.size >= MAX_PHONES_SAMPLED || this.phonesSeen.has(digits)) continue;
        const country = phoneCountry(contact);
        if (!country) continue;
        this.phonesSeen.add(digits);
        this.phoneCountries.set(country, (this.phoneCountries.get(country) ?? 0) + 1);
      }
    }
    if (analysis.explicitness) {
      this.explicit += analysis.explicitness.explicit;
      this.euphemistic += analysis.explicitness.euphemistic;
      if (analysis.explicitness.explicit > 0 && !this.explicitEvidence)
        this.explicitEvidence = analysis.explicitness.evidence;
    }
    this.mergeSignals(analysis.signals);
  }

  private mergeSignals(page: Partial<ComplianceSignals>): void {
    const s = this.signals;
    if (page.ageGate && AGE_GATE_RANK[page.ageGate.value] > AGE_GATE_RANK[s.ageGate.value])
      s.ageGate = page.ageGate;
    if (page.reportMechanism?.value && !s.reportMechanism.value) s.reportMechanism = page.reportMechanism;
    if (page.termsUrl && !s.termsUrl) s.termsUrl = page.termsUrl;
    if (page.privacyUrl && !s.privacyUrl) s.privacyUrl = page.privacyUrl;
    if (
      page.contactPoint &&
      (!s.contactPoint || contactRank(page.contactPoint) > contactRank(s.contactPoint))
    ) {
      s.contactPoint = page.contactPoint;
    }
    if (page.advertiserVerification?.claimed && !s.advertiserVerification.claimed) {
      s.advertiserVerification = page.advertiserVerification;
    }
    if (page.antiTraffickingNotice?.value && !s.antiTraffickingNotice.value)
      s.antiTraffickingNotice = page.antiTraffickingNotice;
  }

  private siteType(): { type: SiteType; evidence: SignalEvidence[] } {
    const ranked = [...this.typeWeights].sort((a, b) => b[1] - a[1]);
    const top = ranked[0];
    if (!top) return { type: 'other', evidence: [] };
    return { type: top[0], evidence: this.typeEvidence.get(top[0]) ?? [] };
  }

  result(extra: SiteExtra = {}): MappedSite {
    const { type, evidence } = this.siteType();
    // The languages ads are written in; the site's own pages speak for it only when it has no ads.
    const source = this.adLanguages.size > 0 ? this.adLanguages : this.languages;
    const tagged = [...source.values()].reduce((a, b) => a + b, 0);
    const languages = [...source]
      .filter(([, n]) => n >= LANGUAGE_SHARE * tagged)
      .sort((a, b) => b[1] - a[1])
      .map(([lang]) => lang);
    const cities = [...this.cities].sort((a, b) => b[1] - a[1]).map(([city]) => city);
    const wording = this.explicit + this.euphemistic;
    const explicitByWords = this.explicit >= MIN_EXPLICIT_HITS && this.explicit >= EXPLICIT_SHARE * wording;
    const compliance: ComplianceSignals = { ...this.signals };
    if (extra.robots)
      compliance.robotsTxt = { present: extra.robots.present, disallows: [...extra.robots.disallows] };
    if (extra.ageGatePassed && compliance.ageGate.value === 'none') {
      compliance.ageGate = {
        value: 'click_through',
        ...(extra.ageGateEvidence ? { evidence: extra.ageGateEvidence } : {}),
      };
    }
    const needsBrowser = extra.needsBrowser ?? this.browser;
    return {
      host: this.host,
      url: this.url ?? `http://${this.host}`,
      ...inferCountry({
        host: this.host,
        ...(extra.seedCountry ? { seedCountry: extra.seedCountry } : {}),
        phoneCountries: this.phoneCountries,
        languages: this.languages,
      }),
      type,
      typeEvidence: evidence,
      explicitness: explicitByWords || EXPLICIT_BY_TYPE.has(type) ? 'explicit' : 'non_explicit',
      languages,
      cities,
      adsFound: this.ads > 0 ? this.ads : this.adPages,
      compliance,
      rendering: { needsBrowser, ageGatePassed: extra.ageGatePassed ?? compliance.ageGate.value !== 'none' },
    };
  }
}

type PageInput = PageAnalysis | { url: string; analysis: PageAnalysis };

/**
 * The site record from its pages. Accepts `{url, analysis}` pairs or bare analyses (the engine's
 * stored page records), so it can serve as the crawler's `MergeSite`.
 */
export function mergeSite(host: string, pages: PageInput[], extra: SiteExtra = {}): MappedSite {
  const acc = new SiteAccumulator(host);
  for (const page of pages) {
    if ('analysis' in page) acc.add(page.analysis, page.url);
    else acc.add(page);
  }
  return acc.result(extra);
}
