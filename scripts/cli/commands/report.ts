// `adrisk report`: the self-contained HTML mapping report.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { gatherReportData, renderReport } from '../../../reporting/index.ts';
import type { CliContext } from '../context.ts';

export const DEFAULT_REPORT_FILE = 'report.html';

export function registerReport(program: Command, ctx: CliContext): void {
  program
    .command('report')
    .description('write the mapping report (one self-contained HTML file with charts)')
    .option('--out <file>', 'output file', DEFAULT_REPORT_FILE)
    .action(async (flags: { out: string }) => {
      const config = ctx.config();
      const store = await ctx.store();
      const data = await gatherReportData(store.db);
      const html = renderReport(data, {
        highThreshold: config.classify.highThreshold,
        mediumThreshold: config.classify.mediumThreshold,
        profile: config.classify.profile,
        userAgent: config.crawl.userAgent,
        perHostRps: config.crawl.perHostRps,
        respectRobots: config.crawl.respectRobots,
        retentionDays: config.privacy.retentionDays,
      });
      await writeFile(flags.out, html);
      const path = resolve(flags.out);
      ctx.result(`report written to ${path} (${data.totals.sites} sites, ${data.totals.ads} ads)`, {
        report: path,
        sites: data.totals.sites,
        ads: data.totals.ads,
      });
    });
}
