// Trains the risk model and writes it as versioned JSON:
//   node --import tsx classifier/model/train.ts                 (synthetic corpus, training split)
//   node --import tsx classifier/model/train.ts --jsonl F.jsonl (records {text, label})
// Options: --out F (default classifier/model/model-v1.json), --count N, --seed N.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { InputError } from '../../core/errors.ts';
import { analyseAd, indicatorSignals } from '../score.ts';
import type { AdInput, IndicatorHit } from '../types.ts';
import { fitFusion } from './fusion.ts';
import { DEFAULT_MODEL_FILE, type ModelFile } from './model.ts';
import {
  type CorpusSplit,
  corpusNetworkHits,
  FUSION_SPLIT,
  type LabelledAd,
  syntheticAds,
  TRAINING_SPLIT,
} from './synthetic-corpus.ts';
import { type LabelledText, mulberry32, trainModel, withFusion } from './trainer.ts';

/** Share of JSONL records held out to fit the fusion (the synthetic corpus has its own split). */
const FUSION_FRACTION = 0.15;

const recordSchema = z.object({
  text: z.string(),
  label: z.union([z.literal(0), z.literal(1), z.boolean()]),
  language: z.string().optional(),
});

/** Reads `{text, label}` JSONL (e.g. reviewers' decisions exported for `adrisk train`). */
export function readLabelledJsonl(file: string): LabelledText[] {
  const out: LabelledText[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const parsed = recordSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new InputError(`${file}:${i + 1}: expected {text, label}`);
      out.push(parsed.data);
    });
  return out;
}

/** A split of the synthetic corpus with labels and the network hits its ads get when linked. */
function syntheticExamples(
  split: CorpusSplit,
): Array<{ ad: AdInput; label: number; networkHits: IndicatorHit[] }> {
  const corpus: LabelledAd[] = syntheticAds(split);
  const hits = corpusNetworkHits(
    corpus,
    corpus.map(({ ad }) => analyseAd(ad).entities),
  );
  return corpus.map(({ ad, highRisk }) => ({ ad, label: highRisk ? 1 : 0, networkHits: hits[ad.id] ?? [] }));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      jsonl: { type: 'string' },
      out: { type: 'string', default: DEFAULT_MODEL_FILE },
      count: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const split = {
    ...TRAINING_SPLIT,
    ...(values.count ? { count: Number(values.count) } : {}),
    ...(values.seed ? { seed: Number(values.seed) } : {}),
  };
  const started = performance.now();
  let model: ModelFile;
  if (values.jsonl) {
    const records = readLabelledJsonl(values.jsonl).map((r) => ({
      ...r,
      signals: indicatorSignals(analyseAd({ id: 'train', text: r.text }).indicators),
    }));
    const random = mulberry32(split.seed);
    const held = records.map(() => random() < FUSION_FRACTION);
    model = trainModel(
      records.filter((_, i) => !held[i]),
      { source: `jsonl:${values.jsonl}` },
    );
    const fusionAds = records
      .map((r, i) => ({
        ad: { id: String(i), text: r.text },
        label: r.label === true || r.label === 1 ? 1 : 0,
      }))
      .filter((_, i) => held[i]);
    model = withFusion(model, fitFusion(model, fusionAds));
  } else {
    model = trainModel(
      syntheticExamples(split).map(({ ad, label, networkHits }) => ({
        text: [ad.title, ad.text].filter(Boolean).join('\n'),
        label,
        signals: indicatorSignals(analyseAd(ad, { networkHits }).indicators),
      })),
      { source: `synthetic seed=${split.seed} offset=${split.offset} count=${split.count}` },
    );
    model = withFusion(model, fitFusion(model, syntheticExamples(FUSION_SPLIT)));
  }
  writeFileSync(values.out!, `${JSON.stringify(model)}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(
    `model ${model.version}: ${model.weights.length} weights, trained on ${model.training.examples} in ${seconds}s; calibration log loss ${model.training.calibrationLogLoss}, accuracy ${model.training.calibrationAccuracy}; fusion ${JSON.stringify(model.fusion)} → ${values.out}\n`,
  );
}

await main();
