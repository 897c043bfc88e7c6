// Prepares an ad image for tesseract: grayscale, upscale small images (tesseract wants ~30 px tall
// glyphs), stretch contrast, turn light-on-dark text dark-on-light, then binarise.
import sharp from 'sharp';
import { asImageError, type ImageLimits, openImage } from '../images/index.ts';

/** Images narrower than this are upscaled (by an integer factor, at most MAX_UPSCALE). */
const MIN_OCR_WIDTH = 1000;
const MAX_UPSCALE = 4;
/** Wider images are scaled down: more pixels only cost time. */
const MAX_OCR_WIDTH = 2500;
/** Resolution written into the PNG: without one tesseract guesses, and says so on stdout. */
export const OCR_DPI = 300;
/** Gray level between ink and paper after normalisation. */
const BINARY_THRESHOLD = 128;

export async function preprocessForOcr(bytes: Uint8Array, limits: ImageLimits): Promise<Buffer> {
  const { image, width } = await openImage(bytes, limits);
  const scale = width < MIN_OCR_WIDTH ? Math.min(MAX_UPSCALE, Math.ceil(MIN_OCR_WIDTH / width)) : 1;
  const target = Math.min(MAX_OCR_WIDTH, width * scale);
  try {
    const { data, info } = await image
      .rotate()
      .flatten({ background: '#ffffff' })
      .grayscale()
      .resize({ width: target, kernel: 'lanczos3' })
      .normalise()
      .raw()
      .toBuffer({ resolveWithObject: true });
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum += data[i]!;
    const invert = sum / data.length < BINARY_THRESHOLD;
    for (let i = 0; i < data.length; i++) {
      const ink = invert ? data[i]! >= BINARY_THRESHOLD : data[i]! < BINARY_THRESHOLD;
      data[i] = ink ? 0 : 255;
    }
    return await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
      .withMetadata({ density: OCR_DPI })
      .png({ compressionLevel: 1 })
      .toBuffer();
  } catch (cause) {
    throw asImageError(cause);
  }
}
