// The classifier's boundary types. The classifier takes plain ad records and returns scores; it
// knows nothing of HTTP or MongoDB.

/** Indicator codes of ../shared/CONTRACTS.md. */
export const INDICATOR_CODES = [
  'minor_age',
  'youth',
  'third_party',
  'multiple_persons',
  'movement',
  'foreign_origin',
  'restricted_autonomy',
  'risky_services',
  'low_price',
  'coded_language',
  'recruitment',
  'shared_contact',
  'reused_images',
  'template_text',
] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];

/** An image of an ad as the classifier sees it: a local file, or bytes already in memory. */
export interface AdImageInput {
  path?: string;
  bytes?: Uint8Array;
  /** Text already read from this image (OCR done earlier); skips OCR. */
  ocrText?: string;
}

/** One ad to score: the `adrisk score` input format, plus optional hints from the crawler. */
export interface AdInput {
  id: string;
  title?: string;
  text?: string;
  url?: string;
  site?: string;
  images?: AdImageInput[];
  postedAt?: string;
  /** Hints from the site (country ISO 3166-1 alpha-2, city, stated age/name fields). */
  country?: string;
  city?: string;
  name?: string;
  /** Price per hour in EUR as extracted, when the site has a structured field. */
  price?: { amount: number; currency: string; minutes?: number };
}

export interface Handle {
  platform: string;
  value: string;
}

/** How a contact was hidden, recorded for `coded_language` evidence. */
export type Obfuscation =
  | 'separators'
  | 'words'
  | 'lookalike_letters'
  | 'fullwidth_or_emoji_digits'
  | 'split_lines'
  | 'at_dot_spelling'
  | 'image';

export interface PhoneEntity {
  e164: string;
  /** The text as it appeared in the ad (or in OCR text). */
  raw: string;
  source: 'text' | 'image';
  obfuscations: Obfuscation[];
}

export interface PriceEntity {
  amount: number;
  currency: string;
  /** Duration the price is for, in minutes, when stated. */
  minutes?: number;
  raw: string;
}

export interface Entities {
  phones: string[];
  emails: string[];
  handles: Handle[];
  ages: number[];
  prices: PriceEntity[];
  /** Detail behind `phones`, for explanations and `coded_language`. */
  phoneDetails: PhoneEntity[];
  /** How emails/handles were hidden, if they were. */
  contactObfuscations: Obfuscation[];
}

export interface IndicatorHit {
  code: IndicatorCode;
  weight: number;
  /** The words (or image/entity descriptions) that triggered the indicator. */
  evidence: string[];
  /** Rule ids that fired, for per-rule precision statistics. */
  rules?: string[];
}

export type RiskLevel = 'high' | 'medium' | 'low';

/** `adrisk score` output and the core of `export ads`. */
export interface ScoreResult {
  id: string;
  risk: number;
  level: RiskLevel;
  /** True when `minor_age` fired: always high and first in the queue. */
  urgent: boolean;
  indicators: IndicatorHit[];
  entities: Entities;
  language: string;
  /** Model probability before fusion, and the versions that produced this score. */
  model: { probability: number; version: string };
  lexiconVersion: string;
  /** OCR text per image, when images were given. */
  ocrText?: string[];
}
