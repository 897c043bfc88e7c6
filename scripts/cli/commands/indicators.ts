// `adrisk indicators stats`: per-indicator precision from reviewers' decisions.
import type { Command } from 'commander';
import { indicatorStats } from '../../../reporting/index.ts';
import type { CliContext } from '../context.ts';

const pct = (v: number | null) => (v === null ? '   –  ' : `${(v * 100).toFixed(1).padStart(5)}%`);

export function registerIndicators(program: Command, ctx: CliContext): void {
  const cmd = program.command('indicators').description('indicator statistics');
  cmd
    .command('stats')
    .description(
      'per-indicator precision re-estimated from reviewers’ decisions (confirmed/escalated/reported vs dismissed)',
    )
    .action(async () => {
      const store = await ctx.store();
      const stats = await indicatorStats(store.db);
      const header = `${'indicator'.padEnd(22)} ${'fired'.padStart(7)} ${'reviewed'.padStart(8)} ${'precision'.padStart(9)}  95% interval`;
      const lines = stats.map(
        (s) =>
          `${s.code.padEnd(22)} ${String(s.fired).padStart(7)} ${String(s.reviewed).padStart(8)} ${pct(s.precision).padStart(9)}  ${
            s.interval ? `${pct(s.interval[0])} – ${pct(s.interval[1])}` : 'no decisions yet'
          }`,
      );
      ctx.result(stats.length ? [header, ...lines].join('\n') : 'no scored ads yet', stats);
    });
}
