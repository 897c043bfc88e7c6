// Recording a decision or a comment on an ad. The page stamps the time it was opened; the time to
// decide is stored with the decision so the team can measure review effort.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.ts';
import { viewerOf } from '../auth.ts';
import type { ReviewContext } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { parseInput } from '../validate.ts';
import { canDecide } from '../viewer.ts';

/** Longer than a working day means the tab was left open: the duration says nothing then. */
const MAX_DURATION_MS = 24 * 60 * 60 * 1000;
const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((v) => v?.trim() || undefined);

export const decisionSchema = z
  .object({
    _csrf: z.string(),
    decision: z.enum(['confirmed', 'dismissed', 'escalated', 'reported', 'comment']),
    reason: optionalText(1000),
    reference: optionalText(200),
    comment: optionalText(4000),
    openedAt: z
      .string()
      .regex(/^\d{1,15}$/)
      .optional(),
  })
  .strict()
  .superRefine((d, issue) => {
    if (d.decision === 'dismissed' && !d.reason)
      issue.addIssue({ code: 'custom', path: ['reason'], message: 'a dismissal needs a reason' });
    if (d.decision === 'reported' && !d.reference)
      issue.addIssue({ code: 'custom', path: ['reference'], message: 'give the authority reference' });
    if (d.decision === 'comment' && !d.comment)
      issue.addIssue({ code: 'custom', path: ['comment'], message: 'write a comment' });
  });

const idParams = z.object({ id: z.string().min(1).max(256) }).strict();

export function registerDecisionRoutes(app: FastifyInstance, ctx: ReviewContext): void {
  app.post('/ads/:id/decisions', async (request, reply) => {
    const viewer = viewerOf(request);
    if (!canDecide(viewer)) throw new HttpError(403, 'researchers cannot record decisions');
    const { id } = parseInput(idParams, request.params, 'ad id');
    const form = parseInput(decisionSchema, request.body, 'decision');
    const exists = await ctx.ads.countDocuments({ _id: id }, { limit: 1 });
    if (exists === 0) throw new NotFoundError('no such ad');
    const now = Date.now();
    const opened = form.openedAt ? Number(form.openedAt) : undefined;
    const durationMs =
      opened !== undefined && opened <= now && now - opened <= MAX_DURATION_MS ? now - opened : undefined;
    const review = await ctx.reviews.record(
      {
        adId: id,
        user: viewer.user,
        decision: form.decision,
        reason: form.reason,
        reference: form.reference,
        comment: form.comment,
        durationMs,
      },
      new Date(now),
    );
    await ctx.audit.append(viewer.user, 'decide', id, {
      decision: form.decision,
      review: review._id,
      ...(durationMs !== undefined ? { durationMs } : {}),
    });
    if (request.headers.accept?.includes('application/json')) return { ok: true, review: review._id };
    return reply.redirect(form.decision === 'comment' ? `/ads/${encodeURIComponent(id)}` : '/', 303);
  });
}
