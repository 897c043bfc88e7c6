// Ad images: PNGs drawn by sharp from an SVG that holds only text (a phone number or a banner),
// never pictures of people. The same id always gives the same bytes, so a network's shared image
// is byte-identical across its ads.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { escapeHtml } from '../../core/html.ts';
import { Rng } from './prng.ts';
import type { AdTruth } from './truth.ts';

const PALETTES = [
  ['#fff8e7', '#222222', '#e0b44c'],
  ['#1d1d3a', '#ffd966', '#5b5bd6'],
  ['#ffe4ef', '#5a0b2e', '#f08cb0'],
  ['#e8f4ff', '#0b2a5a', '#7fb3e6'],
  ['#f2f2f2', '#000000', '#9a9a9a'],
  ['#10301f', '#f5f5dc', '#3f8f5f'],
  ['#2b0a0a', '#ffe0c0', '#b34747'],
] as const;
/** Large decorative glyphs (text, never pictures) give each image its own shape, so perceptual
 * hashes of different images differ although all of them are mostly text. */
const GLYPHS = ['★', '♥', '✿', '☎', '❀', '✦', '♛', '☾', '✉', '♫', '❖', '☼'];

/** The SVG source for an image showing `text` (one line per "\n"); its layout is seeded by `id`. */
export function imageSvg(id: string, text: string): string {
  const rng = new Rng('image', id);
  const lines = text.split('\n');
  const [bg, fg, accent] = rng.pick(PALETTES);
  const fontSize = rng.int(26, 38);
  const lineHeight = Math.round(fontSize * 1.35);
  const width = rng.int(420, 640);
  const height = rng.int(Math.max(180, 80 + lines.length * lineHeight), 360);
  const glyphs = Array.from({ length: rng.int(3, 6) }, () => {
    const size = rng.int(70, 200);
    return `<text x="${rng.int(-20, width - 40)}" y="${rng.int(size / 2, height + 40)}" font-family="DejaVu Sans" font-size="${size}" fill="${accent}" fill-opacity="${rng.int(20, 45) / 100}" transform="rotate(${rng.int(-30, 30)} ${width / 2} ${height / 2})">${rng.pick(GLYPHS)}</text>`;
  });
  const x = rng.int(16, 60);
  const y0 = rng.int(lineHeight, Math.max(lineHeight, height - lines.length * lineHeight));
  const tilt = rng.int(-6, 6);
  const rows = lines.map(
    (line, i) =>
      `<text x="${x}" y="${y0 + i * lineHeight}" font-family="DejaVu Sans" font-weight="${rng.chance(0.5) ? 'bold' : 'normal'}" font-size="${fontSize}" fill="${fg}" transform="rotate(${tilt} ${x} ${y0})">${escapeHtml(line)}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${bg}"/>${glyphs.join('')}${rows.join('')}</svg>`;
}

export async function renderImagePng(id: string, text: string): Promise<Buffer> {
  return sharp(Buffer.from(imageSvg(id, text)))
    .png({ compressionLevel: 6 })
    .toBuffer();
}

/**
 * Writes the ad's images as PNG files into `dir` and returns their paths: the `images` field of
 * the `adrisk score` input format.
 */
export async function writeAdImages(truth: Pick<AdTruth, 'images'>, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const image of truth.images) {
    const path = join(dir, `${image.id}.png`);
    await writeFile(path, await renderImagePng(image.id, image.text));
    paths.push(path);
  }
  return paths;
}
