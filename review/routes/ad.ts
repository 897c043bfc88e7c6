// One ad: the page, the JSON view, and (on request, never for possible minors or researchers) its
// screenshot and images. Every view is written to the audit log.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.ts';
import type { AdHistoryDoc } from '../../storage/ads.ts';
import { type AdDoc, COLLECTIONS, type SiteDoc, toBuffer } from '../../storage/index.ts';
import { networkGraph } from '../../storage/networks.ts';
import type { ImageBlobDoc } from '../../storage/pages.ts';
import { viewerOf } from '../auth.ts';
import type { ReviewContext } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { sniffImageType } from '../image-type.ts';
import { maskerFor, presentAd } from '../present-ad.ts';
import { presentGraph } from '../present-network.ts';
import { snapshotScreenshot, snapshotText } from '../snapshot-text.ts';
import { parseInput } from '../validate.ts';
import { seesContacts, type Viewer } from '../viewer.ts';
import { adPage } from '../views/ad.ts';

const MAX_HISTORY = 50;
const idParams = z.object({ id: z.string().min(1).max(256) }).strict();
const imageParams = z
  .object({ id: z.string().min(1).max(256), sha256: z.string().regex(/^[a-f0-9]{64}$/) })
  .strict();
const noQuery = z.object({}).strict();

export const MINOR_WITHHELD =
  'Images and screenshots are never shown for an ad flagged as a possible minor: hashes and OCR text only.';
const RESEARCHER_WITHHELD = 'Images and screenshots are not shown to researchers: they can carry contacts.';

/** Why images of this ad are withheld from this viewer, or null when they may be shown on request. */
export function imagesWithheld(ad: AdDoc, viewer: Viewer): string | null {
  const minor =
    ad.urgent ||
    ad.indicatorCodes?.includes('minor_age') ||
    ad.score?.indicators.some((i) => i.code === 'minor_age');
  if (minor) return MINOR_WITHHELD;
  if (!seesContacts(viewer)) return RESEARCHER_WITHHELD;
  return null;
}

export function registerAdRoutes(app: FastifyInstance, ctx: ReviewContext): void {
  const load = async (request: FastifyRequest): Promise<AdDoc> => {
    const { id } = parseInput(idParams, request.params, 'ad id');
    const ad = await ctx.ads.findOne({ _id: id });
    if (!ad) throw new NotFoundError('no such ad');
    return ad;
  };

  app.get('/ads/:id', async (request, reply) => {
    const viewer = viewerOf(request);
    parseInput(noQuery, request.query, 'query');
    const ad = await load(request);
    const open = seesContacts(viewer);
    const [site, snapshot, history, reviews, graph, blobs] = await Promise.all([
      ctx.db.collection<SiteDoc>(COLLECTIONS.sites).findOne({ _id: ad.site }),
      open && ad.evidence?.snapshot ? snapshotText(ctx.db, ad.evidence.snapshot) : null,
      ctx.db
        .collection<AdHistoryDoc>(COLLECTIONS.adHistory)
        .find({ adId: ad._id })
        .sort({ at: -1 })
        .limit(MAX_HISTORY)
        .toArray(),
      ctx.reviews.forAd(ad._id),
      ad.networkId ? networkGraph(ctx.db, ad.networkId).catch(() => null) : null,
      ad.images.length > 0
        ? ctx.db
            .collection<ImageBlobDoc>(COLLECTIONS.imageBlobs)
            .find(
              { _id: { $in: ad.images.map((i) => i.sha256) }, bytes: { $exists: true } },
              { projection: { _id: 1 } },
            )
            .toArray()
        : [],
    ]);
    await ctx.audit.append(viewer.user, 'view_ad', ad._id, { role: viewer.role });
    const page = adPage(viewer, {
      ad: presentAd(ad, viewer, ctx.ps),
      site,
      snapshotText: snapshot?.text ?? null,
      snapshotTruncated: snapshot?.truncated ?? false,
      imagesWithheld: imagesWithheld(ad, viewer),
      viewableImages: new Set(blobs.map((b) => b._id)),
      history,
      reviews,
      graph: graph ? presentGraph(graph, viewer, ctx.ps) : null,
      mask: maskerFor(ad, viewer),
      openedAt: Date.now(),
    });
    return reply.type('text/html; charset=utf-8').send(String(page));
  });

  app.get('/api/ads/:id', async (request) => {
    const viewer = viewerOf(request);
    const ad = await load(request);
    const mask = maskerFor(ad, viewer);
    const reviews = await ctx.reviews.forAd(ad._id);
    await ctx.audit.append(viewer.user, 'view_ad', ad._id, { role: viewer.role, via: 'api' });
    return {
      note: 'risk is a signal for human review, not a verdict',
      ad: presentAd(ad, viewer, ctx.ps),
      reviews: reviews.map((r) => ({
        decision: r.decision,
        user: r.user,
        at: r.at,
        durationMs: r.durationMs ?? null,
        reason: r.reason ? mask(r.reason) : null,
        reference: seesContacts(viewer) ? (r.reference ?? null) : null,
        comment: r.comment ? mask(r.comment) : null,
      })),
    };
  });

  app.get('/ads/:id/screenshot', async (request, reply) => {
    const viewer = viewerOf(request);
    const ad = await load(request);
    const withheld = imagesWithheld(ad, viewer);
    if (withheld) throw new HttpError(403, withheld);
    const png = ad.evidence?.snapshot ? await snapshotScreenshot(ctx.db, ad.evidence.snapshot) : null;
    if (!png || sniffImageType(png) !== 'image/png') throw new NotFoundError('no screenshot');
    await ctx.audit.append(viewer.user, 'view_screenshot', ad._id);
    return reply.type('image/png').header('content-disposition', 'inline').send(png);
  });

  app.get('/ads/:id/images/:sha256', async (request, reply) => {
    const viewer = viewerOf(request);
    const { id, sha256 } = parseInput(imageParams, request.params, 'image');
    const ad = await ctx.ads.findOne({ _id: id });
    if (!ad?.images.some((i) => i.sha256 === sha256)) throw new NotFoundError('no such image');
    const withheld = imagesWithheld(ad, viewer);
    if (withheld) throw new HttpError(403, withheld);
    const blob = await ctx.db.collection<ImageBlobDoc>(COLLECTIONS.imageBlobs).findOne({ _id: sha256 });
    const bytes = blob?.bytes ? toBuffer(blob.bytes) : null;
    const type = bytes ? sniffImageType(bytes) : null;
    if (!bytes || !type) throw new NotFoundError('image not stored');
    await ctx.audit.append(viewer.user, 'view_image', ad._id, { sha256 });
    return reply.type(type).header('content-disposition', 'inline').send(bytes);
  });
}
