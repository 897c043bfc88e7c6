// OCR of ad images, fully offline: contact details that ads show only in pictures. Feed the texts
// to `extractEntities(text, { ocrTexts })`, which marks what it finds there as `source: 'image'`.
export { ImageDecodeError, ImageTooLargeError } from '../images/index.ts';
export { OcrTimeoutError } from './errors.ts';
export { ocrImages } from './ocr-images.ts';
export {
  createOcrPool,
  DEFAULT_OCR_CACHE_ENTRIES,
  DEFAULT_OCR_POOL_SIZE,
  DEFAULT_OCR_TIMEOUT_MS,
  ENG_LANG_PATH,
  type OcrPool,
  type OcrPoolOptions,
  type OcrResult,
} from './pool.ts';
