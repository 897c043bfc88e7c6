// Image identity for `reused_images`: exact (SHA-256) and perceptual (DCT pHash) hashes, plus the
// size limits every stage that decodes ad images shares.
export { asImageError, type ImageLimits, type OpenedImage, openImage } from './decode.ts';
export { ImageDecodeError, ImageTooLargeError } from './errors.ts';
export { DEFAULT_MAX_IMAGE_BYTES, DEFAULT_MAX_IMAGE_PIXELS } from './limits.ts';
export { DEFAULT_PHASH_THRESHOLD, hammingDistance, type ImageHashes, imageHashes } from './phash.ts';
