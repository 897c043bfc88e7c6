import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell } from '../../reporting/index.ts';
import { runCli } from '../support/run-cli.ts';
import { openTempStore, type TempStore } from '../support/temp-store.ts';
import { EMAIL_A, PHONE_A, seedReportingData } from './seed.ts';

const KEY = 'test-pseudonym-key-0123456789';
let store: TempStore;

beforeAll(async () => {
  store = await openTempStore();
  await seedReportingData(store.db);
});
afterAll(async () => store?.destroy());

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

/** Minimal RFC 4180 reader for checking our own CSV. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  return rows;
}

describe('adrisk export', () => {
  it('exports every ad as JSONL with the contract fields', async () => {
    const run = await runCli(['export', 'ads', '--db', store.uri]);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    const ads = lines(run.stdout);
    expect(ads.map((a) => a.id).sort()).toEqual(['ad-1', 'ad-2', 'ad-3', 'ad-4', 'ad-5']);
    const ad1 = ads.find((a) => a.id === 'ad-1');
    for (const field of [
      'id',
      'risk',
      'level',
      'indicators',
      'entities',
      'language',
      'url',
      'site',
      'title',
      'text',
      'networkId',
      'firstSeen',
      'lastSeen',
      'evidence',
      'review',
    ]) {
      expect(ad1).toHaveProperty(field);
    }
    expect(ad1.entities.phones).toEqual([PHONE_A]);
    expect(ad1.indicators[0]).toEqual({ code: 'movement', weight: 0.2, evidence: ['new in town'] });
    expect(ad1.evidence.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ads.find((a) => a.id === 'ad-2').review.decision).toBe('confirmed');
  });

  it('filters by minimum risk', async () => {
    const run = await runCli(['export', 'ads', '--min-risk', '0.5', '--db', store.uri]);
    expect(
      lines(run.stdout)
        .map((a) => a.id)
        .sort(),
    ).toEqual(['ad-1', 'ad-2']);
  });

  it('pseudonymised exports contain no raw contact, name or ad text, and keep tokens consistent', async () => {
    const run = await runCli(['export', 'ads', '--pseudonymize', '--db', store.uri], {
      env: { ADRISK_PSEUDONYM_KEY: KEY },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(PHONE_A);
    expect(run.stdout).not.toContain(PHONE_A.slice(1));
    expect(run.stdout).not.toContain(EMAIL_A);
    expect(run.stdout).not.toContain('anna_tg');
    expect(run.stdout).not.toContain('New in town');
    expect(run.stdout).not.toContain('null eins sieben');
    expect(run.stdout).not.toContain(KEY);
    const ads = lines(run.stdout);
    const tokens = new Set(ads.flatMap((a) => a.entities.phones));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toMatch(/^ps_[0-9a-f]{20}$/);
    const networks = lines(
      (
        await runCli(['export', 'networks', '--pseudonymize', '--db', store.uri], {
          env: { ADRISK_PSEUDONYM_KEY: KEY },
        })
      ).stdout,
    );
    expect(networks[0].phones).toEqual([...tokens]);
    expect(JSON.stringify(networks)).not.toContain('Anna');
  });

  it('refuses to pseudonymise without a key, with one clear line and exit code 2', async () => {
    const run = await runCli(['export', 'ads', '--pseudonymize', '--db', store.uri], {
      env: { ADRISK_PSEUDONYM_KEY: '' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/ADRISK_PSEUDONYM_KEY/);
  });

  it('writes CSV that round-trips and defuses spreadsheet formulas', async () => {
    const out = join(store.dataDir, 'ads.csv');
    const run = await runCli(['export', 'ads', '--format', 'csv', '--out', out, '--db', store.uri]);
    expect(run.code).toBe(0);
    const rows = parseCsv(await readFile(out, 'utf8'));
    const header = rows[0]!;
    expect(rows).toHaveLength(6);
    const ad1 = rows.find((r) => r[0] === 'ad-1')!;
    expect(ad1[header.indexOf('phones')]).toBe(PHONE_A);
    expect(ad1[header.indexOf('indicators')]).toBe('movement;coded_language');
    expect(csvCell('=cmd()')).toBe("'=cmd()");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
  });

  it('exports sites with compliance signals and never calls a site safe', async () => {
    const sites = lines((await runCli(['export', 'sites', '--db', store.uri])).stdout);
    const classifieds = sites.find((s) => s.host === 'ads.example.test');
    expect(classifieds.compliance.reportMechanism).toEqual({
      present: true,
      url: 'http://ads.example.test/report',
    });
    expect(classifieds.riskStatus).toBe('no indicators observed');
    expect(JSON.stringify(sites)).not.toMatch(/"safe"/);
  });

  it('rejects an unknown export kind with exit code 2', async () => {
    const run = await runCli(['export', 'people', '--db', store.uri]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/expected ads, sites, networks/);
  });

  it('records every export in the audit log', async () => {
    const count = await store.db.collection('audit_log').countDocuments({ action: 'export' });
    expect(count).toBeGreaterThanOrEqual(4);
  });
});
