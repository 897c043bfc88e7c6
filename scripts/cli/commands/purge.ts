// `adrisk purge`: applies the retention policy (privacy.retentionDays) and records it in the audit log.
import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../../core/errors.ts';
import { purgeExpired } from '../../../reporting/index.ts';
import { recordAudit } from '../audit.ts';
import type { CliContext } from '../context.ts';

export function registerPurge(program: Command, ctx: CliContext): void {
  program
    .command('purge')
    .description('delete snapshots and contacts of dismissed or unflagged ads past the retention period')
    .option('--older-than-days <n>', 'retention period in days (default: privacy.retentionDays)')
    .option('--dry-run', 'count what would be deleted, delete nothing')
    .action(async (flags: { olderThanDays?: string; dryRun?: boolean }) => {
      const days = z.coerce.number().int().positive().optional().safeParse(flags.olderThanDays);
      if (!days.success) throw new InputError('purge: --older-than-days must be a positive whole number');
      const retentionDays = days.data ?? ctx.config().privacy.retentionDays;
      const store = await ctx.store();
      const result = await purgeExpired(store.db, { retentionDays, dryRun: flags.dryRun });
      if (!result.dryRun)
        await recordAudit(store.db, ctx.actor(), 'purge', undefined, { ...result, retentionDays });
      ctx.result(
        `${result.dryRun ? 'would purge' : 'purged'} ${result.adsPurged} ads, ${result.snapshotsDeleted} snapshots, ${result.imageBlobsDeleted} image blobs (last seen before ${result.cutoff.toISOString()})`,
        result,
      );
    });
}
