// Logs a user in through the real login form with fastify's inject, and keeps the cookies.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

export interface Session {
  cookie: string;
  csrf: string;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(
    url: string,
    form: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
}

export function cookiesOf(response: LightMyRequestResponse): Record<string, string> {
  return Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));
}

export function formBody(form: Record<string, string>): string {
  return new URLSearchParams(form).toString();
}

export function csrfIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1]!;
}

/** Fetches the login form and posts it, as a browser would; returns the POST's response. */
export async function postLogin(
  app: FastifyInstance,
  username: string,
  password: string,
): Promise<LightMyRequestResponse> {
  const form = await app.inject({ method: 'GET', url: '/login' });
  return app.inject({
    method: 'POST',
    url: '/login',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: `adrisk_login_csrf=${cookiesOf(form).adrisk_login_csrf}`,
    },
    payload: formBody({ _csrf: csrfIn(form.body), username, password }),
  });
}

export async function login(app: FastifyInstance, username: string, password: string): Promise<Session> {
  const res = await postLogin(app, username, password);
  if (res.statusCode !== 303) throw new Error(`login failed: ${res.statusCode}`);
  const cookie = `adrisk_session=${cookiesOf(res).adrisk_session}`;
  const queue = await app.inject({ method: 'GET', url: '/', headers: { cookie } });
  const csrf = csrfIn(queue.body);
  const request = (options: InjectOptions) => app.inject(options);
  return {
    cookie,
    csrf,
    get: (url, headers = {}) => request({ method: 'GET', url, headers: { cookie, ...headers } }),
    post: (url, form, headers = {}) =>
      request({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: formBody(form),
      }),
  };
}
