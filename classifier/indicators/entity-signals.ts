// Indicators read from extracted entities rather than wording: stated ages (minor_age, youth),
// hidden contacts (coded_language, recording how each was hidden) and prices far below the norm
// (low_price). Weights here are strengths 0..1; the profile weighs the indicator.
import type { Profile } from '../profiles/index.ts';
import type { Entities, IndicatorCode, Obfuscation, PriceEntity } from '../types.ts';

export const ADULT_AGE = 18;
/** Stated ages up to this one read as youth emphasis (CONTRACTS: 18–19). */
export const YOUTH_MAX_AGE = 19;
/** Ages below this are not plausible statements about the advertised person (room numbers…). */
const MIN_PLAUSIBLE_AGE = 10;
const MINUTES_PER_HOUR = 60;

export interface SignalHit {
  code: IndicatorCode;
  strength: number;
  evidence: string[];
  rule: string;
}

/** Price per hour considered normal, by currency; from the batch or the site when known. */
export type PriceNorms = Record<string, number>;

const OBFUSCATION_LABEL: Record<Obfuscation, string> = {
  separators: 'digits broken up by separators',
  words: 'digits written as words',
  lookalike_letters: 'look-alike letters for digits',
  fullwidth_or_emoji_digits: 'full-width or emoji digits',
  split_lines: 'number split across lines',
  at_dot_spelling: 'address spelled with "at"/"dot"',
  image: 'contact shown only in an image',
};

export function entitySignals(
  entities: Entities,
  profile: Profile,
  options: { city?: string; priceNorms?: PriceNorms } = {},
): SignalHit[] {
  const out: SignalHit[] = [];
  const ages = entities.ages.filter((a) => a >= MIN_PLAUSIBLE_AGE);
  const minors = ages.filter((a) => a < ADULT_AGE);
  if (minors.length > 0) {
    out.push({
      code: 'minor_age',
      strength: 1,
      evidence: minors.map((a) => `stated age ${a}`),
      rule: 'entity.age.minor',
    });
  }
  const young = ages.filter((a) => a >= ADULT_AGE && a <= YOUTH_MAX_AGE);
  if (young.length > 0) {
    out.push({
      code: 'youth',
      strength: 1,
      evidence: young.map((a) => `stated age ${a}`),
      rule: 'entity.age.youth',
    });
  }
  const hidden = obfuscationSignal(entities, profile);
  if (hidden) out.push(hidden);
  const price = lowPriceSignal(entities.prices, profile, options);
  if (price) out.push(price);
  return out;
}

function obfuscationSignal(entities: Entities, profile: Profile): SignalHit | undefined {
  const evidence: string[] = [];
  let strength = 0;
  for (const phone of entities.phoneDetails) {
    if (phone.obfuscations.length === 0) continue;
    const how = phone.obfuscations.map((o) => OBFUSCATION_LABEL[o]).join(', ');
    evidence.push(`phone hidden (${how}): "${phone.raw.slice(0, 60)}"`);
    for (const o of phone.obfuscations) strength = Math.max(strength, profile.obfuscationWeights[o]);
  }
  for (const o of new Set(entities.contactObfuscations)) {
    evidence.push(`contact hidden (${OBFUSCATION_LABEL[o]})`);
    strength = Math.max(strength, profile.obfuscationWeights[o]);
  }
  if (strength === 0) return undefined;
  return { code: 'coded_language', strength, evidence, rule: 'entity.contact.obfuscated' };
}

function lowPriceSignal(
  prices: PriceEntity[],
  profile: Profile,
  options: { city?: string; priceNorms?: PriceNorms },
): SignalHit | undefined {
  const city = options.city?.toLowerCase();
  const cityNorms = city ? profile.cityPriceNorms[city] : undefined;
  for (const price of prices) {
    if (price.amount <= 0) continue;
    const currency = price.currency.toUpperCase();
    const norm = options.priceNorms?.[currency] ?? cityNorms?.[currency] ?? profile.priceNorms[currency];
    if (!norm) continue;
    const perHour = (price.amount * MINUTES_PER_HOUR) / (price.minutes ?? MINUTES_PER_HOUR);
    const ratio = perHour / norm;
    if (ratio >= profile.lowPriceRatio) continue;
    // The further below the threshold, the stronger; half the threshold or less counts fully.
    const strength = Math.min(1, 0.5 + (profile.lowPriceRatio - ratio) / profile.lowPriceRatio);
    return {
      code: 'low_price',
      strength,
      evidence: [
        `${price.raw.slice(0, 40)} ≈ ${Math.round(perHour)} ${currency}/h, ${Math.round(ratio * 100)}% of the norm ${norm}`,
      ],
      rule: 'entity.price.low',
    };
  }
  return undefined;
}

/** Median price per hour by currency over a batch of ads (one site, one run): the local norm. */
export function batchPriceNorms(batch: Array<PriceEntity[]>, minSamples = 5): PriceNorms {
  const byCurrency = new Map<string, number[]>();
  for (const prices of batch) {
    for (const p of prices) {
      if (p.amount <= 0) continue;
      const c = p.currency.toUpperCase();
      const list = byCurrency.get(c) ?? [];
      list.push((p.amount * MINUTES_PER_HOUR) / (p.minutes ?? MINUTES_PER_HOUR));
      byCurrency.set(c, list);
    }
  }
  const out: PriceNorms = {};
  for (const [currency, values] of byCurrency) {
    if (values.length < minSamples) continue;
    values.sort((a, b) => a - b);
    out[currency] = values[Math.floor(values.length / 2)]!;
  }
  return out;
}
