// Admin pages: manage users, read the audit log, see and apply the retention policy.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { purgeExpired } from '../../reporting/index.ts';
import { MIN_PASSWORD_LENGTH, USERNAME_PATTERN } from '../../storage/users.ts';
import { viewerOf } from '../auth.ts';
import type { ReviewContext } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { parseInput } from '../validate.ts';
import { auditPage, retentionPage, usersPage } from '../views/admin.ts';

const ADMIN = { roles: ['admin' as const] };
const AUDIT_PAGE_SIZE = 100;

const addUserSchema = z
  .object({
    _csrf: z.string(),
    username: z.string().regex(USERNAME_PATTERN, 'lower-case letters, digits, . _ - (2-32 characters)'),
    role: z.enum(['admin', 'analyst', 'researcher']),
    password: z.string().min(MIN_PASSWORD_LENGTH).max(200),
  })
  .strict();
const removeUserSchema = z.object({ _csrf: z.string(), username: z.string().max(64) }).strict();
const auditQuery = z
  .object({
    user: z
      .string()
      .max(64)
      .regex(/^[\w.:@-]*$/)
      .optional(),
    action: z
      .string()
      .max(32)
      .regex(/^[a-z_]*$/)
      .optional(),
    before: z
      .string()
      .regex(/^\d{1,15}~[0-9a-f-]{36}$/)
      .optional(),
  })
  .strict();
const csrfOnly = z.object({ _csrf: z.string() }).strict();

export function registerAdminRoutes(app: FastifyInstance, ctx: ReviewContext): void {
  app.get('/admin/users', { config: ADMIN }, async (request, reply) => {
    const viewer = viewerOf(request);
    return reply.type('text/html; charset=utf-8').send(String(usersPage(viewer, await ctx.users.list())));
  });

  app.post('/admin/users', { config: ADMIN }, async (request, reply) => {
    const viewer = viewerOf(request);
    const form = parseInput(addUserSchema, request.body, 'new user');
    const added = await ctx.users.add(form.username, form.role, form.password);
    if (!added) throw new HttpError(409, `user ${form.username} already exists`);
    await ctx.audit.append(viewer.user, 'user_add', form.username, { role: form.role });
    return reply.redirect('/admin/users', 303);
  });

  app.post('/admin/users/remove', { config: ADMIN }, async (request, reply) => {
    const viewer = viewerOf(request);
    const form = parseInput(removeUserSchema, request.body, 'user');
    if (form.username === viewer.user) throw new HttpError(400, 'you cannot remove your own account');
    if (!(await ctx.users.remove(form.username))) throw new HttpError(404, 'no such user');
    await ctx.sessions.destroyUser(form.username);
    await ctx.audit.append(viewer.user, 'user_remove', form.username);
    return reply.redirect('/admin/users', 303);
  });

  app.get('/admin/audit', { config: ADMIN }, async (request, reply) => {
    const viewer = viewerOf(request);
    const q = parseInput(auditQuery, request.query, 'audit filters');
    const before = q.before
      ? { at: new Date(Number(q.before.split('~')[0])), id: q.before.split('~')[1]! }
      : undefined;
    const page = await ctx.audit.page({
      limit: AUDIT_PAGE_SIZE,
      before,
      user: q.user || undefined,
      action: q.action || undefined,
    });
    let nextHref: string | undefined;
    if (page.next) {
      const params = new URLSearchParams();
      if (q.user) params.set('user', q.user);
      if (q.action) params.set('action', q.action);
      params.set('before', `${page.next.at.getTime()}~${page.next.id}`);
      nextHref = `/admin/audit?${params}`;
    }
    return reply.type('text/html; charset=utf-8').send(String(auditPage(viewer, page.entries, nextHref, q)));
  });

  app.get('/admin/retention', { config: ADMIN }, async (request, reply) => {
    const viewer = viewerOf(request);
    const days = ctx.config.privacy.retentionDays;
    const dry = await purgeExpired(ctx.db, { retentionDays: days, dryRun: true });
    return reply.type('text/html; charset=utf-8').send(String(retentionPage(viewer, days, dry.adsPurged)));
  });

  app.post('/admin/retention/purge', { config: ADMIN }, async (request, reply) => {
    const viewer = viewerOf(request);
    parseInput(csrfOnly, request.body, 'form');
    const days = ctx.config.privacy.retentionDays;
    const result = await purgeExpired(ctx.db, { retentionDays: days });
    await ctx.audit.append(viewer.user, 'purge', undefined, {
      retentionDays: days,
      adsPurged: result.adsPurged,
      snapshotsDeleted: result.snapshotsDeleted,
      imageBlobsDeleted: result.imageBlobsDeleted,
    });
    const message = `Purged ${result.adsPurged} ads, ${result.snapshotsDeleted} snapshots, ${result.imageBlobsDeleted} image blobs.`;
    return reply.type('text/html; charset=utf-8').send(String(retentionPage(viewer, days, 0, message)));
  });
}
