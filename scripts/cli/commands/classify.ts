// `adrisk classify [--rescore]`: scores stored ads (new, changed, or all when the model or lexicon
// changed), links them into networks and flags the high-risk ones. Resumable: Ctrl-C stops after
// the current batch, and the next run continues from what was saved.
import type { Command } from 'commander';
import { z } from 'zod';
import { describeIssues, InputError } from '../../../core/errors.ts';
import { logger } from '../../../core/log.ts';
import { CLASSIFY_BATCH, runClassify } from '../classify-run.ts';
import type { CliContext } from '../context.ts';
import { scoringModel } from '../scoring-model.ts';

const optionsSchema = z.object({
  rescore: z.boolean().default(false),
  batchSize: z.coerce.number().int().min(1).max(10_000).default(CLASSIFY_BATCH),
});

export function registerClassify(program: Command, ctx: CliContext): void {
  program
    .command('classify')
    .description('score stored ads, link them into networks, flag the high-risk ones (resumable)')
    .option('--rescore', 'rescore every ad, not only new or changed ones')
    .option('--batch-size <n>', `ads per batch (default ${CLASSIFY_BATCH})`)
    .action(async (flags: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(flags);
      if (!parsed.success) throw new InputError(`classify: ${describeIssues(parsed.error.issues)}`);
      const config = ctx.config();
      const store = await ctx.store();
      let stopping = false;
      const onStop = () => {
        stopping = true;
      };
      process.on('adrisk:stop' as 'SIGINT', onStop);
      ctx.onCleanup(() => {
        process.off('adrisk:stop' as 'SIGINT', onStop);
      });
      const log = logger('classify');
      let lastStep = '';
      const summary = await runClassify(store.db, {
        rescore: parsed.data.rescore,
        batchSize: parsed.data.batchSize,
        profile: config.classify.profile,
        thresholds: { high: config.classify.highThreshold, medium: config.classify.mediumThreshold },
        ocr: config.classify.ocr,
        model: await scoringModel(config, store.db),
        keepImages: config.crawl.keepImages,
        shouldStop: () => stopping,
        onProgress: (step, done, total) => {
          if (step !== lastStep || done === total) ctx.info(`classify: ${step} ${done}/${total}`);
          lastStep = step;
        },
      });
      log.info(summary, 'classify finished');
      if (summary.interrupted) process.exitCode = 130;
      ctx.result(
        `${summary.interrupted ? 'classify interrupted (run again to continue): ' : ''}${summary.images} images read, ${summary.scored} ads scored, ${summary.rescoredForNetworks} rescored for network indicators; ${summary.networks} networks of ${summary.networkAds} ads (${summary.merged} merges), ${summary.guardedContacts} guarded contacts; ${summary.highRisk} high-risk ads`,
        summary,
      );
    });
}
