// Log in and out. The login form carries a pre-session CSRF token (cookie + field); attempts are
// rate-limited per client address; failures are audited without saying whether the user exists.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SESSION_TTL_MS } from '../../storage/sessions.ts';
import { cookieOptions, LOGIN_CSRF_COOKIE, SESSION_COOKIE, tokensEqual, viewerOf } from '../auth.ts';
import type { ReviewContext } from '../context.ts';
import { parseInput } from '../validate.ts';
import { loginPage } from '../views/login.ts';

const LOGIN_FORM_TTL_SECONDS = 60 * 60;
const LOGIN_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;
const loginSchema = z
  .object({
    _csrf: z.string().max(200),
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(200),
  })
  .strict();

export function registerLoginRoutes(
  app: FastifyInstance,
  ctx: ReviewContext,
  rate: { max: number; timeWindowMs: number },
): void {
  // Reuses the token the browser already holds: a second tab or a stray request for /login (a
  // favicon redirect) must not invalidate the form already on screen.
  const freshForm = (reply: FastifyReply, request: FastifyRequest) => {
    const held = request.cookies[LOGIN_CSRF_COOKIE];
    const token = held && LOGIN_TOKEN_PATTERN.test(held) ? held : randomBytes(24).toString('base64url');
    reply.setCookie(
      LOGIN_CSRF_COOKIE,
      token,
      cookieOptions(request, ctx.secureCookies, LOGIN_FORM_TTL_SECONDS),
    );
    return token;
  };

  app.get('/login', { config: { public: true } }, async (request, reply) => {
    if (request.viewer) return reply.redirect('/', 303);
    return reply.type('text/html; charset=utf-8').send(String(loginPage(freshForm(reply, request))));
  });

  app.post(
    '/login',
    { config: { public: true, rateLimit: { max: rate.max, timeWindow: rate.timeWindowMs } } },
    async (request, reply) => {
      const form = parseInput(loginSchema, request.body, 'login form');
      const expected = request.cookies[LOGIN_CSRF_COOKIE];
      if (!expected || !tokensEqual(form._csrf, expected)) {
        reply.code(403);
        return reply
          .type('text/html; charset=utf-8')
          .send(String(loginPage(freshForm(reply, request), 'The form expired: please try again.')));
      }
      const user = await ctx.users.authenticate(form.username, form.password);
      if (!user) {
        await ctx.audit.append(form.username.slice(0, 64), 'login_failed', undefined, { ip: request.ip });
        reply.code(401);
        return reply
          .type('text/html; charset=utf-8')
          .send(String(loginPage(freshForm(reply, request), 'Wrong username or password.')));
      }
      const { token } = await ctx.sessions.create(user._id, user.role);
      await ctx.audit.append(user._id, 'login', undefined, { ip: request.ip, role: user.role });
      reply.clearCookie(LOGIN_CSRF_COOKIE, cookieOptions(request, ctx.secureCookies));
      reply.setCookie(
        SESSION_COOKIE,
        token,
        cookieOptions(request, ctx.secureCookies, SESSION_TTL_MS / 1000),
      );
      return reply.redirect('/', 303);
    },
  );

  app.post('/logout', async (request, reply) => {
    const viewer = viewerOf(request);
    if (request.sessionToken) await ctx.sessions.destroy(request.sessionToken);
    await ctx.audit.append(viewer.user, 'logout');
    reply.clearCookie(SESSION_COOKIE, cookieOptions(request, ctx.secureCookies));
    return reply.redirect('/login', 303);
  });
}
