/** Largest encoded image accepted (bytes). Ad photos are well under this. */
export const DEFAULT_MAX_IMAGE_BYTES = 15 * 1024 * 1024;
/** Largest decoded image accepted (width × height); guards against decompression bombs. */
export const DEFAULT_MAX_IMAGE_PIXELS = 40_000_000;
