// Ground-truth record shapes: what the marketplace knows about each ad, network and site, so
// tests and benchmarks can measure the crawler's and classifier's recall and precision.
import type { IndicatorCode } from '../../classifier/types.ts';
import type { ComplianceSignals, SiteType } from '../../storage/documents.ts';
import type { HandlePlatform, PhoneStyle } from './contacts.ts';
import type { Lang, TextIndicator } from './lang/types.ts';
import type { LinkType } from './networks.ts';
import type { AdKind, ClassifiedCategory } from './plan.ts';
import type { SiteKey } from './site-keys.ts';

/** An ad in the `adrisk score` input format (../shared/CONTRACTS.md). */
export interface ScoreInputAd {
  id: string;
  title: string;
  text: string;
  url: string;
  site: string;
  /** Local file paths of images: absent here; see `writeAdImages`. */
  images?: string[];
  postedAt: string;
}

export interface PhoneTruth {
  e164: string;
  /** Country the number is a valid mobile of. */
  country: string;
  style: PhoneStyle;
  /** Exactly as shown in the text (or, for style `image`, in the image). */
  shown: string;
  /** Classifier `Obfuscation` name for the style, when it hides the number. */
  obfuscation?: string;
  /** Whose number: the advertiser's own, a network's shared one, the agency's, or the site's support line. */
  role: 'own' | 'network' | 'agency' | 'site_support';
}

export interface ImageTruth {
  id: string;
  /** Path on the ad's site, e.g. `/img/ph-1-42.png`. */
  path: string;
  kind: 'phone' | 'banner';
  /** The text drawn in the image (the phone as shown, or a banner). */
  text: string;
}

export interface AdTruth {
  id: string;
  index: number;
  site: SiteKey;
  url: string;
  /** A polite crawler can reach it: false for ads in a robots-disallowed section. */
  crawlable: boolean;
  /** Its text is rendered by client-side JavaScript. */
  needsBrowser: boolean;
  /** Only visible after the site's age gate. */
  behindGate: boolean;
  /** Listed in the site's adult-services section (false for furniture, jobs… on classifieds). */
  adult: boolean;
  kind: AdKind;
  category?: ClassifiedCategory;
  name: string;
  /** The age the ad displays, if any (a minor's ad may display 18 while its text implies less). */
  age?: number;
  city: string;
  cityName: string;
  country: string;
  language: Lang;
  price?: { amount: number; currency: string; minutes?: number };
  phones: PhoneTruth[];
  emails: Array<{ value: string; shown: string; style: 'plain' | 'at_dot' }>;
  handles: Array<{ platform: HandlePlatform; value: string; shown: string }>;
  images: ImageTruth[];
  /** Codes the ad's own text expresses. */
  textIndicators: TextIndicator[];
  /** `textIndicators` plus the network code of its link (shared_contact, reused_images, template_text). */
  indicators: IndicatorCode[];
  hardNegative: boolean;
  risk: 'high' | 'low';
  networkId?: string;
  networkLink?: LinkType;
}

export interface GeneratedAd {
  ad: ScoreInputAd;
  truth: AdTruth;
}

export interface NetworkTruth {
  networkId: string;
  link: LinkType;
  /** The shared value: E.164 phone, handle (platform:value), email, image id or template id. */
  value: string;
  traffickingLike: boolean;
  duplicate: boolean;
  agency: boolean;
  risk: 'high' | 'low';
  adIds: string[];
  sites: SiteKey[];
}

export interface TrapTruth {
  kind: 'infinite_calendar' | 'redirect_loop' | 'large_page' | 'slow_response' | 'malformed_html';
  url: string;
  /** Every URL under this prefix belongs to the trap. */
  prefix?: string;
  note: string;
}

export interface SiteTruth {
  key: SiteKey;
  host: string;
  baseUrl: string;
  type: SiteType;
  explicitness: 'explicit' | 'non_explicit';
  needsBrowser: boolean;
  languages: Lang[];
  cities: string[];
  countries: string[];
  compliance: ComplianceSignals;
  /** Crawl-delay in robots.txt, seconds. */
  crawlDelay?: number;
  traps: TrapTruth[];
  adCount: number;
  /** A number printed on many unrelated ads of this site: not a network link. */
  supportPhone?: string;
}
