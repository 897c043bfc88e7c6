// The README's tour, end to end: marketplace → crawl → classify → report → review app.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADRISK_BIN } from '../support/run-cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'adrisk-demo-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('adrisk demo', () => {
  it('crawls the synthetic marketplace, scores it, writes the report and serves the review app', async () => {
    const child = spawn(process.execPath, [ADRISK_BIN, 'demo', '--ads', '4', '--port', '0'], {
      cwd: dir,
      env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`demo did not serve in time:\n${stderr}`)), 240_000);
      child.stdout.on('data', (d) => {
        stdout += d;
        const match = /Review app:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.on('exit', (code) => reject(new Error(`demo exited ${code}:\n${stderr}`)));
    });
    try {
      expect(stderr).toMatch(/1\/5 starting the synthetic marketplace/);
      expect(stderr).toMatch(/5\/5 serving the review app/);
      const pages = Number(/(\d+) pages/.exec(stderr)?.[1]);
      const scored = Number(/(\d+) ads scored/.exec(stderr)?.[1]);
      expect(pages).toBeGreaterThan(20);
      expect(scored).toBeGreaterThan(10);
      const reportPath = /Report:\s+(\S+)/.exec(stdout)![1]!;
      expect(reportPath.startsWith(dir)).toBe(true);
      const report = await readFile(reportPath, 'utf8');
      expect(report).toContain('Mapping report');
      expect(report).toContain('127.0.0.11');
      const login = await fetch(url, { redirect: 'manual' });
      expect([200, 302, 303]).toContain(login.status);
      expect(stdout).toMatch(/log in as demo \/ \S+/);
    } finally {
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    expect(existsSync(join(dir, '.adrisk-demo'))).toBe(true);
  }, 300_000);
});
