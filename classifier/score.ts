// Scores one ad: language, entities, indicators (lexicon + entity signals + network hits from the
// caller), the model's calibrated probability, and their fusion into a risk in 0..1 with a level.
// The score is a signal for a human reviewer, never a verdict: every indicator carries the words
// or entities that triggered it, in the ad's own language.
import { extractEntities, inferRegion, languageOtherRegions } from './entities/index.ts';
import {
  batchPriceNorms,
  defaultLexicon,
  detectIndicators,
  entitySignals,
  type Lexicon,
  type PriceNorms,
} from './indicators/index.ts';
import { detectLanguage } from './language.ts';
import { defaultModel, type RiskModel, sigmoid } from './model/model.ts';
import { type OcrPool, ocrImages } from './ocr/index.ts';
import { cachedProfile, type Profile, type ProfileSet, profileFor } from './profiles/index.ts';
import type { AdInput, IndicatorHit, RiskLevel, ScoreResult } from './types.ts';

/** Defaults of `classify.highThreshold` / `classify.mediumThreshold` (scripts/cli/config.ts). */
export const DEFAULT_THRESHOLDS = { high: 0.6, medium: 0.3 } as const;
/** A stated or implied minor puts the ad at least this high, whatever else the score says. */
export const MINOR_AGE_MIN_RISK = 0.95;
/** Title, text and OCR text beyond this are not read: the input is attacker-controlled. */
export const MAX_SCORED_TEXT_CHARS = 20_000;
/** Indicator counts above this are one model feature. */
const MAX_COUNTED_CODES = 5;
/** Model probabilities are clamped to this margin before taking log-odds. */
const PROBABILITY_MARGIN = 1e-3;

export interface Thresholds {
  high: number;
  medium: number;
}

export interface ScoreContext {
  /** Profile name (`classify.profile`) or a loaded profile set. @default 'default' */
  profile?: string | ProfileSet;
  /** `shared_contact`, `reused_images`, `template_text` from the networks stage; weight = strength 0..1. */
  networkHits?: IndicatorHit[];
  /** Network hits per ad id, for batches. */
  networkHitsById?: Record<string, IndicatorHit[]>;
  /** Normal price per hour by currency (e.g. the batch's median for one site). */
  priceNorms?: PriceNorms;
  thresholds?: Thresholds;
  lexicon?: Lexicon;
  model?: RiskModel;
}

/**
 * Scores an ad, reading its images first (OCR through `ocrPool`, or a temporary pool); images that
 * already carry `ocrText` are not read again. An image that cannot be read counts as empty.
 */
export async function scoreAd(
  input: AdInput,
  context: ScoreContext & { ocrPool?: OcrPool } = {},
): Promise<ScoreResult> {
  const images = input.images ?? [];
  const unread = images.filter(
    (i) => i.ocrText === undefined && (i.path !== undefined || i.bytes !== undefined),
  );
  if (unread.length === 0) return scoreAdText(input, context);
  const texts = await ocrImages(unread, context.ocrPool);
  const read = new Map(unread.map((image, i) => [image, texts[i] ?? '']));
  const withText = images.map((image) => (read.has(image) ? { ...image, ocrText: read.get(image)! } : image));
  return scoreAdText({ ...input, images: withText }, context);
}

/** What scoring reads from an ad before the model: its language, entities and indicators. */
export interface AdAnalysis {
  adText: string;
  ocrTexts: string[];
  language: string;
  entities: ScoreResult['entities'];
  /** Lexicon, entity and network indicators, strongest first. */
  indicators: IndicatorHit[];
  profile: Profile;
}

