// A pool of tesseract.js workers, fully offline: the English model comes from the
// @tesseract.js-data/eng npm package and the worker script and wasm core from node_modules, so
// nothing is fetched from a CDN. Each image is size-checked, preprocessed, read under a time
// limit (a stuck worker is terminated and replaced) and cached by SHA-256.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import PQueue from 'p-queue';
import Tesseract from 'tesseract.js';
import { logger } from '../../core/log.ts';
import { DEFAULT_MAX_IMAGE_BYTES, DEFAULT_MAX_IMAGE_PIXELS, ImageTooLargeError } from '../images/index.ts';
import { LruCache } from './cache.ts';
import { OcrTimeoutError } from './errors.ts';
import { OCR_DPI, preprocessForOcr } from './preprocess.ts';

/** Per-image recognition time limit. */
export const DEFAULT_OCR_TIMEOUT_MS = 20_000;
/** Workers in a pool: one per core on the 2-core target, each holds ~100 MB. */
export const DEFAULT_OCR_POOL_SIZE = 2;
/** OCR results remembered by image hash. */
export const DEFAULT_OCR_CACHE_ENTRIES = 2_000;
/** Longest OCR text kept per image; contact details are short. */
const MAX_OCR_TEXT_CHARS = 5_000;
/** tesseract's LSTM engine (the only one in the *_best_int data). */
const OEM_LSTM_ONLY = 1;

const require = createRequire(import.meta.url);
/** Directory holding eng.traineddata.gz. */
export const ENG_LANG_PATH = join(
  dirname(require.resolve('@tesseract.js-data/eng/package.json')),
  '4.0.0_best_int',
);
const WORKER_PATH = require.resolve('tesseract.js/src/worker-script/node/index.js');
const CORE_PATH = dirname(require.resolve('tesseract.js-core/package.json'));

const log = logger('ocr');

export interface OcrPoolOptions {
  /** Number of tesseract workers. @default DEFAULT_OCR_POOL_SIZE */
  size?: number;
  /** @default DEFAULT_OCR_TIMEOUT_MS */
  timeoutMs?: number;
  /** @default DEFAULT_MAX_IMAGE_BYTES */
  maxBytes?: number;
  /** @default DEFAULT_MAX_IMAGE_PIXELS */
  maxPixels?: number;
  /** @default DEFAULT_OCR_CACHE_ENTRIES */
  cacheEntries?: number;
}

export interface OcrResult {
  text: string;
  /** SHA-256 of the image bytes. */
  sha256: string;
  /** True when the text came from the cache. */
  cached: boolean;
}

export interface OcrPool {
  /** Reads the text of an image (bytes, or a local file path). Rejects with ImageTooLargeError,
   * ImageDecodeError or OcrTimeoutError; the pool stays usable. */
  recognize(image: Uint8Array | string): Promise<OcrResult>;
  /** Terminates the workers; pending recognitions reject. */
  close(): Promise<void>;
}

async function newWorker(): Promise<Tesseract.Worker> {
  const worker = await Tesseract.createWorker('eng', OEM_LSTM_ONLY, {
    langPath: ENG_LANG_PATH,
    gzip: true,
    workerPath: WORKER_PATH,
    corePath: CORE_PATH,
    // The model is read from node_modules every time; nothing is written to the working directory.
    cachePath: join(tmpdir(), 'adrisk-tesseract'),
    cacheMethod: 'none',
    logger: () => {},
    errorHandler: (error: unknown) => log.warn({ error: String(error) }, 'tesseract worker error'),
  });
  await worker.setParameters({ user_defined_dpi: String(OCR_DPI) });
  return worker;
}

export function createOcrPool(options: OcrPoolOptions = {}): OcrPool {
  const size = Math.max(1, options.size ?? DEFAULT_OCR_POOL_SIZE);
  const timeoutMs = options.timeoutMs ?? DEFAULT_OCR_TIMEOUT_MS;
  const limits = {
    maxBytes: options.maxBytes ?? DEFAULT_MAX_IMAGE_BYTES,
    maxPixels: options.maxPixels ?? DEFAULT_MAX_IMAGE_PIXELS,
  };
  const cache = new LruCache<string>(options.cacheEntries ?? DEFAULT_OCR_CACHE_ENTRIES);
  const inFlight = new Map<string, Promise<string>>();
  const queue = new PQueue({ concurrency: size });
  // Idle workers; busy ones are held by the task that took them. Created lazily.
  const idle: Array<Promise<Tesseract.Worker>> = [];
  const all = new Set<Promise<Tesseract.Worker>>();
  let closed = false;

  const take = (): Promise<Tesseract.Worker> => {
    const worker = idle.pop();
    if (worker) return worker;
    const created = newWorker();
    all.add(created);
    created.catch(() => all.delete(created));
    return created;
  };

  const read = async (png: Buffer): Promise<string> => {
    const workerPromise = take();
    const worker = await workerPromise;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new OcrTimeoutError(timeoutMs)), timeoutMs);
    });
    try {
      const result = await Promise.race([worker.recognize(png), timeout]);
      idle.push(workerPromise);
      return result.data.text.slice(0, MAX_OCR_TEXT_CHARS);
    } catch (error) {
      // The worker may still be busy on the image: replace it rather than queue behind it.
      all.delete(workerPromise);
      void worker.terminate().catch(() => {});
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };

  const load = async (image: Uint8Array | string): Promise<Uint8Array> => {
    if (typeof image !== 'string') return image;
    const info = await stat(image);
    if (info.size > limits.maxBytes) {
      throw new ImageTooLargeError('bytes', `image is ${info.size} bytes, limit ${limits.maxBytes}`);
    }
    return readFile(image);
  };

  return {
    async recognize(image) {
      if (closed) throw new Error('OCR pool is closed');
      const bytes = await load(image);
      if (bytes.byteLength > limits.maxBytes) {
        throw new ImageTooLargeError('bytes', `image is ${bytes.byteLength} bytes, limit ${limits.maxBytes}`);
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const hit = cache.get(sha256);
      if (hit !== undefined) return { text: hit, sha256, cached: true };
      let pending = inFlight.get(sha256);
      if (pending) return { text: await pending, sha256, cached: true };
      pending = (async () => {
        const png = await preprocessForOcr(bytes, limits);
        return (await queue.add(() => read(png))) as string;
      })();
      inFlight.set(sha256, pending);
      try {
        const text = await pending;
        cache.set(sha256, text);
        return { text, sha256, cached: false };
      } finally {
        inFlight.delete(sha256);
      }
    },
    async close() {
      closed = true;
      queue.clear();
      const workers = [...all];
      all.clear();
      idle.length = 0;
      await Promise.all(workers.map((w) => w.then((worker) => worker.terminate()).catch(() => {})));
    },
  };
}
