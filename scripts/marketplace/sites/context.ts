// What every site handler gets: the marketplace's seed and size, its own base URL, lazy access
// to its ads, and lazily built listing indexes (ads per city, category or board) that hold only
// ad numbers, so listing pages stay cheap at a million ads.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { adAt } from '../generator.ts';
import { type AdPlan, planAd } from '../plan.ts';
import { globalIndex, type SiteKey, siteAdCount } from '../site-keys.ts';
import type { GeneratedAd, SiteTruth } from '../truth.ts';

export interface MarketplaceOptions {
  /** Delay of the slow-response trap, ms. @default 3000 */
  slowMs: number;
  /** Size of the very-large-page trap, bytes. @default 5 MiB */
  largePageBytes: number;
  /** Crawl-delay announced in the gated site's robots.txt, seconds. @default 0.2 */
  crawlDelay: number;
}

export const DEFAULT_MARKETPLACE_OPTIONS: MarketplaceOptions = {
  slowMs: 3000,
  largePageBytes: 5 * 1024 * 1024,
  crawlDelay: 0.2,
};

export class SiteContext {
  readonly adCount: number;
  private readonly indexes = new Map<string, Map<string, number[]>>();

  constructor(
    readonly key: SiteKey,
    readonly seed: number,
    /** Ads in the whole marketplace. */
    readonly count: number,
    readonly baseUrl: string,
    readonly origins: Record<SiteKey, string>,
    readonly options: MarketplaceOptions,
  ) {
    this.adCount = siteAdCount(key, count);
  }

  has(local: number): boolean {
    return Number.isInteger(local) && local >= 0 && local < this.adCount;
  }

  ad(local: number): GeneratedAd {
    return adAt(this.seed, globalIndex(this.key, local), this.origins);
  }

  plan(local: number): AdPlan {
    return planAd(this.seed, globalIndex(this.key, local));
  }

  /**
   * Local ad numbers grouped by `keyOf(plan)`, built on first use by one pass over the site's
   * plans (cheap: no text is composed) and kept for the server's lifetime.
   */
  groups(name: string, keyOf: (plan: AdPlan) => string | undefined): Map<string, number[]> {
    let index = this.indexes.get(name);
    if (!index) {
      index = new Map();
      for (let local = 0; local < this.adCount; local++) {
        const key = keyOf(this.plan(local));
        if (key === undefined) continue;
        const list = index.get(key);
        if (list) list.push(local);
        else index.set(key, [local]);
      }
      this.indexes.set(name, index);
    }
    return index;
  }
}

export type SiteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: SiteContext,
) => Promise<void> | void;

/** What a site module contributes to ground truth (the server adds host, counts, languages…). */
export type SiteDescription = Pick<
  SiteTruth,
  'type' | 'explicitness' | 'needsBrowser' | 'compliance' | 'traps'
> & {
  crawlDelay?: number;
  supportPhone?: string;
};

export interface SiteModule {
  key: SiteKey;
  handle: SiteHandler;
  describe(ctx: SiteContext): SiteDescription;
}
