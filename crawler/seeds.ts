// Seed lists: URLs one a line, or a CSV with the columns `url,country` (header optional). Blank
// lines and `#` comments are skipped; every line is validated and a bad one names its line number.
import { readFileSync } from 'node:fs';
import { InputError } from '../core/errors.ts';
import { type Seed, seedSchema } from './options.ts';

/** Seeds files larger than this are refused (a million URLs fit well within it). */
export const MAX_SEEDS_FILE_BYTES = 200 * 1024 * 1024;

export function parseSeeds(text: string, source = 'seeds'): Seed[] {
  const seeds: Seed[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line || line.startsWith('#')) continue;
    const [url = '', country] = line.split(/[,;\t]/).map((cell) => cell.trim().replace(/^"|"$/g, ''));
    if (i === 0 && /^url$/i.test(url)) continue; // CSV header
    const parsed = seedSchema.safeParse({ url, ...(country ? { country } : {}) });
    if (!parsed.success) {
      throw new InputError(`${source}:${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid seed'}`);
    }
    seeds.push(parsed.data);
  }
  return seeds;
}

export function loadSeedsFile(path: string): Seed[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read seeds file ${path}: ${(error as Error).message}`);
  }
  if (text.length > MAX_SEEDS_FILE_BYTES) throw new InputError(`seeds file ${path} is too large`);
  return parseSeeds(text, path);
}
