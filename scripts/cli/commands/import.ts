// `adrisk import F.jsonl`: loads ads collected elsewhere (the `adrisk score` input format, plus
// optional `site`, `url`, `postedAt`, `images`) into the store for `classify`, linking and review.
// Each line is validated whole, its images read, before anything is written: a bad line is
// reported (line number and reason) and skipped, never half-imported. Re-importing changes nothing.

import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_MAX_IMAGE_BYTES } from '../../../classifier/images/index.ts';
import { describeIssues, InputError } from '../../../core/errors.ts';
import { sha256Hex } from '../../../core/ids.ts';
import { logger } from '../../../core/log.ts';
import { type ImportedAd, type ImportedImage, importAds } from '../../../storage/imports.ts';
import type { CliContext } from '../context.ts';
import { MAX_IMAGES_PER_AD, MAX_LINE_BYTES, readLines, scoreInputSchema } from './score.ts';

/** Valid ads written per bulk write. */
export const IMPORT_BATCH = 500;
/** Bad lines listed in the --json summary; the count covers all of them. */
export const MAX_REPORTED_ERRORS = 1000;

export interface ImportLineError {
  line: number;
  id: string | null;
  error: string;
}

export interface ImportSummary {
  file: string;
  lines: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  errors: ImportLineError[];
}

const IMAGE_TYPES: Array<{ type: string; magic: (b: Buffer) => boolean }> = [
  { type: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'image/png',
    magic: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { type: 'image/gif', magic: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  {
    type: 'image/webp',
    magic: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
];

/** Reads one image of an input line; relative paths are relative to the JSONL file. */
async function readImage(path: string, baseDir: string): Promise<ImportedImage> {
  const full = isAbsolute(path) ? path : resolve(baseDir, path);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(full, 'r');
  } catch (error) {
    throw new Error(`image ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  try {
    const { size } = await handle.stat();
    if (size > DEFAULT_MAX_IMAGE_BYTES)
      throw new Error(`image ${path}: larger than ${DEFAULT_MAX_IMAGE_BYTES} bytes`);
    const bytes = Buffer.alloc(size);
    await handle.read(bytes, 0, size, 0);
    const type = IMAGE_TYPES.find((t) => t.magic(bytes))?.type;
    if (!type) throw new Error(`image ${path}: not a JPEG, PNG, GIF or WebP file`);
    return { sha256: sha256Hex(bytes), url: `import:${basename(path)}`, contentType: type, bytes };
  } finally {
    await handle.close();
  }
}

/** Parses and validates one line into an ad, reading its images; throws with the reason. */
async function parseLine(line: string, baseDir: string): Promise<ImportedAd> {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    throw new Error(`invalid JSON: ${(error as Error).message}`);
  }
  const parsed = scoreInputSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid ad: ${describeIssues(parsed.error.issues)}`);
  const { images: paths = [], postedAt, ...rest } = parsed.data;
  if (paths.length > MAX_IMAGES_PER_AD) throw new Error(`more than ${MAX_IMAGES_PER_AD} images`);
  const images: ImportedImage[] = [];
  for (const path of paths) {
    const image = await readImage(path, baseDir);
    if (!images.some((i) => i.sha256 === image.sha256)) images.push(image);
  }
  return { ...rest, ...(postedAt ? { postedAt: new Date(postedAt) } : {}), images };
}

function idOf(line: string): string | null {
  try {
    const raw = JSON.parse(line) as { id?: unknown };
    return typeof raw?.id === 'string' ? raw.id.slice(0, 500) : null;
  } catch {
    return null;
  }
}

/** Imports a JSONL file into the store; bad lines are collected, not thrown. */
export async function importFile(
  db: Parameters<typeof importAds>[0],
  file: string,
  onBadLine: (error: ImportLineError) => void = () => {},
): Promise<ImportSummary> {
  const input = createReadStream(file);
  await once(input, 'open').catch((error: Error) => {
    throw new InputError(`cannot read ${file}: ${error.message}`);
  });
  const baseDir = dirname(resolve(file));
  const summary: ImportSummary = {
    file,
    lines: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    errors: [],
  };
  const bad = (error: ImportLineError) => {
    summary.skipped++;
    if (summary.errors.length < MAX_REPORTED_ERRORS) summary.errors.push(error);
    onBadLine(error);
  };
  const seen = new Map<string, number>();
  let batch: Array<{ line: number; ad: ImportedAd }> = [];
  const flush = async () => {
    const written = await importAds(
      db,
      batch.map((b) => b.ad),
    );
    summary.inserted += written.inserted;
    summary.updated += written.updated;
    summary.unchanged += written.unchanged;
    for (const id of written.conflicts) {
      const line = batch.find((b) => b.ad.id === id)!.line;
      bad({ line, id, error: 'id belongs to a crawled ad; imports never overwrite crawled ads' });
    }
    batch = [];
  };
  let lineNo = 0;
  for await (const line of readLines(input, MAX_LINE_BYTES)) {
    lineNo++;
    if (line === undefined) {
      bad({ line: lineNo, id: null, error: `line longer than ${MAX_LINE_BYTES} bytes` });
      continue;
    }
    if (line.trim() === '') continue;
    summary.lines++;
    let ad: ImportedAd;
    try {
      ad = await parseLine(line, baseDir);
    } catch (error) {
      bad({ line: lineNo, id: idOf(line), error: (error as Error).message });
      continue;
    }
    const first = seen.get(ad.id);
    if (first !== undefined) {
      bad({ line: lineNo, id: ad.id, error: `duplicate id (first on line ${first})` });
      continue;
    }
    seen.set(ad.id, lineNo);
    batch.push({ line: lineNo, ad });
    if (batch.length >= IMPORT_BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return summary;
}

export function registerImport(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description('load ads collected elsewhere (JSONL, the `score` input format) into the store; idempotent')
    .argument('<file>', 'JSONL file: one ad a line (id, title, text, url, site, postedAt, images)')
    .action(async (file: string) => {
      const store = await ctx.store();
      const json = ctx.globals().json === true;
      const summary = await importFile(store.db, file, (e) => {
        if (!json) ctx.stderr.write(`${file}:${e.line}: skipped${e.id ? ` (id ${e.id})` : ''}: ${e.error}\n`);
      });
      logger('import').info({ ...summary, errors: summary.errors.length }, 'import finished');
      ctx.result(
        `imported ${file}: ${summary.inserted} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.skipped} bad lines skipped`,
        summary,
      );
    });
}
