// Crawl progress: a live bar on a terminal (pages/s, queue, errors, ads found), pino JSON lines
// otherwise (CI, logs to a file), so long crawls are observable either way.
import cliProgress from 'cli-progress';
import { logger } from '../core/log.ts';
import type { CrawlProgress } from './crawl.ts';

/** Seconds between progress log lines when not on a terminal. */
const LOG_EVERY_MS = 10_000;

export interface ProgressReporter {
  update(progress: CrawlProgress): void;
  stop(): void;
}

export function pagesPerSecond(progress: CrawlProgress): number {
  return progress.elapsedMs > 0 ? progress.stats.pages / (progress.elapsedMs / 1000) : 0;
}

export function createProgress(options: {
  maxPages: number;
  tty?: boolean;
  quiet?: boolean;
}): ProgressReporter {
  if (options.quiet) return { update() {}, stop() {} };
  if (options.tty ?? process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format:
          'crawl [{bar}] {value}/{total} pages | {rate} p/s | queue {queue} | errors {errors} | ads {ads}',
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(options.maxPages, 0, { rate: '0.0', queue: 0, errors: 0, ads: 0 });
    return {
      update(progress) {
        bar.update(progress.stats.pages, {
          rate: pagesPerSecond(progress).toFixed(1),
          queue: progress.queued,
          errors: progress.stats.errors,
          ads: progress.stats.ads,
        });
      },
      stop: () => bar.stop(),
    };
  }
  const log = logger('crawler');
  let last = 0;
  return {
    update(progress) {
      if (Date.now() - last < LOG_EVERY_MS) return;
      last = Date.now();
      log.info(
        {
          runId: progress.runId,
          pages: progress.stats.pages,
          pagesPerSecond: Number(pagesPerSecond(progress).toFixed(2)),
          queued: progress.queued,
          inFlight: progress.inFlight,
          errors: progress.stats.errors,
          ads: progress.stats.ads,
        },
        'crawl progress',
      );
    },
    stop() {},
  };
}
