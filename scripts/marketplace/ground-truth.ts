// Ground truth of a running (or hypothetical) marketplace: sites held in memory, ads and networks
// iterated lazily from the seed so a million-ad marketplace never sits in memory; and a writer
// that streams it all to JSON files.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { adAt, adId, adPath, generateAds } from './generator.ts';
import { networksUpTo } from './networks.ts';
import { planAd } from './plan.ts';
import { globalIndex, type SiteKey, siteAdCount, siteOf } from './site-keys.ts';
import type { GeneratedAd, NetworkTruth, SiteTruth } from './truth.ts';

export interface GroundTruth {
  seed: number;
  adCount: number;
  sites: SiteTruth[];
  origins: Record<SiteKey, string>;
  /** Ad `index` (0 ≤ index < adCount). */
  ad(index: number): GeneratedAd;
  /** All ads in index order, generated one by one. */
  ads(): Generator<GeneratedAd>;
  /** All networks with at least two members among the ads. */
  networks(): Generator<NetworkTruth>;
  /** The ad URLs of one site, from plans only (no text is composed): cheap at any scale. */
  siteAds(key: SiteKey): Generator<SiteAdRef>;
}

export interface SiteAdRef {
  id: string;
  url: string;
  crawlable: boolean;
  adult: boolean;
  needsBrowser: boolean;
  behindGate: boolean;
}

/** Up to this many ads, sites.json lists every site's ad URLs; beyond it, see ads.jsonl. */
export const SITE_URL_LIST_MAX = 100_000;

export function createGroundTruth(
  seed: number,
  adCount: number,
  sites: SiteTruth[],
  origins: Record<SiteKey, string>,
): GroundTruth {
  return {
    seed,
    adCount,
    sites,
    origins,
    ad: (index) => adAt(seed, index, origins),
    ads: () => generateAds({ seed, count: adCount, origins }),
    *siteAds(key) {
      for (let local = 0; local < siteAdCount(key, adCount); local++) {
        const index = globalIndex(key, local);
        const plan = planAd(seed, index);
        yield {
          id: adId(seed, index),
          url: origins[key] + adPath(plan),
          crawlable: !plan.membersSection,
          adult: plan.kind !== 'non_adult',
          needsBrowser: key === 'spa',
          behindGate: key === 'gated',
        };
      }
    },
    *networks() {
      for (const n of networksUpTo(seed, adCount)) {
        const first = adAt(seed, n.members[0]!, origins).truth;
        let value: string;
        switch (n.link) {
          case 'phone':
            value = first.phones.find((p) => p.role === 'network' || p.role === 'agency')!.e164;
            break;
          case 'handle':
            value = `${first.handles[0]!.platform}:${first.handles[0]!.value}`;
            break;
          case 'email':
            value = first.emails[0]!.value;
            break;
          case 'image':
            value = `nw-${n.id}`;
            break;
          case 'text':
            value = `template:${n.id}`;
            break;
        }
        yield {
          networkId: n.id,
          link: n.link,
          value,
          traffickingLike: n.traffickingLike,
          duplicate: n.duplicate,
          agency: n.agency,
          risk: n.traffickingLike ? 'high' : 'low',
          adIds: n.members.map((i) => adId(seed, i)),
          sites: [...new Set(n.members.map(siteOf))],
        };
      }
    },
  };
}

async function writeLines(path: string, items: Iterable<unknown>): Promise<void> {
  const out = createWriteStream(path);
  for (const item of items) {
    if (!out.write(`${JSON.stringify(item)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * Writes `sites.json` (array), `ads.jsonl` (one `{ad, truth}` a line) and `networks.jsonl` into
 * `dir`, streaming so any scale fits.
 */
export async function writeGroundTruth(
  truth: GroundTruth,
  dir: string,
): Promise<{ sites: string; ads: string; networks: string }> {
  await mkdir(dir, { recursive: true });
  const paths = {
    sites: join(dir, 'sites.json'),
    ads: join(dir, 'ads.jsonl'),
    networks: join(dir, 'networks.jsonl'),
  };
  await writeFile(
    paths.sites,
    `${JSON.stringify({ seed: truth.seed, adCount: truth.adCount, sites: truth.sites }, null, 2)}\n`,
  );
  await writeLines(paths.ads, truth.ads());
  await writeLines(paths.networks, truth.networks());
  return paths;
}
