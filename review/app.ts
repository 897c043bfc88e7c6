// The review web app: fastify, server-rendered pages, a little local JavaScript, no CDN.
// `buildApp({ db, config })` returns a ready fastify instance (tests `inject` into it or listen on
// port 0); `adrisk serve` listens on the configured host and port.
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Db } from 'mongodb';
import { AdriskError, NotFoundError } from '../core/errors.ts';
import { logger } from '../core/log.ts';
import { pseudonymizer } from '../core/pseudonym.ts';
import { AuditLog } from '../storage/audit.ts';
import { type AdDoc, COLLECTIONS } from '../storage/index.ts';
import { ReviewRepository } from '../storage/reviews.ts';
import { SessionRepository } from '../storage/sessions.ts';
import { UserRepository } from '../storage/users.ts';
import { registerAuth } from './auth.ts';
import type { ReviewConfig, ReviewContext } from './context.ts';
import { HttpError } from './http-error.ts';
import { registerAdRoutes } from './routes/ad.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerDecisionRoutes } from './routes/decisions.ts';
import { registerExportRoutes } from './routes/export.ts';
import { registerLoginRoutes } from './routes/login.ts';
import { registerNetworkRoutes } from './routes/networks.ts';
import { registerQueueRoutes } from './routes/queue.ts';
import { registerStaticRoutes } from './routes/static.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { errorPage } from './views/error.ts';

/** Form posts are small; anything bigger is not a reviewer typing. */
const BODY_LIMIT_BYTES = 64 * 1024;
export const DEFAULT_LOGIN_RATE_LIMIT = { max: 20, timeWindowMs: 15 * 60 * 1000 };

export interface ReviewAppOptions {
  db: Db;
  config: ReviewConfig;
  /** Overrides `config.privacy.pseudonymKey` (serve passes the per-data-dir key when none is set). */
  pseudonymKey?: string;
  /** Login attempts allowed per client address and window. */
  loginRateLimit?: { max: number; timeWindowMs: number };
  /** Trust X-Forwarded-* from a reverse proxy (so HTTPS behind it sets Secure cookies). */
  trustProxy?: boolean;
}

/** API and export routes answer errors as JSON; so do posts not sent by a browser form. */
function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/') || request.url.startsWith('/export/')) return true;
  return request.method !== 'GET' && !request.headers.accept?.includes('text/html');
}

export async function buildApp(options: ReviewAppOptions): Promise<FastifyInstance> {
  const { db, config } = options;
  const ctx: ReviewContext = {
    db,
    ads: db.collection<AdDoc>(COLLECTIONS.ads),
    users: new UserRepository(db),
    sessions: new SessionRepository(db),
    audit: new AuditLog(db),
    reviews: new ReviewRepository(db),
    ps: pseudonymizer(options.pseudonymKey ?? config.privacy.pseudonymKey),
    config,
    secureCookies: Boolean(config.review?.secureCookies),
  };
  const log = logger('review');
  const app = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: options.trustProxy ?? false,
    logger: false,
  });
  registerSecurityHeaders(app);
  await app.register(cookie);
  await app.register(formbody);
  await app.register(rateLimit, { global: false });
  registerAuth(app, ctx.sessions);

  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    let status = 500;
    let message = 'internal error';
    if (error instanceof HttpError) {
      status = error.status;
      message = error.message;
    } else if (error instanceof NotFoundError) {
      status = 404;
      message = error.message;
    } else if (error instanceof AdriskError) {
      status = 400;
      message = error.message;
    } else if ('statusCode' in error && typeof error.statusCode === 'number' && error.statusCode < 500) {
      status = error.statusCode;
      message = status === 429 ? 'too many attempts: wait a few minutes and try again' : 'bad request';
    }
    if (status >= 500) log.error({ err: error, url: request.url }, 'request failed');
    reply.code(status);
    if (wantsJson(request)) return reply.send({ error: message });
    return reply
      .type('text/html; charset=utf-8')
      .send(String(errorPage(status, message, request.viewer ?? undefined)));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404);
    if (wantsJson(request)) return reply.send({ error: 'not found' });
    return reply
      .type('text/html; charset=utf-8')
      .send(String(errorPage(404, 'not found', request.viewer ?? undefined)));
  });

  registerStaticRoutes(app);
  registerLoginRoutes(app, ctx, options.loginRateLimit ?? DEFAULT_LOGIN_RATE_LIMIT);
  registerQueueRoutes(app, ctx);
  registerAdRoutes(app, ctx);
  registerDecisionRoutes(app, ctx);
  registerNetworkRoutes(app, ctx);
  registerExportRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  return app;
}
