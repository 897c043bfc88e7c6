// `adrisk export ads|sites|networks|candidates`: streaming JSONL/CSV exports, optionally pseudonymised.
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { describeIssues, InputError } from '../../../core/errors.ts';
import { pseudonymizer } from '../../../core/pseudonym.ts';
import { runExport } from '../../../reporting/index.ts';
import { recordAudit } from '../audit.ts';
import type { CliContext } from '../context.ts';

const optionsSchema = z.object({
  kind: z.enum(['ads', 'sites', 'networks', 'candidates'], {
    message: 'expected ads, sites, networks or candidates',
  }),
  format: z.enum(['jsonl', 'csv']).default('jsonl'),
  minRisk: z.coerce.number().min(0).max(1).optional(),
  site: z.string().min(1).optional(),
  level: z.enum(['high', 'medium', 'low']).optional(),
  pseudonymize: z.boolean().default(false),
  out: z.string().min(1).optional(),
});

export function registerExport(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description('export ads, sites, networks or candidate sites as JSONL or CSV (streaming)')
    .argument('<kind>', 'ads | sites | networks | candidates')
    .option('--format <format>', 'jsonl or csv', 'jsonl')
    .option('--min-risk <x>', 'only ads (networks: max risk) at or above this risk, 0..1')
    .option('--site <host>', 'only this site')
    .option('--level <level>', 'only ads of this level: high, medium, low')
    .option(
      '--pseudonymize',
      'replace contacts and names by keyed hashes and omit ad text (research exports)',
    )
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (kind: string, flags: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse({ kind, ...flags });
      if (!parsed.success) throw new InputError(`export: ${describeIssues(parsed.error.issues)}`);
      const o = parsed.data;
      const ps = o.pseudonymize ? pseudonymizer(ctx.config().privacy.pseudonymKey) : undefined;
      const store = await ctx.store();
      const out = o.out ? createWriteStream(o.out) : process.stdout;
      const count = await runExport(
        store.db,
        {
          kind: o.kind,
          format: o.format,
          minRisk: o.minRisk,
          site: o.site,
          level: o.level,
          pseudonymizer: ps,
        },
        out,
      );
      if (o.out) {
        out.end();
        await finished(out);
      }
      await recordAudit(store.db, ctx.actor(), 'export', o.kind, {
        format: o.format,
        pseudonymized: o.pseudonymize,
        records: count,
        minRisk: o.minRisk,
        site: o.site,
        level: o.level,
      });
      ctx.info(`exported ${count} ${o.kind}${o.out ? ` to ${o.out}` : ''}`);
    });
}
