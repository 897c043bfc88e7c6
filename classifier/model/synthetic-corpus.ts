// The synthetic marketplace corpus as training and evaluation data. The two splits are disjoint
// ranges of the same seeded generator, so the bench measures the model on ads it never saw.
import { generateAds } from '../../scripts/marketplace/generator.ts';
import { NetworkLinker, networkHits, textSignature } from '../networks/index.ts';
import type { AdInput, Entities, IndicatorCode, IndicatorHit } from '../types.ts';
import type { LabelledText } from './trainer.ts';

export interface CorpusSplit {
  seed: number;
  offset: number;
  count: number;
}

export const TRAINING_SPLIT: CorpusSplit = { seed: 1, offset: 0, count: 24_000 };
/** Fits the fusion of indicators and model (classifier/model/fusion.ts `fitFusion`). */
export const FUSION_SPLIT: CorpusSplit = { seed: 1, offset: 500_000, count: 3_000 };
/** Far past the training range: no generated ad of one split is in the other. */
export const EVALUATION_SPLIT: CorpusSplit = { seed: 1, offset: 1_000_000, count: 4_000 };

export interface LabelledAd {
  ad: AdInput;
  highRisk: boolean;
  /** Codes the ad's own text expresses (network codes are the networks stage's to find). */
  indicators: IndicatorCode[];
  /** E.164 numbers shown in the text (numbers shown only in images are left out). */
  phones: string[];
  /** What a crawler reads from the ad page's fields, for linking ads into networks. */
  profile: { name: string; age?: number; city: string; cityName: string };
}

/** Ads of a split with their ground truth, in the shape training and evaluation need. */
export function syntheticAds(split: CorpusSplit): LabelledAd[] {
  const out: LabelledAd[] = [];
  for (const { ad, truth } of generateAds(split)) {
    // Images are drawn separately by the marketplace; the corpus scores text only.
    const { images: _images, ...input } = ad;
    out.push({
      ad: input,
      highRisk: truth.risk === 'high',
      indicators: [...truth.textIndicators],
      phones: truth.phones.filter((p) => p.style !== 'image').map((p) => p.e164),
      profile: { name: truth.name, age: truth.age, city: truth.city, cityName: truth.cityName },
    });
  }
  return out;
}

export function syntheticTexts(split: CorpusSplit): LabelledText[] {
  return syntheticAds(split).map(({ ad, highRisk }) => ({
    text: [ad.title, ad.text].filter(Boolean).join('\n'),
    label: highRisk ? 1 : 0,
  }));
}

/**
 * Links a corpus into networks as `adrisk classify` does (contacts from the ads' entities, text
 * signatures, the page fields a crawler reads) and returns each ad's network indicator hits.
 */
export function corpusNetworkHits(
  corpus: LabelledAd[],
  entities: Entities[],
): Record<string, IndicatorHit[]> {
  const linker = new NetworkLinker();
  linker.add(
    corpus.map(({ ad, profile }, i) => ({
      id: ad.id,
      site: ad.site ?? '',
      name: profile.name,
      age: profile.age,
      city: profile.city,
      time: ad.postedAt ? Date.parse(ad.postedAt) : undefined,
      phones: entities[i]!.phones,
      emails: entities[i]!.emails,
      handles: entities[i]!.handles,
      textSignature: textSignature([ad.title, ad.text].filter(Boolean).join('\n'), [
        profile.name,
        profile.cityName,
      ]),
    })),
  );
  const out: Record<string, IndicatorHit[]> = {};
  for (const { ad } of corpus) out[ad.id] = networkHits(linker, ad.id);
  return out;
}
