// Image reuse across copies that were re-encoded or resized on the way to another site: the
// perceptual hashes stay within the linking threshold, while other images stay apart.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { imageHashes } from '../../../classifier/images/index.ts';
import { NetworkLinker, networkHits } from '../../../classifier/networks/index.ts';
import { renderImagePng } from '../../../scripts/marketplace/images.ts';

async function variants(png: Buffer): Promise<Record<string, Buffer>> {
  const { width } = await sharp(png).metadata();
  return {
    original: png,
    jpeg: await sharp(png).jpeg({ quality: 60 }).toBuffer(),
    half: await sharp(png)
      .resize(Math.round(width! / 2))
      .png()
      .toBuffer(),
    larger_webp: await sharp(png)
      .resize(Math.round(width! * 1.5))
      .webp({ quality: 70 })
      .toBuffer(),
    small_jpeg: await sharp(png)
      .resize(Math.round(width! * 0.7))
      .jpeg({ quality: 50 })
      .toBuffer(),
  };
}

describe('reused images', () => {
  it('links re-encoded and resized copies of one image across ads, and not other images', async () => {
    const copies = await variants(await renderImagePng('banner-a', 'VIP models\nnew girls every week'));
    const others = [
      await renderImagePng('banner-b', 'Call me tonight\n+49 151 2345 6789'),
      await renderImagePng('banner-c', 'Relax massage studio\nopen daily'),
      await renderImagePng('banner-d', 'VIP models\nnew girls every day'),
    ];
    const linker = new NetworkLinker();
    const names = ['Alina', 'Marta', 'Ines', 'Vera', 'Olga'];
    let n = 0;
    for (const bytes of Object.values(copies)) {
      const { phash } = await imageHashes(bytes);
      linker.add([{ id: `copy-${n}`, site: `site${n}.example`, name: names[n], images: [{ phash }] }]);
      n++;
    }
    let m = 0;
    for (const bytes of others) {
      const { phash } = await imageHashes(bytes);
      linker.add([{ id: `other-${m++}`, site: 'x.example', images: [{ phash }] }]);
    }
    const networks = linker.networks();
    expect(networks.map((x) => x.ads)).toEqual([['copy-0', 'copy-1', 'copy-2', 'copy-3', 'copy-4']]);
    expect(networks[0]!.links.every((l) => l.type === 'image')).toBe(true);
    const hit = networkHits(linker, 'copy-1').find((h) => h.code === 'reused_images');
    expect(hit?.evidence[0]).toMatch(/^image [0-9a-f]{16} also on \d other ads?/);
  });
});
