// What every command receives: the global options, the validated configuration (loaded once),
// output helpers that respect --json and --quiet, and cleanup hooks run on exit and on SIGINT.
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Store } from '../../storage/index.ts';
import { type Config, loadConfig } from './config.ts';

export interface GlobalOptions {
  db?: string;
  dataDir?: string;
  config?: string;
  quiet?: boolean;
  json?: boolean;
}

export class CliContext {
  private loaded: Config | undefined;
  private readonly cleanups: Array<() => Promise<void> | void> = [];
  private opened: Promise<Store> | undefined;
  private fallbackDataDir: string | undefined;

  constructor(
    private readonly program: Command,
    readonly stdout: NodeJS.WritableStream = process.stdout,
    readonly stderr: NodeJS.WritableStream = process.stderr,
  ) {}

  globals(): GlobalOptions {
    return this.program.opts<GlobalOptions>();
  }

  config(): Config {
    if (!this.loaded) {
      const g = this.globals();
      this.loaded = loadConfig({
        configFile: g.config,
        flags: {
          db: g.db,
          dataDir: g.dataDir ?? (process.env.ADRISK_DATA_DIR ? undefined : this.fallbackDataDir),
        },
      });
    }
    return this.loaded;
  }

  /** A command's own default data directory (the demo keeps its data apart); flags and env win. */
  useDefaultDataDir(dir: string): void {
    if (this.loaded) throw new Error('useDefaultDataDir must be called before config() is read');
    this.fallbackDataDir = dir;
  }

  /** The store of the configured database, opened once per command and closed at exit. */
  store(): Promise<Store> {
    if (!this.opened) {
      const config = this.config();
      // Loaded on first use: stateless commands (score, --help) never pay for the driver and SQLite.
      this.opened = import('../../storage/index.ts').then(({ openStore }) =>
        openStore({ uri: config.db, dataDir: config.dataDir }),
      );
      this.onCleanup(async () => (await this.opened!).close());
    }
    return this.opened;
  }

  /** Who acts, for the audit log and chains of custody: `cli:<os user>`. */
  actor(): string {
    let name = 'unknown';
    try {
      name = userInfo().username;
    } catch {
      // Containers may run as a uid without a passwd entry.
    }
    return `cli:${name}`;
  }

  /** Human-readable progress or summary line; suppressed by --quiet and --json. */
  info(line: string): void {
    const g = this.globals();
    if (!g.quiet && !g.json) this.stderr.write(`${line}\n`);
  }

  /** The command's result: JSON with --json, else the human text. */
  result(human: string, data: unknown): void {
    if (this.globals().json) this.stdout.write(`${JSON.stringify(data)}\n`);
    else this.stdout.write(`${human}\n`);
  }

  /** Registers work to run once when the command ends, last registered first. */
  onCleanup(fn: () => Promise<void> | void): void {
    this.cleanups.push(fn);
  }

  async cleanup(): Promise<void> {
    while (this.cleanups.length > 0) {
      const fn = this.cleanups.pop()!;
      try {
        await fn();
      } catch {
        // Cleanup must not mask the command's own outcome.
      }
    }
  }
}
