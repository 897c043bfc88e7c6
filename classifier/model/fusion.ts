// Fits how indicators and the model combine (score.ts `fuse`) on labelled ads the model was not
// trained on, so the fused risk is itself a calibrated probability. Shared by the corpus trainer
// (train.ts) and `adrisk train`.
import { cachedProfile } from '../profiles/index.ts';
import { fusionInputs, scoreAdText } from '../score.ts';
import type { AdInput, IndicatorHit } from '../types.ts';
import { type ModelFile, RiskModel } from './model.ts';
import { fitLogistic } from './trainer.ts';

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
  const [indicatorWeight, modelWeight, bias] = fitLogistic(
    rows,
    ads.map((a) => a.label),
  );
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
