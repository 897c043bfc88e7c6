import { AdriskError } from '../../core/errors.ts';

/** Recognition of one image took longer than the pool's `timeoutMs`; its worker was replaced. */
export class OcrTimeoutError extends AdriskError {
  constructor(timeoutMs: number) {
    super('ocr_timeout', `OCR took longer than ${timeoutMs} ms`);
  }
}
