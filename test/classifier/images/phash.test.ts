import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PHASH_THRESHOLD,
  hammingDistance,
  ImageDecodeError,
  ImageTooLargeError,
  imageHashes,
} from '../../../classifier/images/index.ts';
import { lowFrequencyDct, phashFromDct } from '../../../classifier/images/phash.ts';
import { patternPng, textPng } from './synthetic-images.ts';

describe('imageHashes', () => {
  it('returns the SHA-256 of the bytes and a 64-bit hash as 16 hex digits', async () => {
    const image = await textPng('Anna 06 12 34 56 78');
    const { sha256, phash } = await imageHashes(image);
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(phash).toMatch(/^[0-9a-f]{16}$/);
    expect((await imageHashes(Uint8Array.from(image))).phash).toBe(phash);
  });

  it('keeps a resized and re-encoded copy within the threshold', async () => {
    for (const original of [await textPng(['Anna', 'new in town', '06 12 34 56 78']), await patternPng(3)]) {
      const meta = await sharp(original).metadata();
      const copies = [
        await sharp(original).jpeg({ quality: 55 }).toBuffer(),
        await sharp(original)
          .resize({ width: Math.round(meta.width! * 0.6) })
          .jpeg({ quality: 80 })
          .toBuffer(),
        await sharp(original)
          .resize({ width: meta.width! * 2 })
          .webp({ quality: 70 })
          .toBuffer(),
      ];
      const base = (await imageHashes(original)).phash;
      for (const copy of copies) {
        const copyHash = await imageHashes(copy);
        expect(hammingDistance(base, copyHash.phash)).toBeLessThanOrEqual(DEFAULT_PHASH_THRESHOLD);
        expect(copyHash.sha256).not.toBe((await imageHashes(original)).sha256);
      }
    }
  });

  it('puts different images far apart', async () => {
    const hashes = await Promise.all(
      [
        await patternPng(1),
        await patternPng(2),
        await textPng(['Lena', '0044 7912 345678']),
        await textPng('Maria, 25'),
      ].map(async (image) => (await imageHashes(image)).phash),
    );
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++) {
        expect(hammingDistance(hashes[i]!, hashes[j]!)).toBeGreaterThan(DEFAULT_PHASH_THRESHOLD);
      }
    }
  });

  it('rejects decompression bombs and non-images with typed errors', async () => {
    const bomb = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    await expect(imageHashes(bomb, { maxPixels: 10_000_000 })).rejects.toBeInstanceOf(ImageTooLargeError);
    await expect(imageHashes(bomb, { maxBytes: 100 })).rejects.toMatchObject({ limit: 'bytes' });
    await expect(imageHashes(new TextEncoder().encode('<html>'))).rejects.toBeInstanceOf(ImageDecodeError);
  });
});

describe('DCT perceptual hash', () => {
  it('computes the DCT-II: a flat image has only a DC coefficient', () => {
    const dct = lowFrequencyDct(new Float64Array(1024).fill(100));
    expect(dct[0]).toBeCloseTo(1024 * 100);
    for (let i = 1; i < 64; i++) expect(Math.abs(dct[i]!)).toBeLessThan(1e-6);
  });

  it('sets a bit for each coefficient above the median of the AC coefficients', () => {
    const dct = Float64Array.from({ length: 64 }, (_, i) => (i === 0 ? 1e6 : i));
    // AC coefficients 1..63 have median 32: bits 33..63 are set, and the DC bit.
    expect(phashFromDct(dct)).toBe('800000007fffffff');
  });

  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingDistance('ffffffffffffffff', '0000000000000000')).toBe(64);
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2);
    expect(() => hammingDistance('xyz', '0000000000000000')).toThrow();
  });
});
