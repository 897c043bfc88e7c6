// Jurisdiction profiles: how much each indicator counts, how contact obfuscations and prices are
// judged, and how indicators and the model are fused. Indicators differ by market, so a profile is
// the default plus per-country overrides (regions.json); `classify.profile` names the profile.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError, describeIssues } from '../../core/errors.ts';
import { INDICATOR_CODES, type IndicatorCode, type Obfuscation } from '../types.ts';

export const PROFILES_DIR = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_PROFILE = 'default';

const weightSchema = z.object({ weight: z.number().min(0).max(1), provenance: z.string().min(1) });
const obfuscationWeightsSchema = z.object({
  separators: z.number().min(0).max(1),
  words: z.number().min(0).max(1),
  lookalike_letters: z.number().min(0).max(1),
  fullwidth_or_emoji_digits: z.number().min(0).max(1),
  split_lines: z.number().min(0).max(1),
  at_dot_spelling: z.number().min(0).max(1),
  image: z.number().min(0).max(1),
}) satisfies z.ZodType<Record<Obfuscation, number>>;
/** Price per hour considered normal, by currency (ISO 4217). */
const priceNormsSchema = z.record(z.string(), z.number().positive());

const fusionSchema = z.object({
  /** Probability that an ad with no indicator is still worth review; keeps logits finite. */
  leak: z.number().gt(0).lt(0.5),
  /** Multiplier of the indicators' log-odds in the fused score. */
  indicatorWeight: z.number().min(0),
  /** Multiplier of the model's log-odds in the fused score. */
  modelWeight: z.number().min(0),
  bias: z.number(),
});

const profileSchema = z.object({
  name: z.string(),
  description: z.string(),
  weights: z.object(
    Object.fromEntries(INDICATOR_CODES.map((c) => [c, weightSchema])) as {
      [K in IndicatorCode]: typeof weightSchema;
    },
  ),
  obfuscationWeights: obfuscationWeightsSchema,
  priceNorms: priceNormsSchema,
  /** City (lower case) → currency → price per hour; overrides priceNorms for ads in that city. */
  cityPriceNorms: z.record(z.string(), priceNormsSchema),
  /** A price below this fraction of the norm fires `low_price`. */
  lowPriceRatio: z.number().gt(0).lt(1),
  fusion: fusionSchema,
});

const regionSchema = z.object({
  description: z.string(),
  weights: z.partialRecord(z.enum(INDICATOR_CODES), z.number().min(0).max(1)).optional(),
  obfuscationWeights: obfuscationWeightsSchema.partial().optional(),
  priceNorms: priceNormsSchema.optional(),
  cityPriceNorms: z.record(z.string(), priceNormsSchema).optional(),
  lowPriceRatio: z.number().gt(0).lt(1).optional(),
});
const regionsSchema = z.record(z.string(), z.unknown());

export type Profile = z.infer<typeof profileSchema>;
export type RegionOverride = z.infer<typeof regionSchema>;

/** A profile with its regional overrides, ready for scoring. */
export interface ProfileSet {
  base: Profile;
  regions: Map<string, RegionOverride>;
  /** Profiles with overrides applied, per country (computed once). */
  resolved: Map<string, Profile>;
}

/**
 * Loads a profile by name: `default`, a country code with overrides in regions.json (`DE`), a
 * profile file in this folder (`<name>.json`), or a path to a JSON profile file.
 */
export function loadProfile(name: string = DEFAULT_PROFILE, dir: string = PROFILES_DIR): ProfileSet {
  const regions = loadRegions(join(dir, 'regions.json'));
  const upper = name.toUpperCase();
  if (regions.has(upper)) {
    const base = applyRegion(readProfile(join(dir, `${DEFAULT_PROFILE}.json`)), regions.get(upper)!, upper);
    // A country profile applies to every ad, whatever the ad's own country.
    return { base, regions: new Map(), resolved: new Map() };
  }
  const file = existsSync(name) ? name : join(dir, `${name}.json`);
  if (!/^[\w./-]+$/.test(name) || !existsSync(file)) {
    throw new ConfigError(
      `classify.profile "${name}": no such profile (default, a country in regions.json, or a file)`,
    );
  }
  return { base: readProfile(file), regions, resolved: new Map() };
}

/** The profile for an ad: the base with the overrides of the ad's country, if any. */
export function profileFor(set: ProfileSet, country?: string): Profile {
  const key = country?.toUpperCase();
  if (!key || !set.regions.has(key)) return set.base;
  let profile = set.resolved.get(key);
  if (!profile) {
    profile = applyRegion(set.base, set.regions.get(key)!, key);
    set.resolved.set(key, profile);
  }
  return profile;
}

function applyRegion(base: Profile, region: RegionOverride, key: string): Profile {
  const weights = { ...base.weights };
  for (const [code, weight] of Object.entries(region.weights ?? {}) as Array<[IndicatorCode, number]>) {
    weights[code] = { weight, provenance: `${key} override: ${region.description}` };
  }
  return {
    ...base,
    name: `${base.name}+${key}`,
    weights,
    obfuscationWeights: { ...base.obfuscationWeights, ...region.obfuscationWeights },
    priceNorms: { ...base.priceNorms, ...region.priceNorms },
    cityPriceNorms: { ...base.cityPriceNorms, ...region.cityPriceNorms },
    lowPriceRatio: region.lowPriceRatio ?? base.lowPriceRatio,
  };
}

function readProfile(file: string): Profile {
  const parsed = profileSchema.safeParse(readJson(file));
  if (!parsed.success) throw new ConfigError(`profile ${file}: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

function loadRegions(file: string): Map<string, RegionOverride> {
  const out = new Map<string, RegionOverride>();
  if (!existsSync(file)) return out;
  const raw = regionsSchema.parse(readJson(file));
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('$')) continue;
    const parsed = regionSchema.safeParse(value);
    if (!parsed.success) throw new ConfigError(`regions.json ${key}: ${describeIssues(parsed.error.issues)}`);
    out.set(key.toUpperCase(), parsed.data);
  }
  return out;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`profile ${file}: ${(error as Error).message}`);
  }
}

const cache = new Map<string, ProfileSet>();

/** loadProfile, once per name per process. */
export function cachedProfile(name: string = DEFAULT_PROFILE): ProfileSet {
  let set = cache.get(name);
  if (!set) {
    set = loadProfile(name);
    cache.set(name, set);
  }
  return set;
}
