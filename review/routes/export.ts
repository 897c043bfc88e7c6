// CSV export of the queue as filtered, built from the same presentation as the pages (so a
// researcher's export holds pseudonyms only) and written to the audit log.
import type { FastifyInstance } from 'fastify';
import { csvRow } from '../../reporting/index.ts';
import { viewerOf } from '../auth.ts';
import type { ReviewContext } from '../context.ts';
import { presentAd } from '../present-ad.ts';
import { MAX_PAGE_SIZE, queuePage, queueQuerySchema } from '../queue-query.ts';
import { parseInput } from '../validate.ts';

/** The web export is for working lists; bulk exports go through `adrisk export`. */
export const MAX_WEB_EXPORT_ROWS = 5000;
const COLUMNS = [
  'id',
  'risk',
  'level',
  'urgent',
  'site',
  'city',
  'language',
  'title',
  'indicators',
  'phones',
  'emails',
  'handles',
  'networkId',
  'reviewStatus',
  'lastSeen',
  'note',
];

export function registerExportRoutes(app: FastifyInstance, ctx: ReviewContext): void {
  app.get('/export/queue.csv', async (request, reply) => {
    const viewer = viewerOf(request);
    const q = parseInput(queueQuerySchema, request.query, 'queue filters');
    const lines = [csvRow(COLUMNS)];
    let after = q.after;
    let rows = 0;
    while (rows < MAX_WEB_EXPORT_ROWS) {
      const page = await queuePage(ctx.ads, {
        ...q,
        after,
        limit: Math.min(MAX_PAGE_SIZE, MAX_WEB_EXPORT_ROWS - rows),
      });
      for (const doc of page.ads) {
        const ad = presentAd(doc, viewer, ctx.ps);
        lines.push(
          csvRow([
            ad.id,
            ad.risk,
            ad.level,
            ad.urgent,
            ad.site,
            ad.city,
            ad.language,
            ad.title,
            ad.indicators.map((i) => i.code).join(' '),
            ad.entities.phones.join(' '),
            ad.entities.emails.join(' '),
            ad.entities.handles.map((h) => `${h.platform}:${h.value}`).join(' '),
            ad.networkId,
            ad.reviewStatus,
            ad.lastSeen,
            'risk signal for human review, not a verdict',
          ]),
        );
      }
      rows += page.ads.length;
      if (!page.next) break;
      after = page.next;
    }
    await ctx.audit.append(viewer.user, 'export', 'queue.csv', {
      role: viewer.role,
      rows,
      pseudonymized: viewer.role === 'researcher',
      filters: Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)),
    });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="adrisk-queue.csv"')
      .send(lines.join(''));
  });
}
