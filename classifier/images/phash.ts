// Exact and perceptual image hashes for `reused_images`. The perceptual hash is the classic DCT
// pHash: 32×32 grayscale, 2-D DCT, the 8×8 lowest frequencies, each bit = coefficient above the
// median of the 63 AC coefficients. It survives re-encoding (PNG↔JPEG, quality) and resizing,
// which is how the same photo reappears across ads.
import { createHash } from 'node:crypto';
import { InputError } from '../../core/errors.ts';
import { asImageError, type ImageLimits, openImage } from './decode.ts';

export interface ImageHashes {
  /** SHA-256 of the bytes as given, lower-case hex. */
  sha256: string;
  /** 64-bit DCT perceptual hash, 16 lower-case hex digits. */
  phash: string;
}

/**
 * Hamming distance (of 64 bits) at or below which two images count as the same picture. Re-encoded
 * and resized copies land at 0–6; unrelated images around 32 ± 6. 10 keeps false matches rare
 * (the chance for two random hashes is ≈ 1e-7) while tolerating light crops and watermarks.
 */
export const DEFAULT_PHASH_THRESHOLD = 10;

const SIZE = 32;
const LOW = 8;
/** COS[u * SIZE + x] = cos((2x + 1)uπ / 2N), for the LOW frequencies used. */
const COS = (() => {
  const table = new Float64Array(LOW * SIZE);
  for (let u = 0; u < LOW; u++) {
    for (let x = 0; x < SIZE; x++) table[u * SIZE + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * SIZE));
  }
  return table;
})();

/** The 8×8 low-frequency DCT-II coefficients of a 32×32 image (row-major, [v][u]). */
export function lowFrequencyDct(pixels: Uint8Array | Float64Array): Float64Array {
  // Separable transform: rows first (32 rows × 8 frequencies), then columns.
  const rows = new Float64Array(SIZE * LOW);
  for (let y = 0; y < SIZE; y++) {
    for (let u = 0; u < LOW; u++) {
      let sum = 0;
      for (let x = 0; x < SIZE; x++) sum += pixels[y * SIZE + x]! * COS[u * SIZE + x]!;
      rows[y * LOW + u] = sum;
    }
  }
  const out = new Float64Array(LOW * LOW);
  for (let v = 0; v < LOW; v++) {
    for (let u = 0; u < LOW; u++) {
      let sum = 0;
      for (let y = 0; y < SIZE; y++) sum += rows[y * LOW + u]! * COS[v * SIZE + y]!;
      out[v * LOW + u] = sum;
    }
  }
  return out;
}

/** The pHash bits of 8×8 DCT coefficients, as 16 hex digits. */
export function phashFromDct(dct: Float64Array): string {
  const ac = Array.from(dct.subarray(1)).sort((a, b) => a - b);
  const median = ac[31]!; // the middle of 63 values
  let hex = '';
  for (let nibble = 0; nibble < 16; nibble++) {
    let value = 0;
    for (let bit = 0; bit < 4; bit++) value = (value << 1) | (dct[nibble * 4 + bit]! > median ? 1 : 0);
    hex += value.toString(16);
  }
  return hex;
}

export async function imageHashes(bytes: Uint8Array, limits: ImageLimits = {}): Promise<ImageHashes> {
  const { image } = await openImage(bytes, limits);
  let pixels: Buffer;
  try {
    pixels = await image
      .flatten({ background: '#ffffff' })
      .grayscale()
      .resize(SIZE, SIZE, { fit: 'fill', kernel: 'cubic' })
      .raw()
      .toBuffer();
  } catch (cause) {
    throw asImageError(cause);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { sha256, phash: phashFromDct(lowFrequencyDct(pixels)) };
}

const HEX64 = /^[0-9a-f]{16}$/i;
const POPCOUNT_NIBBLE = [0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4];

/** Number of differing bits between two 16-hex-digit perceptual hashes. */
export function hammingDistance(a: string, b: string): number {
  if (!HEX64.test(a) || !HEX64.test(b)) throw new InputError('perceptual hashes must be 16 hex digits');
  let distance = 0;
  for (let i = 0; i < 16; i++)
    distance += POPCOUNT_NIBBLE[Number.parseInt(a[i]!, 16) ^ Number.parseInt(b[i]!, 16)]!;
  return distance;
}
