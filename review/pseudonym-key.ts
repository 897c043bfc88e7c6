// The key researchers' pseudonyms are made with. Configured keys win (privacy.pseudonymKey or
// ADRISK_PSEUDONYM_KEY); a server without one generates a random key once per data directory and
// keeps it in a file readable only by its owner, so pseudonyms stay stable across restarts.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PSEUDONYM_KEY_FILE = 'pseudonym.key';

export interface ResolvedKey {
  key: string;
  /** Where a generated key lives; absent when the key came from the configuration. */
  file?: string;
  generated: boolean;
}

export function resolvePseudonymKey(configured: string | undefined, dataDir: string): ResolvedKey {
  if (configured) return { key: configured, generated: false };
  const file = join(dataDir, PSEUDONYM_KEY_FILE);
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return { key: existing, file, generated: false };
  } catch {
    // No key yet: create one below.
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  // `wx` refuses to overwrite a key another process just wrote; then read theirs.
  try {
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return { key, file, generated: true };
  } catch {
    return { key: readFileSync(file, 'utf8').trim(), file, generated: false };
  }
}
