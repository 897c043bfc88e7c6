// Synthetic, text-only test images rendered from SVG with sharp (DejaVu fonts are installed).
import sharp from 'sharp';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface TextImageOptions {
  width?: number;
  height?: number;
  fontSize?: number;
  background?: string;
  color?: string;
  /** Grey speckles over the text, seeded, for a "noisy" image. */
  noise?: number;
}

/** An SVG with one or more lines of text. */
export function textSvg(lines: string | string[], options: TextImageOptions = {}): Buffer {
  const list = Array.isArray(lines) ? lines : [lines];
  const fontSize = options.fontSize ?? 40;
  const width = options.width ?? 640;
  const height = options.height ?? Math.round(fontSize * 1.6 * list.length + fontSize);
  const text = list
    .map(
      (line, i) =>
        `<text x="${Math.round(fontSize / 2)}" y="${Math.round(fontSize * 1.3 + i * fontSize * 1.6)}" font-family="DejaVu Sans" font-size="${fontSize}" fill="${options.color ?? '#000'}">${escapeXml(line)}</text>`,
    )
    .join('');
  let dots = '';
  let seed = 7;
  for (let i = 0; i < (options.noise ?? 0); i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const x = seed % width;
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const y = seed % height;
    dots += `<rect x="${x}" y="${y}" width="1" height="1" fill="#888"/>`;
  }
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${options.background ?? '#fff'}"/>${text}${dots}</svg>`,
  );
}

export async function textPng(lines: string | string[], options: TextImageOptions = {}): Promise<Buffer> {
  return sharp(textSvg(lines, options)).png().toBuffer();
}

/** A geometric pattern image (stripes and circles), for perceptual-hash tests. */
export async function patternPng(variant: number, size = 256): Promise<Buffer> {
  const shapes: string[] = [];
  for (let i = 0; i < 6; i++) {
    const x = ((variant * 37 + i * 53) % size) | 0;
    const y = ((variant * 71 + i * 29) % size) | 0;
    shapes.push(
      `<circle cx="${x}" cy="${y}" r="${20 + ((variant + i) % 4) * 10}" fill="#${variant % 2 ? '202020' : 'e0e0e0'}"/>`,
    );
  }
  const stripes = Array.from(
    { length: 4 },
    (_, i) => `<rect x="0" y="${i * 64 + (variant % 3) * 8}" width="${size}" height="16" fill="#777"/>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="100%" height="100%" fill="#${variant % 2 ? 'f0f0f0' : '303030'}"/>${stripes}${shapes.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
