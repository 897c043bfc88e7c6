// `adrisk demo`: the zero-setup tour. Starts the synthetic marketplace on loopback, crawls it,
// classifies and links the ads, writes the mapping report and serves the review app with a
// demo login. Its data lives apart from real work (./.adrisk-demo) and is rebuilt every run.
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { describeIssues, InputError } from '../../../core/errors.ts';
import { setLogLevel } from '../../../core/log.ts';
import { crawl } from '../../../crawler/index.ts';
import { gatherReportData, renderReport } from '../../../reporting/index.ts';
import { buildApp, resolvePseudonymKey } from '../../../review/index.ts';
import { UserRepository } from '../../../storage/users.ts';
import { startMarketplace } from '../../marketplace/index.ts';
import { runClassify } from '../classify-run.ts';
import type { CliContext } from '../context.ts';

export const DEMO_DATA_DIR = '.adrisk-demo';
/** The marketplace is ours and on loopback, so the demo may crawl it faster than real sites. */
const DEMO_PER_HOST_RPS = 20;
const DEMO_MAX_PAGES = 3_000;

const optionsSchema = z.object({
  ads: z.coerce.number().int().min(1).max(2_000).default(25),
  seed: z.coerce.number().int().min(0).default(1),
  serve: z.boolean().default(true),
  port: z.coerce.number().int().min(0).max(65_535).default(8080),
});

export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('tour: crawl a synthetic marketplace on loopback, classify, report and serve the review app')
    .option('--ads <n>', 'ads per synthetic site', '25')
    .option('--seed <n>', 'seed of the synthetic marketplace', '1')
    .option('--port <n>', 'review app port (0 picks a free one)', '8080')
    .option('--no-serve', 'stop after writing the report')
    .action(async (flags: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(flags);
      if (!parsed.success) throw new InputError(`demo: ${describeIssues(parsed.error.issues)}`);
      const o = parsed.data;
      ctx.useDefaultDataDir(DEMO_DATA_DIR);
      // The tour narrates its own steps; component logs would drown them (ADRISK_LOG_LEVEL overrides).
      if (!process.env.ADRISK_LOG_LEVEL) setLogLevel('warn');
      const config = ctx.config();
      if (!config.db) await rm(config.dataDir, { recursive: true, force: true });
      const started = Date.now();

      ctx.info(`1/5 starting the synthetic marketplace (6 sites, ${o.ads} ads each, seed ${o.seed})…`);
      const market = await startMarketplace({ seed: o.seed, adsPerSite: o.ads });
      ctx.onCleanup(() => market.close());
      for (const site of market.sites) ctx.info(`    ${site.type.padEnd(16)} ${site.baseUrl}`);

      const store = await ctx.store();
      ctx.info(
        '2/5 crawling it (robots.txt honoured, age gate passed like a user, the SPA rendered in Chromium)…',
      );
      const controller = new AbortController();
      const onStop = () => controller.abort();
      process.on('adrisk:stop' as 'SIGINT', onStop);
      ctx.onCleanup(() => {
        process.off('adrisk:stop' as 'SIGINT', onStop);
      });
      const crawled = await crawl(
        {
          seeds: market.sites.map((s) => ({ url: s.baseUrl })),
          allowPrivateHosts: true,
          perHostRps: DEMO_PER_HOST_RPS,
          maxPages: DEMO_MAX_PAGES,
          maxTimeS: 600,
          userAgent: config.crawl.userAgent,
          chromiumPath: config.crawl.chromiumPath,
          requestTimeoutMs: 10_000,
        },
        { db: store.db, signal: controller.signal },
      );
      const s = crawled.stats;
      ctx.info(
        `    ${s.pages} pages (${s.rendered} rendered), ${s.ads} ads on ${crawled.sites} sites, ${s.robotsBlocked} robots-blocked, ${s.errors} errors (the traps)`,
      );
      if (controller.signal.aborted) return;

      ctx.info('3/5 classifying: entities, OCR of contact images, indicators, model, networks…');
      const classified = await runClassify(store.db, {
        profile: config.classify.profile,
        thresholds: { high: config.classify.highThreshold, medium: config.classify.mediumThreshold },
        ocr: config.classify.ocr,
        keepImages: config.crawl.keepImages,
        shouldStop: () => controller.signal.aborted,
      });
      ctx.info(
        `    ${classified.scored} ads scored, ${classified.highRisk} high-risk, ${classified.networks} networks linking ${classified.networkAds} ads`,
      );

      ctx.info('4/5 writing the mapping report…');
      const reportPath = resolve(config.dataDir, 'report.html');
      await writeFile(
        reportPath,
        renderReport(await gatherReportData(store.db), {
          highThreshold: config.classify.highThreshold,
          mediumThreshold: config.classify.mediumThreshold,
          profile: config.classify.profile,
          userAgent: config.crawl.userAgent,
          perHostRps: DEMO_PER_HOST_RPS,
          respectRobots: true,
          retentionDays: config.privacy.retentionDays,
        }),
      );
      const summary = {
        seconds: Math.round((Date.now() - started) / 1000),
        pages: s.pages,
        ads: s.ads,
        scored: classified.scored,
        highRisk: classified.highRisk,
        networks: classified.networks,
        report: reportPath,
        dataDir: resolve(config.dataDir),
      };
      if (!o.serve) {
        ctx.result(`demo done in ${summary.seconds}s. Report: ${reportPath}`, summary);
        return;
      }

      ctx.info('5/5 serving the review app…');
      const users = new UserRepository(store.db);
      const password = randomBytes(9).toString('base64url');
      await users.remove('demo');
      await users.add('demo', 'analyst', password);
      const key = resolvePseudonymKey(config.privacy.pseudonymKey, config.dataDir);
      const app = await buildApp({ db: store.db, config, pseudonymKey: key.key });
      ctx.onCleanup(() => app.close());
      await app.listen({ host: '127.0.0.1', port: o.port });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : o.port;
      const url = `http://127.0.0.1:${port}/`;
      ctx.result(
        [
          '',
          `Report:      ${reportPath}`,
          `Review app:  ${url}  (log in as demo / ${password}, role analyst)`,
          `Data:        ${summary.dataDir} (synthetic; rebuilt on every demo run)`,
          'Scores are risk signals for human review, not verdicts. Ctrl-C stops the demo.',
        ].join('\n'),
        { ...summary, url, user: 'demo', password },
      );
      await new Promise<void>((done) => {
        process.once('adrisk:stop' as 'SIGINT', () => done());
        process.once('SIGTERM', () => done());
      });
    });
}
