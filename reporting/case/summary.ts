// The human-readable summary at the top of a case package, for the receiving authority.
import type { AdExportRecord } from '../exports/ad-record.ts';
import type { NetworkExportRecord } from '../exports/network-record.ts';

interface SummaryInput {
  target: string;
  network: NetworkExportRecord | null;
  ads: Array<AdExportRecord & { name: string | null }>;
  custody: { exportedBy: string; exportedAt: string; crawlRuns: string[]; tool: string };
}

// Markdown special characters in hostile ad text would change the summary's structure.
const mdEscape = (text: string) => text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&').replace(/\s+/g, ' ');

export function caseSummary(input: SummaryInput): string {
  const { ads, network, custody } = input;
  const sites = [...new Set(ads.map((a) => a.site))];
  const seen = ads.map((a) => a.firstSeen).sort();
  const indicatorCounts = new Map<string, number>();
  for (const ad of ads)
    for (const i of ad.indicators) indicatorCounts.set(i.code, (indicatorCounts.get(i.code) ?? 0) + 1);
  const lines = [
    `# Case package ${mdEscape(input.target)}`,
    '',
    '> The risk scores in this package are signals that prompted human review. They are not findings of fact',
    '> and do not by themselves show that any person is a victim or an offender.',
    '',
    `- Exported by: ${mdEscape(custody.exportedBy)} at ${custody.exportedAt} with ${mdEscape(custody.tool)}`,
    `- Ads: ${ads.length} on ${sites.length} site(s): ${sites.map(mdEscape).join(', ')}`,
    `- First seen: ${seen[0] ?? '-'}; last first-seen: ${seen.at(-1) ?? '-'}`,
    `- Crawl runs: ${custody.crawlRuns.map(mdEscape).join(', ') || '-'}`,
  ];
  if (network) {
    lines.push(
      `- Network ${mdEscape(network.networkId)}: ${network.ads} ads, cities ${network.cities.map(mdEscape).join(', ') || '-'}`,
      `- Shared contacts: ${[...network.phones, ...network.handles].map(mdEscape).join(', ') || '-'}`,
      `- Highest risk ${network.risk.max.toFixed(2)}, mean ${network.risk.mean.toFixed(2)}`,
    );
  }
  lines.push('', '## Indicators observed', '');
  for (const [code, count] of [...indicatorCounts].sort((a, b) => b[1] - a[1])) {
    lines.push(`- ${code}: ${count} ad(s)`);
  }
  lines.push('', '## Ads', '');
  for (const ad of ads) {
    lines.push(
      `### ${mdEscape(ad.id)} (${ad.level ?? 'unscored'}, risk ${ad.risk?.toFixed(2) ?? '-'})`,
      '',
      `- URL: ${mdEscape(ad.url ?? '-')}`,
      `- Captured: ${ad.evidence?.capturedAt ?? '-'}, SHA-256 ${ad.evidence?.sha256 ?? '-'}`,
      `- Contacts: ${[...ad.entities.phones, ...ad.entities.emails, ...ad.entities.handles.map((h) => `${h.platform}:${h.value}`)].map(mdEscape).join(', ') || '-'}`,
    );
    for (const i of ad.indicators)
      lines.push(`- ${i.code}: ${i.evidence.map((e) => `"${mdEscape(e)}"`).join(', ')}`);
    lines.push('');
  }
  lines.push(
    '## Verifying this package',
    '',
    'Every file is listed in `manifest.json` with its SHA-256. Run `adrisk case verify <dir>`, or',
    'compare `sha256sum` of each file with the manifest. Snapshot bodies (`snapshots/*.body`) must',
    'also equal the SHA-256 recorded when the page was captured.',
    '',
  );
  return lines.join('\n');
}
