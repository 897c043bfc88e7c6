// The `adrisk` command line. Each command lives in ./commands/<name>.ts and registers itself here.
// Errors: AdriskError → one line and its exit code; commander usage errors → exit 2; anything
// else → "internal error" and exit 1 (stack only with ADRISK_DEBUG=1).
import { Command, CommanderError } from 'commander';
import { AdriskError } from '../../core/errors.ts';
import { setLogLevel } from '../../core/log.ts';
import { type CommandEntry, commands } from './commands/index.ts';
import { CliContext } from './context.ts';

/** Global options that take a value, so their value is not mistaken for a command name. */
const VALUE_OPTIONS = new Set(['--db', '--data-dir', '--config']);

/** The command named on the command line, if any (the first operand after global options). */
export function requestedCommand(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

export async function buildProgram(
  argv: readonly string[] = process.argv,
): Promise<{ program: Command; ctx: CliContext }> {
  const program = new Command('adrisk');
  const ctx = new CliContext(program);
  program
    .description(
      'Map sexual-services marketplaces and score ads against trafficking risk indicators (risk signals for human review, never verdicts).',
    )
    .version('0.1.0')
    .option('--db <uri>', 'MongoDB URI (default: $MONGODB_URI, else the embedded store in ./.adrisk/)')
    .option('--data-dir <dir>', 'data directory of the embedded store (default: ./.adrisk)')
    .option('--config <file>', 'configuration file (default: ./adrisk.config.json when present)')
    .option('--quiet', 'print only results and errors')
    .option('--json', 'machine-readable output')
    .exitOverride()
    .configureOutput({ outputError: writeOneLine });
  program.hook('preAction', () => {
    if (ctx.globals().quiet || ctx.globals().json) setLogLevel('warn');
  });
  const name = requestedCommand(argv.slice(2));
  const wanted: CommandEntry[] = commands.filter((c) => c.name === name);
  for (const entry of wanted.length > 0 ? wanted : commands) (await entry.load())(program, ctx);
  // Subcommands inherit the error and output behaviour.
  for (const cmd of program.commands) applyBehaviour(cmd);
  return { program, ctx };
}

function applyBehaviour(cmd: Command): void {
  cmd.exitOverride().configureOutput({ outputError: writeOneLine });
  for (const sub of cmd.commands) applyBehaviour(sub);
}

/** Commander's usage errors, as the one line the contract promises. */
function writeOneLine(text: string, write: (s: string) => void): void {
  write(`adrisk: ${text.split('\n')[0]!.replace(/^error: /, '')} (see --help)\n`);
}

export async function main(argv: string[]): Promise<number> {
  const { program, ctx } = await buildProgram(argv);
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('interrupted: finishing current work and saving state (Ctrl-C again to force)\n');
    process.emit('adrisk:stop' as 'SIGINT');
  };
  process.on('SIGINT', onSigint);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return reportError(error);
  } finally {
    process.off('SIGINT', onSigint);
    await ctx.cleanup();
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version exit 0; everything else commander rejects is a usage error.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof AdriskError) {
    process.stderr.write(`adrisk: ${error.message}\n`);
    if (process.env.ADRISK_DEBUG) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`adrisk: internal error: ${message} (set ADRISK_DEBUG=1 for details)\n`);
  if (process.env.ADRISK_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return 1;
}
