// The registry of CLI commands. A command is listed here once its capability works end to end.
// Commands load lazily: `adrisk score` must not pay for Chromium, fastify or OCR modules, and
// only `--help` (or an unknown command) loads them all.
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export interface CommandEntry {
  name: string;
  load: () => Promise<RegisterCommand>;
}

export const commands: CommandEntry[] = [
  { name: 'demo', load: async () => (await import('./demo.ts')).registerDemo },
  { name: 'crawl', load: async () => (await import('./crawl.ts')).registerCrawl },
  { name: 'classify', load: async () => (await import('./classify.ts')).registerClassify },
  { name: 'import', load: async () => (await import('./import.ts')).registerImport },
  { name: 'score', load: async () => (await import('./score.ts')).registerScore },
  { name: 'train', load: async () => (await import('./train.ts')).registerTrain },
  { name: 'indicators', load: async () => (await import('./indicators.ts')).registerIndicators },
  { name: 'serve', load: async () => (await import('./serve.ts')).registerServe },
  { name: 'user', load: async () => (await import('./user.ts')).registerUser },
  { name: 'report', load: async () => (await import('./report.ts')).registerReport },
  { name: 'export', load: async () => (await import('./export.ts')).registerExport },
  { name: 'case', load: async () => (await import('./case.ts')).registerCase },
  { name: 'purge', load: async () => (await import('./purge.ts')).registerPurge },
  { name: 'db', load: async () => (await import('./db.ts')).registerDb },
];
