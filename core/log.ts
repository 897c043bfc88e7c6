// Structured logging. Logs go to stderr so that stdout stays clean for JSONL and `--json` output.
import { type Logger, pino } from 'pino';

export type { Logger };

let root: Logger | undefined;

export function rootLogger(): Logger {
  root ??= pino(
    { level: process.env.ADRISK_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'), base: undefined },
    pino.destination({ fd: 2, sync: true }),
  );
  return root;
}

/** A child logger for one component, e.g. `logger('crawler')`. */
export function logger(component: string): Logger {
  return rootLogger().child({ component });
}

/** Lowers or raises the level of every logger (used by `--quiet` and `--verbose`). */
export function setLogLevel(level: string): void {
  rootLogger().level = level;
}
