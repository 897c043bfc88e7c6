// OCR for the images of one ad, as the classifier receives them: text already read is reused,
// images that cannot be read (too large, undecodable, timed out) give empty text and a log line.
import { logger } from '../../core/log.ts';
import type { AdImageInput } from '../types.ts';
import { createOcrPool, type OcrPool } from './pool.ts';

const log = logger('ocr');

/**
 * The OCR text of each image, in order. Pass a long-lived `pool` when reading many ads: without
 * one a pool is started for this call and closed after it (tesseract start-up takes seconds).
 */
export async function ocrImages(images: AdImageInput[], pool?: OcrPool): Promise<string[]> {
  const needsOcr = images.some(
    (i) => i.ocrText === undefined && (i.bytes !== undefined || i.path !== undefined),
  );
  const own = needsOcr && !pool ? createOcrPool({ size: 1 }) : undefined;
  const active = pool ?? own;
  try {
    return await Promise.all(
      images.map(async (image) => {
        if (image.ocrText !== undefined) return image.ocrText;
        const source = image.bytes ?? image.path;
        if (source === undefined || !active) return '';
        try {
          return (await active.recognize(source)).text;
        } catch (error) {
          log.warn({ error: error instanceof Error ? error.message : String(error) }, 'image not read');
          return '';
        }
      }),
    );
  } finally {
    await own?.close();
  }
}
