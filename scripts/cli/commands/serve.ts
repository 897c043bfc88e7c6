// `adrisk serve [--port N] [--host H]`: the review web app, until Ctrl-C.
import type { Command } from 'commander';
import { z } from 'zod';
import { describeIssues, InputError } from '../../../core/errors.ts';
import { buildApp, resolvePseudonymKey, scheduleRetention } from '../../../review/index.ts';
import { UserRepository } from '../../../storage/users.ts';
import type { CliContext } from '../context.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;
const optionsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).optional(),
  host: z.string().min(1).max(253).optional(),
});

export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('serve the review web app (accounts: adrisk user add)')
    .option('--port <n>', 'port to listen on (default: review.port, 8080; 0 picks a free one)')
    .option('--host <h>', 'address to listen on (default: review.host, 127.0.0.1)')
    .action(async (flags: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(flags);
      if (!parsed.success) throw new InputError(`serve: ${describeIssues(parsed.error.issues)}`);
      const config = ctx.config();
      const host = parsed.data.host ?? config.review.host;
      const port = parsed.data.port ?? config.review.port;
      const key = resolvePseudonymKey(config.privacy.pseudonymKey, config.dataDir);
      if (key.generated) {
        ctx.info(
          `warning: no pseudonymisation key configured; generated one in ${key.file}. Set ADRISK_PSEUDONYM_KEY (or privacy.pseudonymKey) to share one key across servers and exports.`,
        );
      }
      const store = await ctx.store();
      const app = await buildApp({
        db: store.db,
        config,
        pseudonymKey: key.key,
        trustProxy: config.review.trustProxy,
      });
      ctx.onCleanup(() => app.close());
      const retention = scheduleRetention(store.db, {
        retentionDays: config.privacy.retentionDays,
        intervalHours: config.privacy.purgeIntervalHours,
      });
      ctx.onCleanup(() => retention.stop());
      await app.listen({ port, host });
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      const url = `http://${shownHost}:${actualPort}/`;
      if ((await new UserRepository(store.db).count()) === 0) {
        ctx.info(
          'warning: no users yet, so nobody can log in. Create one with: adrisk user add NAME --role admin',
        );
      }
      if (!LOOPBACK.test(host) && !config.review.secureCookies) {
        ctx.info(
          'warning: listening beyond loopback over plain HTTP; put a TLS proxy in front and set review.secureCookies',
        );
      }
      ctx.result(`review app: ${url}`, { url });
      // Runs until Ctrl-C (main emits adrisk:stop) or SIGTERM; cleanup closes the app and the store.
      await new Promise<void>((resolve) => {
        process.once('adrisk:stop' as 'SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
    });
}
