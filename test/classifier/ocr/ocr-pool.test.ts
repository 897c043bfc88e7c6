import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractEntities } from '../../../classifier/entities/index.ts';
import {
  createOcrPool,
  ENG_LANG_PATH,
  ImageDecodeError,
  ImageTooLargeError,
  type OcrPool,
  ocrImages,
} from '../../../classifier/ocr/index.ts';
import { textPng, textSvg } from '../images/synthetic-images.ts';

// One pool for the file: tesseract start-up costs seconds.
let pool: OcrPool;
let dir: string;
beforeAll(async () => {
  pool = createOcrPool({ size: 2, maxPixels: 4_000_000, maxBytes: 2_000_000 });
  dir = await mkdtemp(join(tmpdir(), 'adrisk-ocr-test-'));
});
afterAll(async () => {
  await pool.close();
  await rm(dir, { recursive: true, force: true });
});

const phonesIn = (text: string, region: 'FR' | 'DE' | 'GB' | 'RO') =>
  extractEntities('', { ocrTexts: [text], defaultRegion: region }).phones;

describe('OCR pool', () => {
  it('reads phone numbers from generated images', async () => {
    const cases: Array<[Buffer, 'FR' | 'DE' | 'GB' | 'RO', string]> = [
      [await textPng('Call 06 12 34 56 78'), 'FR', '+33612345678'],
      [
        await sharp(textSvg('WhatsApp +49 151 2345 6789', { width: 720 }))
          .jpeg({ quality: 70 })
          .toBuffer(),
        'DE',
        '+4915123456789',
      ],
      // Light text on a dark background is inverted before reading.
      [await textPng('07912 345678', { background: '#222', color: '#eee' }), 'GB', '+447912345678'],
    ];
    const results = await Promise.all(cases.map(([image]) => pool.recognize(image)));
    results.forEach((result, i) => {
      const [, region, expected] = cases[i]!;
      expect(result.cached).toBe(false);
      expect(phonesIn(result.text, region)).toContain(expected);
    });
  });

  it('reads a small, noisy image by upscaling and thresholding it', async () => {
    const image = await textPng('Tel 0721 234 567', { width: 220, fontSize: 15, noise: 150 });
    const { text } = await pool.recognize(image);
    expect(phonesIn(text, 'RO')).toEqual(['+40721234567']);
  });

  it('reads an image file by path and marks contacts found only there as image-sourced', async () => {
    const path = join(dir, 'contact.png');
    await writeFile(path, await textPng(['Anna', '06 98 76 54 32']));
    const [text] = await ocrImages([{ path }, { ocrText: 'already read' }], pool);
    expect(text).toBeDefined();
    const entities = extractEntities('Hello, new in town', { ocrTexts: [text!], defaultRegion: 'FR' });
    expect(entities.phoneDetails).toEqual([
      expect.objectContaining({ e164: '+33698765432', source: 'image', obfuscations: ['image'] }),
    ]);
  });

  it('answers the same image from the cache', async () => {
    const image = await textPng('06 11 22 33 44');
    const first = await pool.recognize(image);
    const second = await pool.recognize(Uint8Array.from(image));
    expect(first.cached).toBe(false);
    expect(second).toEqual({ ...first, cached: true });
  });

  it('rejects an image over the pixel limit with a typed error, before decoding it', async () => {
    // 3000×3000 declared pixels > the pool's 4 MP limit; the PNG itself is tiny.
    const big = await sharp({ create: { width: 3000, height: 3000, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    await expect(pool.recognize(big)).rejects.toBeInstanceOf(ImageTooLargeError);
    await expect(pool.recognize(big)).rejects.toMatchObject({ code: 'image_too_large', limit: 'pixels' });
  });

  it('rejects an image over the byte limit and bytes that are not an image', async () => {
    await expect(pool.recognize(new Uint8Array(2_000_001))).rejects.toMatchObject({ limit: 'bytes' });
    await expect(pool.recognize(new TextEncoder().encode('not an image'))).rejects.toBeInstanceOf(
      ImageDecodeError,
    );
  });

  it('gives empty text for unreadable images in ocrImages instead of failing the ad', async () => {
    const texts = await ocrImages([{ bytes: new TextEncoder().encode('junk') }, { ocrText: 'kept' }], pool);
    expect(texts).toEqual(['', 'kept']);
  });

  it('loads the model from the local npm package', () => {
    expect(ENG_LANG_PATH).toContain('node_modules');
    expect(existsSync(join(ENG_LANG_PATH, 'eng.traineddata.gz'))).toBe(true);
  });
});

// Proof of "fully offline": read an image in a process that has no network at all (a fresh
// network namespace). Skipped where unprivileged user namespaces are unavailable.
const canIsolateNetwork = spawnSync('unshare', ['-rn', 'true']).status === 0;

describe.skipIf(!canIsolateNetwork)('OCR without network', () => {
  it('reads an image in a process with no network interfaces', async () => {
    const path = join(dir, 'offline.png');
    await writeFile(path, await textPng('06 55 44 33 22'));
    const script = `
      import { createOcrPool } from ${JSON.stringify(join(process.cwd(), 'classifier/ocr/index.ts'))};
      const pool = createOcrPool({ size: 1 });
      const { text } = await pool.recognize(${JSON.stringify(path)});
      await pool.close();
      process.stdout.write(JSON.stringify(text));`;
    const scriptPath = join(dir, 'offline.mts');
    await writeFile(scriptPath, script);
    const out = execFileSync('unshare', ['-rn', process.execPath, '--import', 'tsx', scriptPath], {
      cwd: process.cwd(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(phonesIn(JSON.parse(out), 'FR')).toEqual(['+33655443322']);
  });
});
