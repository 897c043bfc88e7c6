// The review queue as a page and as JSON; both show ads through `presentAd` for the viewer.
import type { FastifyInstance } from 'fastify';
import { COLLECTIONS, type SiteDoc } from '../../storage/index.ts';
import { viewerOf } from '../auth.ts';
import type { ReviewContext } from '../context.ts';
import { presentAd } from '../present-ad.ts';
import { INDICATOR_CODES, queuePage, queueQuerySchema } from '../queue-query.ts';
import { parseInput } from '../validate.ts';
import { type QueueFacets, queuePage as renderQueue } from '../views/queue.ts';

/** Sites offered in the filter's suggestions; the sites collection is small (one per host). */
const MAX_FACET_SITES = 2000;
const MAX_FACET_VALUES = 500;

async function facets(ctx: ReviewContext): Promise<QueueFacets> {
  const sites = await ctx.db
    .collection<SiteDoc>(COLLECTIONS.sites)
    .find({}, { projection: { host: 1, cities: 1, languages: 1 } })
    .sort({ _id: 1 })
    .limit(MAX_FACET_SITES)
    .toArray();
  const cities = new Set<string>();
  const languages = new Set<string>();
  for (const s of sites) {
    for (const c of s.cities ?? []) if (cities.size < MAX_FACET_VALUES) cities.add(c);
    for (const l of s.languages ?? []) languages.add(l);
  }
  return {
    sites: sites.map((s) => s.host),
    cities: [...cities].sort(),
    languages: [...languages].sort(),
    indicators: [...INDICATOR_CODES],
  };
}

export function registerQueueRoutes(app: FastifyInstance, ctx: ReviewContext): void {
  app.get('/', async (request, reply) => {
    const viewer = viewerOf(request);
    const q = parseInput(queueQuerySchema, request.query, 'queue filters');
    const [page, f] = await Promise.all([queuePage(ctx.ads, q), facets(ctx)]);
    const ads = page.ads.map((ad) => presentAd(ad, viewer, ctx.ps));
    return reply.type('text/html; charset=utf-8').send(String(renderQueue(viewer, q, ads, page.next, f)));
  });

  app.get('/api/queue', async (request) => {
    const viewer = viewerOf(request);
    const q = parseInput(queueQuerySchema, request.query, 'queue filters');
    const page = await queuePage(ctx.ads, q);
    return {
      note: 'risk is a signal for human review, not a verdict',
      ads: page.ads.map((ad) => presentAd(ad, viewer, ctx.ps)),
      next: page.next ?? null,
    };
  });
}
