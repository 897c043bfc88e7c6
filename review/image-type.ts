// The type of an image, from its first bytes rather than from what the site claimed: only raster
// formats a browser shows inertly are served (never SVG or HTML sent as an "image").
const SIGNATURES: Array<{ type: string; bytes: number[]; offset?: number }> = [
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { type: 'image/webp', bytes: [0x57, 0x45, 0x42, 0x50], offset: 8 },
];

export function sniffImageType(data: Uint8Array): string | null {
  for (const sig of SIGNATURES) {
    const offset = sig.offset ?? 0;
    if (sig.bytes.every((b, i) => data[offset + i] === b)) return sig.type;
  }
  return null;
}
