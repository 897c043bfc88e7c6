// One server per data directory. The process that starts the embedded server holds
// `<dataDir>/server.lock` (created exclusively, holding its pid) and publishes its URI in
// `<dataDir>/server.json`; other processes attach to that URI instead of opening the SQLite file.
// A lock or server file whose pid is dead, or whose server does not answer, is stale and taken over.
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';

export const SERVER_FILE = 'server.json';
export const LOCK_FILE = 'server.lock';
/** How long a second process waits for the first to finish starting its server. */
export const LOCK_WAIT_MS = 15_000;
const LOCK_POLL_MS = 50;
const CONNECT_PROBE_MS = 1_000;

const serverFileSchema = z.object({ pid: z.number().int(), uri: z.string(), startedAt: z.string() });
export type ServerFile = z.infer<typeof serverFileSchema>;

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Whether something accepts connections at the host:port (or socket path) of a mongodb:// URI. */
export function reachable(uri: string): Promise<boolean> {
  const hostPart = /^mongodb:\/\/([^/?]+)/.exec(uri)?.[1];
  if (!hostPart) return Promise.resolve(false);
  const decoded = decodeURIComponent(hostPart);
  const target = decoded.startsWith('/')
    ? { path: decoded }
    : {
        host: decoded.replace(/:\d+$/, '').replace(/^\[|\]$/g, ''),
        port: Number(/:(\d+)$/.exec(decoded)?.[1]),
      };
  return new Promise((resolve) => {
    const socket = connect(target as { host: string; port: number });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(CONNECT_PROBE_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The server another live process runs on this data directory, if any. */
export async function runningServer(dataDir: string): Promise<ServerFile | undefined> {
  const parsed = serverFileSchema.safeParse(readJson(join(dataDir, SERVER_FILE)));
  if (!parsed.success || parsed.data.pid === process.pid || !isAlive(parsed.data.pid)) return undefined;
  return (await reachable(parsed.data.uri)) ? parsed.data : undefined;
}

export interface DataDirLock {
  /** Publishes the server's URI for other processes. */
  publish(uri: string): void;
  /** Removes server.json and the lock (only if still ours). */
  release(): void;
}

function tryCreateLock(path: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function lockOwner(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the data directory's lock, or returns the running server to attach to. Waits while another
 * live process holds the lock but has not published its server yet.
 */
export async function lockOrAttach(
  dataDir: string,
  waitMs = LOCK_WAIT_MS,
): Promise<{ lock: DataDirLock } | { attach: ServerFile }> {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const running = await runningServer(dataDir);
    if (running) return { attach: running };
    if (tryCreateLock(lockPath)) return { lock: makeLock(dataDir, lockPath) };
    const owner = lockOwner(lockPath);
    if (owner === undefined || owner === process.pid || !isAlive(owner)) {
      // Stale: its process is gone (killed, crashed). Take it over.
      rmSync(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `the data directory ${dataDir} is locked by process ${owner}, which serves no reachable store; stop it or remove ${lockPath}`,
      );
    }
    await sleep(LOCK_POLL_MS);
  }
}

function makeLock(dataDir: string, lockPath: string): DataDirLock {
  const serverPath = join(dataDir, SERVER_FILE);
  return {
    publish(uri) {
      const file: ServerFile = { pid: process.pid, uri, startedAt: new Date().toISOString() };
      const temp = `${serverPath}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify(file)}\n`);
      renameSync(temp, serverPath);
    },
    release() {
      const published = serverFileSchema.safeParse(readJson(serverPath));
      if (published.success && published.data.pid === process.pid) rmSync(serverPath, { force: true });
      if (lockOwner(lockPath) === process.pid) rmSync(lockPath, { force: true });
    },
  };
}
