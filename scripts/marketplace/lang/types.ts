// The shape of a language bank: the phrase data ads in one language are composed from. Banks are
// data, written natively per language (not translated line by line), and several phrasings per
// slot keep the classifier's lexicon honest.
//
// Placeholders: {name} {age} {city} {price} {cur} {dur} {from} (origin, "from Brazil")
// {cities} (a list of cities) {days} {n} (number of people) {dest} (destination country)
// {salary}. Lines without a placeholder they need are fine; unknown placeholders are a bug.

export const LANGS = ['en', 'de', 'fr', 'es', 'it', 'ru', 'pl', 'ro'] as const;
export type Lang = (typeof LANGS)[number];

/** Indicator codes an ad's own text can express (network codes come from links between ads). */
export type TextIndicator =
  | 'minor_age'
  | 'youth'
  | 'third_party'
  | 'multiple_persons'
  | 'movement'
  | 'foreign_origin'
  | 'restricted_autonomy'
  | 'risky_services'
  | 'low_price'
  | 'coded_language'
  | 'recruitment';

export type NonAdultCategory = 'furniture' | 'jobs' | 'cars' | 'electronics';

export interface LanguageBank {
  lang: Lang;
  /** Digit words 0–9, for phones spelled out in words. */
  digits: readonly string[];
  /** Ways to write the "@" and "." of an email spelled out ("at", "dot"). */
  emailAt: readonly string[];
  emailDot: readonly string[];
  /** Duration labels for 30, 60 and 120 minutes. */
  durations: { 30: readonly string[]; 60: readonly string[]; 120: readonly string[] };
  titles: readonly string[];
  intros: readonly string[];
  /** Statements of an adult age, {age}. */
  ageLines: readonly string[];
  /** Neutral, non-explicit descriptions of personality, looks and company. */
  descriptions: readonly string[];
  /** Where and when: incall, outcall, the city. */
  places: readonly string[];
  /** Price lines: {price} {cur} {dur}. */
  prices: readonly string[];
  /** Lead-ins before the contact details. */
  contactLeads: readonly string[];
  /** "The number is in the picture" lines, for phones shown only in an image. */
  imageLeads: readonly string[];
  closings: readonly string[];
  /** Several phrasings per indicator. */
  indicators: Record<Exclude<TextIndicator, 'recruitment'>, readonly string[]>;
  /** Recruitment ads are job offers: their own titles and lines. */
  recruitment: { titles: readonly string[]; lines: readonly string[] };
  /** Hard negatives: independence, adult age, consent and safety, ordinary massage or dating. */
  negatives: readonly string[];
  massage: { titles: readonly string[]; lines: readonly string[] };
  dating: { titles: readonly string[]; lines: readonly string[] };
  /** Origins as they follow "arrived …": "from Brazil". */
  origins: readonly string[];
  /** Destination countries for recruitment, as they follow "work in …". */
  destinations: readonly string[];
  /** Ordinary classified ads of other categories: titles and lines ({price} {cur} {city}). */
  nonAdult: Record<NonAdultCategory, { titles: readonly string[]; lines: readonly string[] }>;
  /** Replies in a review forum thread (non-explicit). */
  replies: readonly string[];
  /** Site support footer, {phone}. */
  supportLines: readonly string[];
}
