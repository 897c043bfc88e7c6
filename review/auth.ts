// Sessions and CSRF. Every route is private unless its config says `public: true`; a private route
// needs a live session, and a state-changing one (any method but GET/HEAD) also needs the session's
// synchroniser token in the body (`_csrf`) or the `x-csrf-token` header. Routes may restrict roles.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UserRole } from '../storage/index.ts';
import type { SessionRepository } from '../storage/sessions.ts';
import { HttpError } from './http-error.ts';
import type { Viewer } from './viewer.ts';

export const SESSION_COOKIE = 'adrisk_session';
export const LOGIN_CSRF_COOKIE = 'adrisk_login_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer | null;
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    public?: boolean;
    roles?: UserRole[];
  }
}

export function tokensEqual(a: unknown, b: string): boolean {
  if (typeof a !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The CSRF token a request carries: form field or header. */
export function csrfFrom(request: FastifyRequest): unknown {
  const body = request.body as Record<string, unknown> | undefined;
  return (body && typeof body === 'object' ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
}

export function cookieOptions(request: FastifyRequest, secure: boolean, maxAgeSeconds?: number) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: secure || request.protocol === 'https',
    path: '/',
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

function wantsHtml(request: FastifyRequest): boolean {
  return !request.url.startsWith('/api/') && !request.url.startsWith('/export/');
}

export function registerAuth(app: FastifyInstance, sessions: SessionRepository): void {
  app.decorateRequest('viewer', null);
  app.decorateRequest('sessionToken', null);
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const session = await sessions.find(token);
      if (session) {
        request.viewer = { user: session.user, role: session.role, csrf: session.csrf };
        request.sessionToken = token;
      }
    }
    const config = request.routeOptions.config;
    if (config?.public) return;
    const viewer = request.viewer;
    if (!viewer) {
      if (request.method === 'GET' && wantsHtml(request)) return reply.redirect('/login', 303);
      throw new HttpError(401, 'log in first');
    }
    if (
      request.method !== 'GET' &&
      request.method !== 'HEAD' &&
      !tokensEqual(csrfFrom(request), viewer.csrf)
    ) {
      throw new HttpError(403, 'missing or invalid CSRF token: reload the page and try again');
    }
    if (config?.roles && !config.roles.includes(viewer.role)) {
      throw new HttpError(403, 'your role does not allow this');
    }
  });
}

/** The viewer of a private route (the auth hook guarantees one). */
export function viewerOf(request: FastifyRequest): Viewer {
  if (!request.viewer) throw new HttpError(401, 'log in first');
  return request.viewer;
}
