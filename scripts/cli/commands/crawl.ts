// `adrisk crawl`: maps the seed sites and extracts their ads into the store; resumable, and
// several processes (on one or many machines) pointed at one MongoDB share one crawl.
import type { Command } from 'commander';
import { InputError } from '../../../core/errors.ts';
import { crawl, createProgress, loadSeedsFile, prepareCrawl, type Seed } from '../../../crawler/index.ts';
import type { CliContext } from '../context.ts';

interface CrawlFlags {
  seedsFile?: string;
  maxPages?: string;
  maxDepth?: string;
  concurrency?: string;
  perHostConcurrency?: string;
  perHostRps?: string;
  render?: string;
  resume?: boolean;
  allowPrivateHosts?: boolean;
  maxTime?: string;
  ignoreRobots?: boolean;
  discover?: boolean;
  maxNewSites?: string;
}

function toNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InputError(`--${flag} must be a number, got "${value}"`);
  return n;
}

export const registerCrawl = (program: Command, ctx: CliContext): void => {
  program
    .command('crawl')
    .description('discover and map sites from seed URLs, extract their ads and evidence (resumable)')
    .argument('[seeds...]', 'seed URLs')
    .option('--seeds-file <file>', 'seed URLs, one a line, or a CSV with columns url,country')
    .option('--max-pages <n>', 'pages to fetch in this crawl, all workers together')
    .option('--max-depth <n>', 'links followed from a seed')
    .option('--concurrency <n>', 'requests in flight in this process')
    .option('--per-host-concurrency <n>', 'requests in flight per host, all workers together')
    .option('--per-host-rps <r>', 'requests per second per host, all workers together')
    .option('--render <mode>', 'use Chromium: auto, never or always')
    .option('--resume', 'continue the last stopped crawl (or join it as another worker)')
    .option('--allow-private-hosts', 'allow loopback, private and link-local targets')
    .option('--max-time <s>', 'stop this worker after S seconds (resumable)')
    .option('--ignore-robots', 'do not obey robots.txt (explicit override, recorded in the run)')
    .option('--discover', 'also map sites linked from mapped sites that the site classifier accepts')
    .option('--max-new-sites <n>', 'sites one --discover run may add (host budget)')
    .action(async (args: string[], flags: CrawlFlags) => {
      const config = ctx.config();
      const seeds: Seed[] = args.map((url) => ({ url }));
      if (flags.seedsFile) seeds.push(...loadSeedsFile(flags.seedsFile));
      if (flags.render && !['auto', 'never', 'always'].includes(flags.render)) {
        throw new InputError(`--render must be auto, never or always, got "${flags.render}"`);
      }
      const c = config.crawl;
      const options = {
        seeds,
        maxPages: toNumber('max-pages', flags.maxPages) ?? c.maxPages,
        maxDepth: toNumber('max-depth', flags.maxDepth) ?? c.maxDepth,
        concurrency: toNumber('concurrency', flags.concurrency) ?? c.concurrency,
        perHostConcurrency:
          toNumber('per-host-concurrency', flags.perHostConcurrency) ?? c.perHostConcurrency,
        perHostRps: toNumber('per-host-rps', flags.perHostRps) ?? c.perHostRps,
        render: (flags.render ?? c.render) as 'auto' | 'never' | 'always',
        resume: flags.resume === true,
        allowPrivateHosts: flags.allowPrivateHosts === true || c.allowPrivateHosts,
        ...(flags.maxTime !== undefined ? { maxTimeS: toNumber('max-time', flags.maxTime) } : {}),
        respectRobots: flags.ignoreRobots ? false : c.respectRobots,
        discover: flags.discover === true,
        ...(flags.maxNewSites !== undefined
          ? { maxNewSites: toNumber('max-new-sites', flags.maxNewSites) }
          : {}),
        userAgent: c.userAgent.includes('+') ? c.userAgent : `${c.userAgent} (+${c.contactUrl})`,
        requestTimeoutMs: c.requestTimeoutMs,
        maxBodyBytes: c.maxBodyBytes,
        maxRedirects: c.maxRedirects,
        keepImages: c.keepImages,
        chromiumPath: c.chromiumPath,
      };
      // Refuse bad seeds before anything is opened or created.
      await prepareCrawl(options);
      const store = await ctx.store();
      const progress = createProgress({
        maxPages: options.maxPages,
        quiet: ctx.globals().quiet || ctx.globals().json,
      });
      // The CLI's SIGINT handler emits `adrisk:stop`, which crawl() listens for; SIGTERM too.
      const controller = new AbortController();
      const onTerm = () => controller.abort();
      process.on('SIGTERM', onTerm);
      try {
        const summary = await crawl(options, {
          db: store.db,
          signal: controller.signal,
          onProgress: (p) => progress.update(p),
        });
        progress.stop();
        const s = summary.stats;
        const seconds = (summary.durationMs / 1000).toFixed(1);
        ctx.result(
          [
            `crawl ${summary.runId}: ${summary.state}${summary.stopReason ? ` (${summary.stopReason})` : ''}${summary.state === 'stopped' ? ', resume with --resume' : ''}`,
            `pages ${s.pages} (${s.rendered} rendered), ads ${s.ads} (${s.adsNew} new, ${s.adsChanged} changed), sites ${summary.sites}, errors ${s.errors}, robots-blocked ${s.robotsBlocked}, pending ${summary.pending}, takedowns ${summary.takedowns}, duration ${seconds}s${summary.robotsOverridden ? ', robots.txt IGNORED (recorded)' : ''}`,
          ].join('\n'),
          summary,
        );
      } finally {
        progress.stop();
        process.off('SIGTERM', onTerm);
      }
    });
};
