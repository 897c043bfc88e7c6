// The marketplace server: six sites of different structure, each on its own loopback address
// (127.0.0.11 … 127.0.0.16 by default) so per-host politeness is real. Pages are generated on
// request from the seed; nothing but small listing indexes is held in memory.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { describeIssues, InputError } from '../../core/errors.ts';
import { logger } from '../../core/log.ts';
import { createGroundTruth, type GroundTruth, writeGroundTruth } from './ground-truth.ts';
import type { Lang } from './lang/types.ts';
import { planAd } from './plan.ts';
import { DEFAULT_FIRST_HOST, globalIndex, SITE_KEYS, type SiteKey, siteAdCount } from './site-keys.ts';
import { agency } from './sites/agency.ts';
import { classifieds } from './sites/classifieds.ts';
import { DEFAULT_MARKETPLACE_OPTIONS, SiteContext, type SiteModule } from './sites/context.ts';
import { directory } from './sites/directory.ts';
import { forum } from './sites/forum.ts';
import { gated } from './sites/gated.ts';
import { send } from './sites/http.ts';
import { spa } from './sites/spa.ts';
import type { SiteTruth } from './truth.ts';

const log = logger('marketplace');

export const DEFAULT_ADS_PER_SITE = 20;
/** Bounded so a typo cannot ask for a marketplace the index pass cannot build quickly. */
export const MAX_ADS = 5_000_000;
/** Above this many ads, per-site language/city summaries are sampled rather than exhaustive. */
const SUMMARY_SAMPLE = 20_000;

const MODULES: Record<SiteKey, SiteModule> = { directory, classifieds, spa, gated, forum, agency };

export const MarketplaceOptionsSchema = z
  .object({
    seed: z.number().int().min(0).default(1),
    adsPerSite: z.number().int().min(1).optional(),
    /** Total ads across all sites (alternative to adsPerSite). */
    scale: z.number().int().min(1).max(MAX_ADS).optional(),
    /** One loopback address per site, in SITE_KEYS order. */
    hosts: z.array(z.string()).length(SITE_KEYS.length).optional(),
    /** Port for every site (each has its own address); 0 picks a free port per site. */
    basePort: z.number().int().min(0).max(65535).default(0),
    slowMs: z.number().int().min(0).default(DEFAULT_MARKETPLACE_OPTIONS.slowMs),
    largePageBytes: z.number().int().min(1024).default(DEFAULT_MARKETPLACE_OPTIONS.largePageBytes),
    crawlDelay: z.number().min(0).default(DEFAULT_MARKETPLACE_OPTIONS.crawlDelay),
  })
  .refine((o) => !(o.adsPerSite && o.scale), 'give adsPerSite or scale, not both');
export type MarketplaceInput = z.input<typeof MarketplaceOptionsSchema>;

export interface RunningSite {
  key: SiteKey;
  type: SiteTruth['type'];
  host: string;
  baseUrl: string;
}

export interface Marketplace {
  sites: RunningSite[];
  groundTruth: GroundTruth;
  /** Writes sites.json (with per-site ad URLs up to 100k ads), ads.jsonl and networks.jsonl into `dir`. */
  writeGroundTruth(dir: string): Promise<{ sites: string; ads: string; networks: string }>;
  close(): Promise<void>;
}

function summarize(
  seed: number,
  key: SiteKey,
  adCount: number,
): Pick<SiteTruth, 'languages' | 'cities' | 'countries'> {
  const languages = new Set<Lang>();
  const cities = new Set<string>();
  const countries = new Set<string>();
  const step = Math.max(1, Math.floor(adCount / SUMMARY_SAMPLE));
  for (let local = 0; local < adCount; local += step) {
    const plan = planAd(seed, globalIndex(key, local));
    languages.add(plan.lang);
    cities.add(plan.city.slug);
    countries.add(plan.country);
  }
  return { languages: [...languages].sort(), cities: [...cities].sort(), countries: [...countries].sort() };
}

async function listen(server: Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export async function startMarketplace(input: MarketplaceInput = {}): Promise<Marketplace> {
  const parsed = MarketplaceOptionsSchema.safeParse(input);
  if (!parsed.success) throw new InputError(`marketplace options: ${describeIssues(parsed.error.issues)}`);
  const o = parsed.data;
  const count = o.scale ?? (o.adsPerSite ?? DEFAULT_ADS_PER_SITE) * SITE_KEYS.length;
  const hosts = o.hosts ?? SITE_KEYS.map((_, s) => `127.0.0.${DEFAULT_FIRST_HOST + s}`);
  const options = { slowMs: o.slowMs, largePageBytes: o.largePageBytes, crawlDelay: o.crawlDelay };

  const servers: Server[] = [];
  const origins = {} as Record<SiteKey, string>;
  const contexts: SiteContext[] = [];
  try {
    // Bind first (ports are known only then), then give every site the full origin map.
    for (const [s, key] of SITE_KEYS.entries()) {
      const server = createServer();
      server.keepAliveTimeout = 5_000;
      const port = await listen(server, hosts[s]!, o.basePort);
      servers.push(server);
      origins[key] = `http://${hosts[s]}:${port}`;
    }
  } catch (error) {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    throw error;
  }
  for (const [s, key] of SITE_KEYS.entries()) {
    const ctx = new SiteContext(key, o.seed, count, origins[key], origins, options);
    contexts.push(ctx);
    const module = MODULES[key];
    servers[s]!.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', ctx.baseUrl);
      Promise.resolve(module.handle(req, res, url, ctx)).catch((error: unknown) => {
        log.error({ err: error, site: key, url: url.pathname }, 'marketplace page failed');
        if (!res.headersSent) send(res, 500, 'internal error', 'text/plain');
        else res.destroy();
      });
    });
    servers[s]!.on('clientError', (_err, socket) => socket.destroy());
  }

  const sites: SiteTruth[] = contexts.map((ctx, s) => {
    const description = MODULES[ctx.key].describe(ctx);
    return {
      key: ctx.key,
      host: hosts[s]!,
      baseUrl: ctx.baseUrl,
      ...description,
      ...summarize(o.seed, ctx.key, siteAdCount(ctx.key, count)),
      adCount: ctx.adCount,
    };
  });
  const groundTruth = createGroundTruth(o.seed, count, sites, origins);
  log.info({ sites: sites.map((s) => s.baseUrl), ads: count }, 'marketplace listening');
  return {
    sites: sites.map((s) => ({ key: s.key, type: s.type, host: s.host, baseUrl: s.baseUrl })),
    groundTruth,
    writeGroundTruth: (dir) => writeGroundTruth(groundTruth, dir),
    async close() {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}
