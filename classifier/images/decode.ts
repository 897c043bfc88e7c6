// Opens untrusted image bytes with sharp under byte and pixel limits. The header is read first so a
// decompression bomb (a tiny file declaring a huge canvas) is refused before any pixel is decoded;
// `limitInputPixels` stays on as a second guard.
import sharp, { type Metadata, type Sharp } from 'sharp';
import { ImageDecodeError, ImageTooLargeError } from './errors.ts';
import { DEFAULT_MAX_IMAGE_BYTES, DEFAULT_MAX_IMAGE_PIXELS } from './limits.ts';

export interface ImageLimits {
  /** @default DEFAULT_MAX_IMAGE_BYTES */
  maxBytes?: number;
  /** @default DEFAULT_MAX_IMAGE_PIXELS */
  maxPixels?: number;
}

export interface OpenedImage {
  image: Sharp;
  width: number;
  height: number;
}

/** A sharp pipeline over `bytes`, after checking its size and declared dimensions. */
export async function openImage(bytes: Uint8Array, limits: ImageLimits = {}): Promise<OpenedImage> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_IMAGE_BYTES;
  const maxPixels = limits.maxPixels ?? DEFAULT_MAX_IMAGE_PIXELS;
  if (bytes.byteLength > maxBytes) {
    throw new ImageTooLargeError('bytes', `image is ${bytes.byteLength} bytes, limit ${maxBytes}`);
  }
  const image = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error', sequentialRead: true });
  let meta: Metadata;
  try {
    meta = await image.metadata();
  } catch (cause) {
    throw asImageError(cause);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width <= 0 || height <= 0) throw new ImageDecodeError('image has no dimensions');
  if (width * height > maxPixels) {
    throw new ImageTooLargeError('pixels', `image is ${width}×${height} pixels, limit ${maxPixels}`);
  }
  return { image, width, height };
}

/** Maps a sharp failure to our typed errors. */
export function asImageError(cause: unknown): Error {
  if (cause instanceof ImageTooLargeError || cause instanceof ImageDecodeError) return cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  if (/pixel limit/i.test(message)) return new ImageTooLargeError('pixels', message, { cause });
  return new ImageDecodeError(`cannot decode image: ${message}`, { cause });
}
