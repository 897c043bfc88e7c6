// `adrisk score` as a user runs it: JSONL in, JSONL out, one error line per bad line, input order.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

function lines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('adrisk score', () => {
  it('scores valid lines and answers bad ones with an error line, in input order', async () => {
    const input = [
      JSON.stringify({ id: 'a1', title: 'Mia', text: 'Mia 16 yo, new girl' }),
      'this is not json',
      JSON.stringify({ text: 'no id here' }),
      '',
      JSON.stringify({ id: 'a2', text: 'Independent, no agency, I am 30.' }),
      JSON.stringify({ id: 'a3', text: 42 }),
      JSON.stringify({ id: 'a4', text: 'Neu in der Stadt, sehr junge Asiatin' }),
    ].join('\n');
    const run = await runCli(['score'], { input });
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out.map((o) => o.id)).toEqual(['a1', null, null, 'a2', 'a3', 'a4']);
    expect(out[0]).toMatchObject({ level: 'high', urgent: true });
    expect(out[1]!.error).toMatch(/invalid JSON/);
    expect(out[2]!.error).toMatch(/id/);
    expect(out[3]).toMatchObject({ level: 'low', language: 'en' });
    expect(out[4]!.error).toMatch(/text/);
    expect(out[5]).toMatchObject({ language: 'de' });
    const codes = (out[5]!.indicators as Array<{ code: string; evidence: string[] }>).map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['youth', 'foreign_origin', 'movement']));
  });

  it('reads --in and writes --out, keeping stdout empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adrisk-score-'));
    const inFile = join(dir, 'ads.jsonl');
    const outFile = join(dir, 'scores.jsonl');
    writeFileSync(inFile, `${JSON.stringify({ id: 'x', text: 'hello' })}\n`);
    const run = await runCli(['--quiet', 'score', '--in', inFile, '--out', outFile]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(lines(readFileSync(outFile, 'utf8')).map((o) => o.id)).toEqual(['x']);
  });

  it('keeps input order when a large input is scored on worker threads', async () => {
    const n = 1_500;
    const input = Array.from({ length: n }, (_, i) =>
      i % 500 === 7 ? '{broken' : JSON.stringify({ id: `ad-${i}`, text: `Sweet young girl ${i}, no limits` }),
    ).join('\n');
    const run = await runCli(['score', '--threads', '2'], { input, timeoutMs: 120_000 });
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out).toHaveLength(n);
    expect(out.map((o) => o.id)).toEqual(
      Array.from({ length: n }, (_, i) => (i % 500 === 7 ? null : `ad-${i}`)),
    );
  });

  it('reads contact details from the images given as paths', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adrisk-score-img-'));
    const image = join(dir, 'phone.png');
    // Text only: a phone number drawn on white.
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="420" height="80"><rect width="100%" height="100%" fill="white"/><text x="16" y="52" font-family="sans-serif" font-size="34" fill="black">+49 171 2345678</text></svg>`;
    await sharp(Buffer.from(svg)).png().toFile(image);
    const run = await runCli(['score'], {
      input: JSON.stringify({ id: 'img', text: 'call me', images: [image] }),
      timeoutMs: 120_000,
    });
    expect(run.code).toBe(0);
    const [out] = lines(run.stdout);
    expect((out!.entities as { phones: string[] }).phones).toEqual(['+491712345678']);
    const coded = (out!.indicators as Array<{ code: string; evidence: string[] }>).find(
      (i) => i.code === 'coded_language',
    );
    expect(coded!.evidence.join(' ')).toContain('image');
    expect(out!.ocrText).toEqual([expect.stringContaining('2345678')]);
  });

  it('exits 2 with one line when the input file does not exist', async () => {
    const run = await runCli(['score', '--in', '/nonexistent/ads.jsonl']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
