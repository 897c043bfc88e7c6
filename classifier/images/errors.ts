import { AdriskError } from '../../core/errors.ts';

/** The image exceeds the byte or pixel limit (a decompression bomb, or just too big): skip it. */
export class ImageTooLargeError extends AdriskError {
  readonly limit: 'bytes' | 'pixels';
  constructor(limit: 'bytes' | 'pixels', message: string, options: { cause?: unknown } = {}) {
    super('image_too_large', message, options);
    this.limit = limit;
  }
}

/** The bytes are not an image sharp can decode: skip it. */
export class ImageDecodeError extends AdriskError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('image_undecodable', message, options);
  }
}
