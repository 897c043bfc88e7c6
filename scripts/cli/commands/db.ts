// `adrisk db serve [--port N] [--host H] [--data DIR] [--socket PATH]`: runs the embedded
// MongoDB-compatible store in the foreground so mongosh, Compass or other adrisk processes can use
// it. The first line of stdout is its mongodb:// URI. Stops on Ctrl-C or SIGTERM.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { AdriskError, describeIssues, InputError } from '../../../core/errors.ts';
import { EmbeddedServer, lockOrAttach } from '../../../storage/embedded/index.ts';
import type { CliContext } from '../context.ts';

/** The embedded store has no authentication, so it only ever listens on loopback. */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

const optionsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(0),
  host: z
    .string()
    .regex(LOOPBACK, 'must be a loopback address (the store has no authentication)')
    .default('127.0.0.1'),
  data: z.string().min(1).optional(),
  socket: z.string().min(1).max(100).optional(),
});

export function registerDb(program: Command, ctx: CliContext): void {
  const db = program.command('db').description('the embedded MongoDB-compatible store');
  db.command('serve')
    .description(
      'serve the embedded store for mongosh, Compass or other tools; prints its mongodb:// URI first',
    )
    .option('--port <n>', 'port to listen on (default: a free one)')
    .option('--host <h>', 'loopback address to listen on (default: 127.0.0.1)')
    .option('--data <dir>', 'data directory (default: the configured one, ./.adrisk)')
    .option('--socket <path>', 'listen on this Unix socket instead of TCP')
    .action(async (flags: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(flags);
      if (!parsed.success) throw new InputError(`db serve: ${describeIssues(parsed.error.issues)}`);
      const { port, host, socket } = parsed.data;
      const dataDir = resolve(parsed.data.data ?? ctx.config().dataDir);
      const outcome = await lockOrAttach(dataDir);
      if ('attach' in outcome) {
        throw new AdriskError(
          'store_busy',
          `process ${outcome.attach.pid} already serves ${dataDir} at ${outcome.attach.uri}; connect to that`,
        );
      }
      const { lock } = outcome;
      let server: EmbeddedServer;
      try {
        server = await EmbeddedServer.start({ dataDir, host, port, socketPath: socket });
      } catch (error) {
        lock.release();
        throw error;
      }
      lock.publish(server.uri);
      ctx.onCleanup(async () => {
        await server.close();
        lock.release();
      });
      ctx.stdout.write(`${server.uri}\n`);
      ctx.info(`serving ${dataDir}; stop with Ctrl-C`);
      await new Promise<void>((done) => {
        process.once('adrisk:stop' as 'SIGINT', () => done());
        process.once('SIGTERM', () => done());
      });
    });
}
