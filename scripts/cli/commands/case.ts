// `adrisk case <ad-id|network-id> --out DIR` and `adrisk case verify DIR`.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { AdriskError, InputError } from '../../../core/errors.ts';
import { buildCasePackage, verifyCasePackage } from '../../../reporting/index.ts';
import { recordAudit } from '../audit.ts';
import type { CliContext } from '../context.ts';

export function registerCase(program: Command, ctx: CliContext): void {
  program
    .command('case')
    .description(
      'write an evidence package for authorities (case <id> --out DIR), or verify one (case verify DIR)',
    )
    .argument('<id>', 'ad id or network id, or "verify"')
    .argument('[dir]', 'with verify: the case package directory')
    .option('--out <dir>', 'output directory (created; must be empty)')
    .action(async (id: string, dir: string | undefined, flags: { out?: string }) => {
      if (id === 'verify') {
        if (!dir) throw new InputError('case verify: name the case package directory');
        await verify(ctx, dir);
        return;
      }
      if (!flags.out) throw new InputError('case: --out <dir> is required');
      const store = await ctx.store();
      const result = await buildCasePackage(store.db, {
        target: id,
        outDir: resolve(flags.out),
        exportedBy: ctx.actor(),
        toolVersion: program.version() ?? 'unknown',
      });
      await recordAudit(store.db, ctx.actor(), 'export_case', id, {
        outDir: result.outDir,
        ads: result.ads,
        networkId: result.networkId,
      });
      ctx.result(
        `case package written to ${result.outDir}: ${result.ads} ads, ${result.snapshots} snapshots, ${result.manifest.files.length} files hashed in manifest.json`,
        { outDir: result.outDir, ads: result.ads, snapshots: result.snapshots, networkId: result.networkId },
      );
    });
}

async function verify(ctx: CliContext, dir: string): Promise<void> {
  const result = await verifyCasePackage(resolve(dir));
  if (!result.ok) {
    ctx.result(
      `verification FAILED (${result.problems.length} problem(s)):\n${result.problems.join('\n')}`,
      result,
    );
    throw new AdriskError('case_tampered', `case package ${dir} does not verify`, { exitCode: 1 });
  }
  ctx.result(`verified: ${result.checked} files match manifest.json`, result);
}
