// `adrisk score [--in F] [--out F]`: stateless scoring of ads given as JSONL, streaming, in input
// order, with one `{"id", "error"}` line per bad input line and no database. Only JSONL goes to
// stdout. Large inputs are scored on worker threads; images are OCR'd first, a few at a time.

import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadModel, type RiskModel } from '../../../classifier/model/index.ts';
import { createOcrPool, type OcrPool, ocrImages } from '../../../classifier/ocr/index.ts';
import { scoreBatchText, type Thresholds } from '../../../classifier/score.ts';
import type { AdInput, ScoreResult } from '../../../classifier/types.ts';
import { type ScoreFailure, ScorePool } from '../../../classifier/workers/index.ts';
import { describeIssues, InputError } from '../../../core/errors.ts';
import type { CliContext } from '../context.ts';

/** Lines longer than this are answered with an error line and skipped unread. */
export const MAX_LINE_BYTES = 1024 * 1024;
/** Ads per chunk: the unit of ordering and of work sent to a worker. */
export const CHUNK_SIZE = 256;
/** Past this many ads in one run, scoring moves to worker threads. */
export const WORKER_THRESHOLD = 2 * CHUNK_SIZE;
/** Images read per ad at most; more are ignored (the input is hostile). */
export const MAX_IMAGES_PER_AD = 10;
const MAX_FIELD_CHARS = 100_000;

/** One input line (CONTRACTS.md `adrisk score` input), plus optional site hints. */
export const scoreInputSchema = z.object({
  id: z.string().min(1).max(500),
  title: z.string().max(MAX_FIELD_CHARS).optional(),
  text: z.string().max(MAX_FIELD_CHARS).optional(),
  url: z.string().max(4_000).optional(),
  site: z.string().max(500).optional(),
  images: z.array(z.string().min(1).max(4_000)).optional(),
  postedAt: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  country: z.string().length(2).optional(),
  city: z.string().max(200).optional(),
  name: z.string().max(200).optional(),
});

/** One output line, serialised, and whether it reports an error. */
interface OutputLine {
  json: string;
  error: boolean;
}
type Parsed = { ad: AdInput; imagePaths: string[] } | { failure: { id: string | null; error: string } };

export function registerScore(program: Command, ctx: CliContext): void {
  program
    .command('score')
    .description('score ads given as JSONL (stdin/stdout by default); stateless, no database')
    .option('--in <file>', 'input JSONL file (default: stdin)')
    .option('--out <file>', 'output JSONL file (default: stdout)')
    .option('--threads <n>', 'worker threads for large inputs (default: CPU count)', parsePositiveInt)
    .action(async (flags: { in?: string; out?: string; threads?: number }) => {
      const config = ctx.config();
      const input = flags.in ? createReadStream(flags.in) : process.stdin;
      const output = flags.out ? createWriteStream(flags.out) : ctx.stdout;
      if (flags.in) {
        await once(input, 'open').catch((error: Error) => {
          throw new InputError(`cannot read ${flags.in}: ${error.message}`);
        });
      }
      const thresholds = { high: config.classify.highThreshold, medium: config.classify.mediumThreshold };
      const counts = await scoreStream(input, output, {
        profile: config.classify.profile,
        thresholds,
        ocr: config.classify.ocr,
        threads: flags.threads ?? availableParallelism(),
        modelPath: config.classify.modelPath,
      });
      if (flags.out) {
        (output as NodeJS.WritableStream).end();
        await once(output, 'finish');
      }
      ctx.info(`scored ${counts.scored} ads, ${counts.errors} error lines`);
    });
}

export interface ScoreStreamOptions {
  profile: string;
  thresholds: Thresholds;
  ocr: boolean;
  threads: number;
  /** Risk model file (`classify.modelPath`); the bundled model when absent. */
  modelPath?: string;
}

