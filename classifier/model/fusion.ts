// Fits how indicators and the model combine (score.ts `fuse`) on labelled ads the model was not
// trained on, so the fused risk is itself a calibrated probability. Shared by the corpus trainer
// (train.ts) and `adrisk train`.
import { cachedProfile } from '../profiles/index.ts';
import { fusionInputs, scoreAdText } from '../score.ts';
import type { AdInput, IndicatorHit } from '../types.ts';
import { type ModelFile, RiskModel } from './model.ts';
import { fitLogistic } from './trainer.ts';

/**
 * The least multiplier the indicators' log-odds get in the fused score. A model trained on one
 * corpus's wording is most sure of itself on that wording; on ads written in other words, the
 * indicators (built from published lists, not from the corpus) must still move the score. On the
 * synthetic corpus the constraint costs nothing measurable (bench: precision and recall within
 * 0.003 of the free fit).
 */
export const MIN_INDICATOR_WEIGHT = 0.5;

export function fitFusion(
  model: ModelFile,
  ads: Array<{ ad: AdInput; label: number; networkHits?: IndicatorHit[] }>,
): NonNullable<ModelFile['fusion']> {
  const riskModel = new RiskModel(model);
  const profile = cachedProfile().base;
  const rows = ads.map(({ ad, networkHits }) => {
    const result = scoreAdText(ad, { model: riskModel, networkHits });
    return fusionInputs(result.indicators, result.model.probability, profile.fusion.leak);
  });
  const labels = ads.map((a) => a.label);
  let [indicatorWeight, modelWeight, bias] = fitLogistic(rows, labels);
  if (indicatorWeight! < MIN_INDICATOR_WEIGHT) {
    // Refit the model's multiplier and the bias with the indicators' share held at the minimum.
    [modelWeight, bias] = fitLogistic(
      rows.map(([, model]) => [model]),
      labels,
      undefined,
      rows.map(([indicators]) => MIN_INDICATOR_WEIGHT * indicators),
    );
    indicatorWeight = MIN_INDICATOR_WEIGHT;
  }
  return {
    indicatorWeight: round(indicatorWeight!),
    modelWeight: round(modelWeight!),
    bias: round(bias!),
    examples: ads.length,
  };
}

function round(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}
