// `adrisk user …` and `adrisk serve` as a user runs them.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADRISK_BIN, runCli } from '../support/run-cli.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'adrisk-review-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const env = { ADRISK_PSEUDONYM_KEY: '' };

/** `adrisk user add` with the password piped in, as scripts should do it. */
const addUser = (data: string, name: string, role: string, password: string) =>
  runCli(['--data-dir', data, 'user', 'add', name, '--role', role, '--password-stdin'], {
    input: `${password}\n`,
    env,
  });

describe('adrisk user', () => {
  // Each run starts a process and the embedded store: allow for a busy CI machine.
  it('adds a user from stdin (never argv), refuses a duplicate, lists and removes it', {
    timeout: 240_000,
  }, async () => {
    const data = join(dir, 'users');
    const add = await addUser(data, 'alice', 'analyst', 'a-long-synthetic-pass');
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('added alice (analyst)');
    const again = await addUser(data, 'alice', 'admin', 'another-long-pass');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    const list = await runCli(['--data-dir', data, '--json', 'user', 'list'], { env });
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ user: 'alice', role: 'analyst' })]);
    expect(list.stdout).not.toContain('scrypt');
    const remove = await runCli(['--data-dir', data, 'user', 'remove', 'alice'], { env });
    expect(remove.code).toBe(0);
    expect(
      JSON.parse((await runCli(['--data-dir', data, '--json', 'user', 'list'], { env })).stdout),
    ).toEqual([]);
  });

  it('refuses a bad role or a short password with exit code 2', { timeout: 120_000 }, async () => {
    const data = join(dir, 'bad');
    const role = await addUser(data, 'bob', 'root', 'a-long-synthetic-pass');
    expect(role.code).toBe(2);
    expect(role.stderr).toContain('expected one of admin, analyst, researcher');
    const short = await addUser(data, 'bob', 'analyst', 'short');
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('at least 10 characters');
  });
});

describe('adrisk serve', () => {
  it('prints its URL, warns that no user exists, generates a private pseudonym key, and serves', {
    timeout: 120_000,
  }, async () => {
    const data = join(dir, 'serve');
    const child = spawn(
      process.execPath,
      [ADRISK_BIN, '--data-dir', data, 'serve', '--port', '0', '--host', '127.0.0.1'],
      {
        env: { ...process.env, ...env, DOTENV_CONFIG_QUIET: 'true', ADRISK_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed; stderr: ${stderr}`)), 60_000);
      child.stdout.on('data', (d) => {
        stdout += d;
        const match = /review app: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    try {
      const res = await fetch(`${url}login`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('name="password"');
      expect(stderr).toContain('adrisk user add NAME --role admin');
      expect(stderr).toContain('generated one in');
      expect((await stat(join(data, 'pseudonym.key'))).mode & 0o777).toBe(0o600);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  });
});
