// `adrisk train [--out F] [--min-decisions N] [--include-synthetic]`: retrains the risk model on
// reviewers' decisions, writes it as versioned JSON into the data directory, makes it the model
// `adrisk classify` scores with (ads are rescored on the next run, as the version changed), and
// prints how it and the current model predict the decisions they did not see.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import {
  assertTrainable,
  buildLabelledSet,
  DEFAULT_MIN_DECISIONS,
  defaultModel,
  type HeldOutMetrics,
  type RetrainResult,
  retrain,
  syntheticTrainingTexts,
} from '../../../classifier/model/index.ts';
import { describeIssues, InputError } from '../../../core/errors.ts';
import { AuditLog } from '../../../storage/audit.ts';
import { reviewedAds, setActiveModel } from '../../../storage/training-data.ts';
import type { CliContext } from '../context.ts';
import { scoringModel } from '../scoring-model.ts';

/** @default of --synthetic-count: enough to keep what the model knew, small enough to train in seconds. */
export const DEFAULT_SYNTHETIC_COUNT = 2_000;
const MAX_SYNTHETIC_COUNT = 24_000;
/** Trained models go here, inside the data directory. */
export const MODELS_DIR = 'models';

const optionsSchema = z.object({
  out: z.string().min(1).optional(),
  minDecisions: z.coerce.number().int().min(2).default(DEFAULT_MIN_DECISIONS),
  includeSynthetic: z.boolean().default(false),
  syntheticCount: z.coerce.number().int().min(1).max(MAX_SYNTHETIC_COUNT).default(DEFAULT_SYNTHETIC_COUNT),
  activate: z.boolean().default(true),
  seed: z.coerce.number().int().default(1),
});

export function registerTrain(program: Command, ctx: CliContext): void {
  program
    .command('train')
    .description('retrain the risk model on reviewers’ decisions and make it the active model')
    .option('--out <file>', 'model file to write (default <dataDir>/models/model-<version>.json)')
    .option('--min-decisions <n>', `refuse with fewer reviewed ads (default ${DEFAULT_MIN_DECISIONS})`)
    .option(
      '--include-synthetic',
      'mix in the synthetic corpus so a few decisions do not erase what the model knew',
    )
    .option('--synthetic-count <n>', `synthetic ads mixed in (default ${DEFAULT_SYNTHETIC_COUNT})`)
    .option('--no-activate', 'write the model and print its metrics without making it active')
    .option('--seed <n>', 'seed of the shuffles and folds (default 1)')
    .action(async (flags: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(flags);
      if (!parsed.success) throw new InputError(`train: ${describeIssues(parsed.error.issues)}`);
      const options = parsed.data;
      const config = ctx.config();
      const store = await ctx.store();

      const set = buildLabelledSet(await reviewedAds(store.db));
      assertTrainable(set, options.minDecisions);
      const current = (await scoringModel(config, store.db)) ?? defaultModel();
      const synthetic = options.includeSynthetic ? await syntheticTrainingTexts(options.syntheticCount) : [];
      ctx.info(
        `train: ${set.examples.length} decisions (${set.positives} worth review, ${set.negatives} dismissed)` +
          (synthetic.length > 0 ? ` + ${synthetic.length} synthetic ads` : ''),
      );
      let result: RetrainResult;
      try {
        result = retrain(set.examples, current, {
          synthetic,
          seed: options.seed,
          source: `reviews:${set.examples.length}${synthetic.length > 0 ? ` synthetic:${synthetic.length}` : ''}`,
        });
      } catch (error) {
        // The trainer refuses a training split with one class (after its calibration split).
        throw new InputError(`train: ${(error as Error).message}; review more ads of the rarer kind`);
      }
      const { model } = result;
      const file = resolve(options.out ?? join(config.dataDir, MODELS_DIR, `model-${model.version}.json`));
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, `${JSON.stringify(model)}\n`);
      const trainedAt = new Date();
      if (options.activate) {
        await setActiveModel(store.db, {
          path: file,
          version: model.version,
          trainedAt,
          decisions: set.examples.length,
          by: ctx.actor(),
        });
      }
      const summary = {
        version: model.version,
        path: file,
        active: options.activate,
        previous: current.version,
        previousSource: current.file.training.source,
        decisions: set.examples.length,
        positives: set.positives,
        negatives: set.negatives,
        skipped: set.skipped,
        synthetic: synthetic.length,
        fusion: result.fusion,
        folds: result.folds,
        candidate: result.candidate ?? null,
        current: result.current ?? null,
      };
      await new AuditLog(store.db).append(ctx.actor(), 'train', model.version, summary, trainedAt);
      if (config.classify.modelPath && options.activate) {
        ctx.info(
          `train: classify.modelPath (${config.classify.modelPath}) is set and wins over the active model`,
        );
      }
      ctx.result(report(summary, result), summary);
    });
}

function report(
  summary: { version: string; path: string; active: boolean; previous: string; previousSource: string },
  result: RetrainResult,
): string {
  const lines = [
    `model ${summary.version} written to ${summary.path}${summary.active ? ' and made active (run adrisk classify to rescore)' : ' (not active)'}`,
    `fusion of indicators and model: ${result.fusion}`,
  ];
  if (result.candidate && result.current) {
    lines.push(
      `held-out on the decisions (${result.folds}-fold cross-validation, ${result.candidate.examples} ads):`,
      `  ${'model'.padEnd(24)} ${'accuracy'.padStart(8)} ${'precision'.padStart(9)} ${'recall'.padStart(7)} ${'AUC'.padStart(6)} ${'log loss'.padStart(8)}`,
      metricsLine(`new ${summary.version}`, result.candidate),
      metricsLine(`current ${summary.previous}`, result.current),
    );
    if (summary.previousSource.startsWith('reviews:')) {
      lines.push(
        '  (the current model was trained on reviewers’ decisions, maybe these: its figures can flatter it)',
      );
    }
  } else {
    lines.push('held-out comparison not possible: too few decisions of one kind for two folds');
  }
  return lines.join('\n');
}

function metricsLine(name: string, m: HeldOutMetrics): string {
  const f = (v: number | null, width: number) => (v === null ? '–' : v.toFixed(3)).padStart(width);
  return `  ${name.padEnd(24)} ${f(m.accuracy, 8)} ${f(m.precision, 9)} ${f(m.recall, 7)} ${f(m.auc, 6)} ${f(m.logLoss, 8)}`;
}