/** Reads JSONL ads from `input`, writes one JSONL result or error per line to `output`, in order. */
export async function scoreStream(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  options: ScoreStreamOptions,
): Promise<{ scored: number; errors: number }> {
  let pool: ScorePool | undefined;
  let seen = 0;
  let ocrPool: OcrPool | undefined;
  // One OCR pool per run, started by the first ad with images.
  const ocr = () => {
    if (!ocrPool) {
      ocrPool = createOcrPool();
    }
    return ocrPool;
  };
  const counts = { scored: 0, errors: 0 };
  // Loaded before the first line so a bad model file fails the run, not every line.
  const model = options.modelPath ? loadModel(options.modelPath) : undefined;
  // Chunks are scored concurrently but written strictly in input order.
  const pending: Array<Promise<OutputLine[]>> = [];
  const maxInFlight = Math.max(2, options.threads * 2);
  const flushOne = async () => {
    for (const line of await pending.shift()!) {
      if (line.error) counts.errors++;
      else counts.scored++;
      if (!output.write(`${line.json}\n`)) await once(output, 'drain');
    }
  };
  let chunk: Parsed[] = [];
  // The first chunks wait until the input proves large (workers) or ends (scored here): a large
  // input is then scored by the workers only, and this thread never pays the classifier's warm-up.
  let held: Parsed[][] = [];
  const usesWorkers = options.threads > 1;
  const scoreHeld = () => {
    for (const parsed of held) pending.push(scoreChunk(parsed, pool, options, ocr, model));
    held = [];
  };
  const submit = () => {
    held.push(chunk);
    chunk = [];
    if (!pool && usesWorkers && seen > WORKER_THRESHOLD) {
      pool = new ScorePool({
        threads: options.threads,
        profile: options.profile,
        thresholds: options.thresholds,
        modelPath: options.modelPath,
      });
    }
    if (!pool && usesWorkers) return;
    scoreHeld();
  };
  try {
    for await (const line of readLines(input, MAX_LINE_BYTES)) {
      if (line === undefined)
        chunk.push({ failure: { id: null, error: `line longer than ${MAX_LINE_BYTES} bytes` } });
      else if (line.trim() === '') continue;
      else chunk.push(parseLine(line));
      seen++;
      if (chunk.length >= CHUNK_SIZE) {
        submit();
        while (pending.length >= maxInFlight) await flushOne();
      }
    }
    if (chunk.length > 0) held.push(chunk);
    scoreHeld();
    while (pending.length > 0) await flushOne();
  } finally {
    await pool?.close();
    await ocrPool?.close();
  }
  return counts;
}

function parseLine(line: string): Parsed {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    return { failure: { id: null, error: `invalid JSON: ${(error as Error).message}` } };
  }
  const maybeId =
    raw !== null && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string'
      ? ((raw as { id: string }).id.slice(0, 500) as string)
      : null;
  const parsed = scoreInputSchema.safeParse(raw);
  if (!parsed.success)
    return { failure: { id: maybeId, error: `invalid ad: ${describeIssues(parsed.error.issues)}` } };
  const { images, ...rest } = parsed.data;
  return { ad: { ...rest }, imagePaths: (images ?? []).slice(0, MAX_IMAGES_PER_AD) };
}

async function scoreChunk(
  chunk: Parsed[],
  pool: ScorePool | undefined,
  options: ScoreStreamOptions,
  ocr: () => OcrPool,
  model: RiskModel | undefined,
): Promise<OutputLine[]> {
  const ads: AdInput[] = [];
  for (const item of chunk) {
    if (!('ad' in item)) continue;
    if (item.imagePaths.length > 0 && options.ocr) {
      try {
        item.ad.images = await readImages(item.imagePaths, ocr());
      } catch (error) {
        // An unreadable image path is bad input for this ad only.
        Object.assign(item, { failure: { id: item.ad.id, error: `images: ${(error as Error).message}` } });
        continue;
      }
    }
    ads.push(item.ad);
  }
  let results: OutputLine[];
  if (pool && ads.length > 0) {
    results = await pool.scoreToJson(ads).then(
      ({ lines, failed }) => lines.map((json, i) => ({ json, error: failed.has(i) })),
      (error: Error) => ads.map((ad) => outputLine({ id: ad.id, error: error.message })),
    );
  } else {
    results = scoreBatchText(ads, { profile: options.profile, thresholds: options.thresholds, model }).map(
      outputLine,
    );
  }
  let next = 0;
  return chunk.map((item) => ('failure' in item ? outputLine(item.failure) : results[next++]!));
}

function outputLine(line: ScoreResult | ScoreFailure | { id: string | null; error: string }): OutputLine {
  return { json: JSON.stringify(line), error: 'error' in line };
}

async function readImages(paths: string[], pool: OcrPool): Promise<AdInput['images']> {
  const texts = await ocrImages(
    paths.map((path) => ({ path })),
    pool,
  );
  return paths.map((path, i) => ({ path, ocrText: texts[i] ?? '' }));
}

/**
 * Splits a byte stream into lines without ever holding more than `maxBytes` of one line: an
 * over-long line yields `undefined` once and is skipped to its end.
 */
export async function* readLines(
  input: NodeJS.ReadableStream,
  maxBytes: number,
): AsyncGenerator<string | undefined> {
  let parts: Buffer[] = [];
  let length = 0;
  let skipping = false;
  for await (const data of input) {
    let buf = typeof data === 'string' ? Buffer.from(data) : (data as Buffer);
    for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10)) {
      const head = buf.subarray(0, nl);
      buf = buf.subarray(nl + 1);
      if (skipping) {
        skipping = false;
      } else if (length + head.length > maxBytes) {
        yield undefined;
      } else {
        parts.push(head);
        yield Buffer.concat(parts).toString('utf8');
      }
      parts = [];
      length = 0;
    }
    if (skipping) continue;
    if (length + buf.length > maxBytes) {
      skipping = true;
      parts = [];
      length = 0;
      yield undefined;
    } else if (buf.length > 0) {
      parts.push(Buffer.from(buf));
      length += buf.length;
    }
  }
  if (!skipping && length > 0) yield Buffer.concat(parts).toString('utf8');
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InputError(`--threads must be a positive integer, got "${value}"`);
  return n;
}
