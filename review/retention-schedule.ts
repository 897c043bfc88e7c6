// The review server enforces retention on a schedule, so a long-running deployment purges expired
// snapshots and contacts without anyone remembering to run `adrisk purge`. Every run is audited.
import type { Db } from 'mongodb';
import { logger } from '../core/log.ts';
import { purgeExpired } from '../reporting/index.ts';
import { AuditLog } from '../storage/audit.ts';

export const RETENTION_ACTOR = 'system:retention';
/** First run shortly after start-up, not during it. */
const FIRST_RUN_DELAY_MS = 60_000;

export interface RetentionSchedule {
  /** Runs one purge now (also what the timer calls). */
  runOnce(): Promise<void>;
  stop(): void;
}

export function scheduleRetention(
  db: Db,
  options: { retentionDays: number; intervalHours: number; firstRunDelayMs?: number },
): RetentionSchedule {
  const log = logger('retention');
  let running = false;
  const runOnce = async () => {
    if (running) return;
    running = true;
    try {
      const result = await purgeExpired(db, { retentionDays: options.retentionDays });
      await new AuditLog(db).append(RETENTION_ACTOR, 'purge', undefined, {
        ...result,
        retentionDays: options.retentionDays,
        scheduled: true,
      });
      log.info(result, 'scheduled purge done');
    } catch (error) {
      log.error({ err: error }, 'scheduled purge failed; will try again at the next interval');
    } finally {
      running = false;
    }
  };
  if (options.intervalHours <= 0) return { runOnce, stop: () => {} };
  const first = setTimeout(runOnce, options.firstRunDelayMs ?? FIRST_RUN_DELAY_MS);
  const every = setInterval(runOnce, options.intervalHours * 3_600_000);
  first.unref();
  every.unref();
  return {
    runOnce,
    stop: () => {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
