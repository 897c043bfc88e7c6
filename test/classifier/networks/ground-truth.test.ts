// Linking measured on the synthetic marketplace's ground-truth networks: pairwise precision and
// recall of same-network ad pairs, from the ads' true contacts, rendered images and texts.
import { beforeAll, describe, expect, it } from 'vitest';
import { imageHashes } from '../../../classifier/images/index.ts';
import {
  contactKey,
  type LinkableAd,
  NetworkLinker,
  networkHits,
  textSignature,
} from '../../../classifier/networks/index.ts';
import { generateAds } from '../../../scripts/marketplace/generator.ts';
import { renderImagePng } from '../../../scripts/marketplace/images.ts';
import type { AdTruth } from '../../../scripts/marketplace/truth.ts';

const SEED = 11;
const COUNT = 2400;

interface Sample {
  ads: LinkableAd[];
  truth: Map<string, AdTruth>;
  supportPhone: string;
}

async function sample(): Promise<Sample> {
  const ads: LinkableAd[] = [];
  const truth = new Map<string, AdTruth>();
  const phashes = new Map<string, string>();
  let supportPhone = '';
  for (const { ad, truth: t } of generateAds({ seed: SEED, count: COUNT })) {
    truth.set(ad.id, t);
    const images: Array<{ phash: string }> = [];
    for (const image of t.images) {
      let phash = phashes.get(image.id);
      if (!phash) {
        phash = (await imageHashes(await renderImagePng(image.id, image.text))).phash;
        phashes.set(image.id, phash);
      }
      images.push({ phash });
    }
    supportPhone ||= t.phones.find((p) => p.role === 'site_support')?.e164 ?? '';
    ads.push({
      id: ad.id,
      site: t.site,
      name: t.name,
      age: t.age,
      city: t.city,
      time: Date.parse(ad.postedAt),
      phones: t.phones.map((p) => p.e164),
      emails: t.emails.map((e) => e.value),
      handles: t.handles.map((h) => ({ platform: h.platform, value: h.value })),
      images,
      textSignature: textSignature(`${ad.title}\n${ad.text}`, [t.name, t.cityName]),
    });
  }
  return { ads, truth, supportPhone };
}

function pairs(n: number): number {
  return (n * (n - 1)) / 2;
}

/** Pairwise precision and recall of predicted networks against the true ones. */
function pairwise(networks: string[][], truth: Map<string, AdTruth>) {
  let predicted = 0;
  let correct = 0;
  for (const members of networks) {
    predicted += pairs(members.length);
    const byTrue = new Map<string, number>();
    for (const id of members) {
      const net = truth.get(id)!.networkId;
      if (net) byTrue.set(net, (byTrue.get(net) ?? 0) + 1);
    }
    for (const n of byTrue.values()) correct += pairs(n);
  }
  const trueSizes = new Map<string, number>();
  for (const t of truth.values())
    if (t.networkId) trueSizes.set(t.networkId, (trueSizes.get(t.networkId) ?? 0) + 1);
  let actual = 0;
  for (const n of trueSizes.values()) actual += pairs(n);
  return { precision: correct / predicted, recall: correct / actual, predicted, actual };
}

describe('linking the marketplace ground truth', () => {
  let data: Sample;
  beforeAll(async () => {
    data = await sample();
  });

  it('finds same-network ad pairs with precision and recall of at least 0.95', () => {
    const linker = new NetworkLinker();
    linker.add(data.ads);
    const result = pairwise(
      linker.networks().map((n) => n.ads),
      data.truth,
    );
    expect(result.actual).toBeGreaterThan(500);
    expect(result.precision).toBeGreaterThanOrEqual(0.95);
    expect(result.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('never merges through the site support line printed on many classifieds ads', () => {
    const linker = new NetworkLinker();
    linker.add(data.ads);
    expect(data.supportPhone).not.toBe('');
    const guarded = linker.guardedContacts();
    expect(guarded).toContainEqual(
      expect.objectContaining({
        type: 'phone',
        value: data.supportPhone,
        reason: 'site_concentration',
        site: 'classifieds',
      }),
    );
    for (const network of linker.networks()) {
      expect(network.links.some((l) => l.value === data.supportPhone)).toBe(false);
    }
  });

  it('guards the support line when the site lists it as its contact point, whatever its count', () => {
    const few = data.ads.slice(0, 300);
    const linker = new NetworkLinker({ siteContacts: [contactKey('phone', data.supportPhone)] });
    linker.add(few);
    const carriers = few.filter((a) => a.phones?.includes(data.supportPhone)).length;
    expect(carriers).toBeGreaterThan(1);
    expect(linker.guardedContacts()).toContainEqual(
      expect.objectContaining({ value: data.supportPhone, reason: 'site_chrome', ads: carriers }),
    );
  });

  it('links incrementally to exactly the networks of one batch', () => {
    const batch = new NetworkLinker();
    batch.add(data.ads);
    const incremental = new NetworkLinker();
    for (let from = 0; from < data.ads.length; from += 250) incremental.add(data.ads.slice(from, from + 250));
    const key = (l: NetworkLinker) =>
      l
        .networks()
        .map((n) => n.ads.join(','))
        .sort();
    expect(key(incremental)).toEqual(key(batch));
  });

  it('explains trafficking-like networks with shared_contact, reused_images or template_text', () => {
    const linker = new NetworkLinker();
    linker.add(data.ads);
    const expected = {
      phone: 'shared_contact',
      handle: 'shared_contact',
      email: 'shared_contact',
      image: 'reused_images',
      text: 'template_text',
    } as const;
    let checked = 0;
    let found = 0;
    for (const t of data.truth.values()) {
      if (!t.networkLink || !t.indicators.includes(expected[t.networkLink])) continue;
      checked++;
      if (networkHits(linker, t.id).some((h) => h.code === expected[t.networkLink!])) found++;
    }
    expect(checked).toBeGreaterThan(100);
    expect(found / checked).toBeGreaterThanOrEqual(0.9);
  });
});
