import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../core/ids.ts';
import { verifyCasePackage } from '../../reporting/index.ts';
import { runCli } from '../support/run-cli.ts';
import { openTempStore, type TempStore } from '../support/temp-store.ts';
import { PHONE_A, seedReportingData } from './seed.ts';

let store: TempStore;
let caseDir: string;

beforeAll(async () => {
  store = await openTempStore();
  await seedReportingData(store.db);
  caseDir = join(store.dataDir, 'case-net-1');
  const run = await runCli(['case', 'ad-1', '--out', caseDir, '--db', store.uri]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
});
afterAll(async () => store?.destroy());

describe('adrisk case', () => {
  it('packages the ad with its whole network, snapshots, custody and a manifest', async () => {
    const files = (await readdir(caseDir, { recursive: true })).map(String).sort();
    expect(files).toEqual(
      expect.arrayContaining(['ads.jsonl', 'custody.json', 'manifest.json', 'network.json', 'summary.md']),
    );
    const ads = (await readFile(join(caseDir, 'ads.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(ads.map((a) => a.id).sort()).toEqual(['ad-1', 'ad-2']);
    expect(ads[0].entities.phones).toEqual([PHONE_A]);
    const snapshotFiles = files.filter((f) => f.startsWith('snapshots/') && f.endsWith('.body'));
    expect(snapshotFiles).toHaveLength(2);
    // Each snapshot body is byte-identical to what was captured: its hash is the evidence hash.
    for (const f of snapshotFiles) {
      const body = await readFile(join(caseDir, f));
      expect(`snapshots/${sha256Hex(body)}.body`).toBe(f);
    }
    const custody = JSON.parse(await readFile(join(caseDir, 'custody.json'), 'utf8'));
    expect(custody.exportedBy).toMatch(/^cli:/);
    expect(custody.target).toBe('ad-1');
    const summary = await readFile(join(caseDir, 'summary.md'), 'utf8');
    expect(summary).toMatch(/not findings of fact/);
    expect(
      await store.db.collection('audit_log').countDocuments({ action: 'export_case', target: 'ad-1' }),
    ).toBe(1);
  });

  it('verifies an untouched package', async () => {
    const run = await runCli(['case', 'verify', caseDir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/verified: \d+ files/);
  });

  it('fails verification after one byte of a snapshot changes', async () => {
    const snap = (await readdir(join(caseDir, 'snapshots'))).find((f) => f.endsWith('.body'))!;
    const path = join(caseDir, 'snapshots', snap);
    const original = await readFile(path);
    const tampered = Buffer.from(original);
    tampered[10] = tampered[10]! ^ 1;
    await writeFile(path, tampered);
    try {
      const result = await verifyCasePackage(caseDir);
      expect(result.ok).toBe(false);
      expect(result.problems.join('\n')).toContain(snap);
      const run = await runCli(['case', 'verify', caseDir]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/FAILED/);
    } finally {
      await writeFile(path, original);
    }
    expect((await verifyCasePackage(caseDir)).ok).toBe(true);
  });

  it('notices a file added after export', async () => {
    await writeFile(join(caseDir, 'extra.txt'), 'added later');
    const result = await verifyCasePackage(caseDir);
    expect(result.problems).toContain('extra.txt: not listed in the manifest');
  });

  it('refuses a non-empty output directory and an unknown id', async () => {
    expect((await runCli(['case', 'ad-1', '--out', caseDir, '--db', store.uri])).code).toBe(2);
    const missing = await runCli([
      'case',
      'no-such-ad',
      '--out',
      join(store.dataDir, 'x'),
      '--db',
      store.uri,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no ad or network/);
  });
});