/** Language, entities and indicators of an ad (no model, no OCR). */
export function analyseAd(input: AdInput, context: ScoreContext = {}): AdAnalysis {
  const profileSet =
    typeof context.profile === 'object' ? context.profile : cachedProfile(context.profile ?? 'default');
  const profile = profileFor(profileSet, input.country);
  const adText = [input.title, input.text].filter(Boolean).join('\n').slice(0, MAX_SCORED_TEXT_CHARS);
  const ocrTexts = (input.images ?? [])
    .map((i) => i.ocrText)
    .filter((t): t is string => typeof t === 'string' && t.length > 0)
    .map((t) => t.slice(0, MAX_SCORED_TEXT_CHARS));
  const language = detectLanguage(adText);
  // The language is the weakest hint: a city the ad names or a currency it quotes outranks it
  // (a French-language ad from Genève, an English one priced in Kč), so extraction applies it
  // last, reading the text for places only when a number needs a region.
  const defaultRegion = inferRegion({
    country: input.country,
    city: input.city,
    site: input.site,
    url: input.url,
  });
  const entities = extractEntities(adText, {
    defaultRegion,
    languageRegion: language === 'und' ? undefined : inferRegion({ language }),
    ocrTexts,
    otherRegions: languageOtherRegions(language),
    referenceYear: postedYear(input.postedAt),
  });
  const ruleText = ocrTexts.length > 0 ? `${adText}\n${ocrTexts.join('\n')}` : adText;
  const indicators = detectIndicators(ruleText, language, entities, {
    lexicon: context.lexicon ?? defaultLexicon(),
    profile,
    city: input.city,
    priceNorms: context.priceNorms,
  });
  for (const hit of context.networkHits ?? context.networkHitsById?.[input.id] ?? []) {
    mergeNetworkHit(indicators, hit, profile);
  }
  indicators.sort((a, b) => b.weight - a.weight);
  return { adText, ocrTexts, language, entities, indicators, profile };
}

/** Scores an ad without OCR: images count only through their `ocrText`, when given. */
export function scoreAdText(input: AdInput, context: ScoreContext = {}): ScoreResult {
  const lexicon = context.lexicon ?? defaultLexicon();
  const model = context.model ?? defaultModel();
  const thresholds = context.thresholds ?? DEFAULT_THRESHOLDS;
  const { adText, ocrTexts, language, entities, indicators, profile } = analyseAd(input, context);
  const probability = model.probability(adText, language, indicatorSignals(indicators));
  const urgent = indicators.some((h) => h.code === 'minor_age');
  let risk = fuse(indicators, probability, profile, model.file.fusion);
  if (urgent) risk = Math.max(risk, MINOR_AGE_MIN_RISK);
  const result: ScoreResult = {
    id: input.id,
    risk: Math.round(risk * 10_000) / 10_000,
    level: urgent ? 'high' : levelOf(risk, thresholds),
    urgent,
    indicators,
    entities,
    language,
    model: { probability: Math.round(probability * 10_000) / 10_000, version: model.version },
    lexiconVersion: lexicon.version,
  };
  if (ocrTexts.length > 0) result.ocrText = ocrTexts;
  return result;
}

/**
 * The indicators as model features: each code, each pair of codes and their number, so the model
 * can learn combinations (third party with restricted autonomy) that a sum of weights cannot.
 */
export function indicatorSignals(indicators: IndicatorHit[]): string[] {
  const codes = [...new Set(indicators.map((h) => h.code))].sort();
  const out = codes.map((c) => `i:${c}`);
  for (let i = 0; i < codes.length; i++)
    for (let j = i + 1; j < codes.length; j++) out.push(`p:${codes[i]}&${codes[j]}`);
  out.push(`n:${Math.min(codes.length, MAX_COUNTED_CODES)}`);
  return out;
}

/** A batch result: the score, or why this one ad could not be scored. */
export type BatchResult = ScoreResult | { id: string; error: string };

/**
 * Scores many ads (no OCR) and judges prices against the batch's own median per site and currency
 * when a site has enough priced ads: what is cheap depends on the market the site serves.
 */
