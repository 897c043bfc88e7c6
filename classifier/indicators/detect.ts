// Turns lexicon matches and entity signals into one IndicatorHit per indicator code: weight is the
// profile's weight for the code times the strongest rule's strength; evidence and rule ids of
// every rule that fired are kept for the reviewer and for per-rule precision statistics.
import type { Profile } from '../profiles/index.ts';
import type { Entities, IndicatorCode, IndicatorHit } from '../types.ts';
import { languagesFor, matchRules } from './engine.ts';
import { entitySignals, type PriceNorms } from './entity-signals.ts';
import type { Lexicon } from './lexicon.ts';

/** Evidence strings kept per indicator. */
const MAX_EVIDENCE_PER_CODE = 8;

export interface DetectOptions {
  lexicon: Lexicon;
  profile: Profile;
  city?: string;
  priceNorms?: PriceNorms;
}

export function detectIndicators(
  text: string,
  language: string,
  entities: Entities,
  options: DetectOptions,
): IndicatorHit[] {
  const byCode = new Map<IndicatorCode, { strength: number; evidence: string[]; rules: string[] }>();
  const add = (code: IndicatorCode, strength: number, evidence: string[], rule: string) => {
    const hit = byCode.get(code) ?? { strength: 0, evidence: [], rules: [] };
    hit.strength = Math.max(hit.strength, strength);
    for (const e of evidence) {
      if (hit.evidence.length < MAX_EVIDENCE_PER_CODE && !hit.evidence.includes(e)) hit.evidence.push(e);
    }
    if (!hit.rules.includes(rule)) hit.rules.push(rule);
    byCode.set(code, hit);
  };
  for (const m of matchRules(text, languagesFor(language, options.lexicon))) {
    add(m.rule.code, m.rule.weight, m.evidence, m.rule.id);
  }
  for (const s of entitySignals(entities, options.profile, options))
    add(s.code, s.strength, s.evidence, s.rule);
  const out: IndicatorHit[] = [];
  for (const [code, hit] of byCode) {
    const weight = round(options.profile.weights[code].weight * hit.strength);
    if (weight > 0) out.push({ code, weight, evidence: hit.evidence, rules: hit.rules });
  }
  return out.sort((a, b) => b.weight - a.weight);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