export function scoreBatchText(ads: AdInput[], context: ScoreContext = {}): BatchResult[] {
  const results: BatchResult[] = ads.map((ad) => {
    try {
      return scoreAdText(ad, context);
    } catch (error) {
      return { id: ad.id, error: error instanceof Error ? error.message : String(error) };
    }
  });
  if (context.priceNorms) return results;
  const bySite = new Map<string, number[]>();
  ads.forEach((ad, i) => {
    const key = ad.site ?? '';
    if (key && 'risk' in results[i]!) bySite.set(key, [...(bySite.get(key) ?? []), i]);
  });
  const profileSet =
    typeof context.profile === 'object' ? context.profile : cachedProfile(context.profile ?? 'default');
  for (const indexes of bySite.values()) {
    const norms = batchPriceNorms(indexes.map((i) => (results[i] as ScoreResult).entities.prices));
    if (Object.keys(norms).length === 0) continue;
    for (const i of indexes) {
      const result = results[i] as ScoreResult;
      if (result.entities.prices.length === 0) continue;
      const profile = profileFor(profileSet, ads[i]!.country);
      const onlyPrices = { ...result.entities, ages: [], phoneDetails: [], contactObfuscations: [] };
      const cheap = entitySignals(onlyPrices, profile, { priceNorms: norms }).some(
        (x) => x.code === 'low_price',
      );
      // Rescore only where the site's own norm changes the verdict on price (rare, so cheap).
      if (cheap !== result.indicators.some((h) => h.code === 'low_price')) {
        results[i] = scoreAdText(ads[i]!, { ...context, priceNorms: norms });
      }
    }
  }
  return results;
}

/**
 * Fusion in log-odds: indicators combine by noisy-OR (each weight is the chance that this
 * indicator alone makes the ad worth review, `leak` the chance for an ad with none), then the
 * indicators' and the calibrated model's log-odds are added with multipliers fitted with the model
 * (model file `fusion`), or the profile's when the model has none.
 */
export function fuse(
  indicators: IndicatorHit[],
  probability: number,
  profile: Profile,
  fitted?: { indicatorWeight: number; modelWeight: number; bias: number },
): number {
  const { indicatorWeight, modelWeight, bias } = fitted ?? profile.fusion;
  const [indicatorLogOdds, modelLogOdds] = fusionInputs(indicators, probability, profile.fusion.leak);
  return sigmoid(indicatorWeight * indicatorLogOdds + modelWeight * modelLogOdds + bias);
}

/** The log-odds that fusion weighs: indicators by noisy-OR (with leak), and the model. */
export function fusionInputs(
  indicators: IndicatorHit[],
  probability: number,
  leak: number,
): [number, number] {
  let miss = 1 - leak;
  for (const hit of indicators) miss *= 1 - Math.min(0.999, hit.weight);
  const p = clamp(probability, PROBABILITY_MARGIN, 1 - PROBABILITY_MARGIN);
  return [logit(1 - miss), logit(p)];
}

export function levelOf(risk: number, thresholds: Thresholds): RiskLevel {
  if (risk >= thresholds.high) return 'high';
  if (risk >= thresholds.medium) return 'medium';
  return 'low';
}

function mergeNetworkHit(indicators: IndicatorHit[], hit: IndicatorHit, profile: Profile): void {
  const weight = Math.round(profile.weights[hit.code].weight * clamp(hit.weight, 0, 1) * 1000) / 1000;
  const existing = indicators.find((h) => h.code === hit.code);
  if (!existing) {
    indicators.push({ ...hit, weight, evidence: [...hit.evidence] });
    return;
  }
  existing.weight = Math.max(existing.weight, weight);
  for (const e of hit.evidence) if (!existing.evidence.includes(e)) existing.evidence.push(e);
  if (hit.rules) existing.rules = [...new Set([...(existing.rules ?? []), ...hit.rules])];
}

/** The year an ad was posted, for ages given as a birth year; undefined when unknown. */
function postedYear(postedAt: string | undefined): number | undefined {
  if (!postedAt) return undefined;
  const time = Date.parse(postedAt);
  return Number.isNaN(time) ? undefined : new Date(time).getUTCFullYear();
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
