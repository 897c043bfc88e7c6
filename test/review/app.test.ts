// The review app against a real embedded store, through fastify's inject.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../review/index.ts';
import { type AdDoc, type AuditDoc, COLLECTIONS, type ReviewDoc } from '../../storage/index.ts';
import { openTempStore, type TempStore } from '../support/temp-store.ts';
import { formBody, login, postLogin, type Session } from './inject-session.ts';
import { containsPhone, PASSWORD, type Seeded, seedReview } from './seed.ts';

const config = { privacy: { pseudonymKey: 'test-key-0123456789abcdef', retentionDays: 180 } };

let store: TempStore;
let app: FastifyInstance;
let seeded: Seeded;
let admin: Session;
let analyst: Session;
let researcher: Session;

beforeAll(async () => {
  store = await openTempStore('adrisk-review-');
  seeded = await seedReview(store.db);
  app = await buildApp({ db: store.db, config, loginRateLimit: { max: 100, timeWindowMs: 60_000 } });
  [admin, analyst, researcher] = await Promise.all([
    login(app, 'ada', PASSWORD),
    login(app, 'ana', PASSWORD),
    login(app, 'rex', PASSWORD),
  ]);
});

afterAll(async () => {
  await app?.close();
  await store?.destroy();
});

function queueIds(html: string): string[] {
  return [...html.matchAll(/href="\/ads\/([^"/]+)"/g)].map((m) => decodeURIComponent(m[1]!));
}

describe('sessions and CSRF', () => {
  it('sends a visitor without a session to the login page, and refuses API calls with 401', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login');
    expect((await app.inject({ method: 'GET', url: '/api/queue' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: `/api/ads/${seeded.ids.high}` })).statusCode).toBe(401);
  });

  it('sets the session cookie HttpOnly and SameSite=Strict, and stores only its hash', async () => {
    const res = await postLogin(app, 'ana', PASSWORD);
    const cookie = res.cookies.find((c) => c.name === 'adrisk_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(
      await store.db.collection(COLLECTIONS.sessions).countDocuments({ _id: cookie.value as never }),
    ).toBe(0);
  });

  it('marks the session cookie Secure when the app is configured for HTTPS', async () => {
    const secureApp = await buildApp({
      db: store.db,
      config: { ...config, review: { secureCookies: true } },
    });
    const form = await secureApp.inject({ method: 'GET', url: '/login' });
    expect(form.cookies.find((c) => c.name === 'adrisk_login_csrf')?.secure).toBe(true);
    const res = await postLogin(secureApp, 'ana', PASSWORD);
    expect(res.cookies.find((c) => c.name === 'adrisk_session')?.secure).toBe(true);
    await secureApp.close();
  });

  it('refuses a login form posted without its CSRF token', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ _csrf: 'forged', username: 'ada', password: PASSWORD }),
    });
    expect(res.statusCode).toBe(403);
    expect(res.cookies.some((c) => c.name === 'adrisk_session')).toBe(false);
  });

  it('refuses a decision posted without the session CSRF token, or with another session’s', async () => {
    const without = await analyst.post(`/ads/${seeded.ids.low}/decisions`, { decision: 'confirmed' });
    expect(without.statusCode).toBe(403);
    const foreign = await analyst.post(`/ads/${seeded.ids.low}/decisions`, {
      decision: 'confirmed',
      _csrf: admin.csrf,
    });
    expect(foreign.statusCode).toBe(403);
    const noSession = await app.inject({
      method: 'POST',
      url: `/ads/${seeded.ids.low}/decisions`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ decision: 'confirmed', _csrf: analyst.csrf }),
    });
    expect(noSession.statusCode).toBe(401);
    const ad = await store.db.collection<AdDoc>(COLLECTIONS.ads).findOne({ _id: seeded.ids.low });
    expect(ad?.reviewStatus).toBeUndefined();
  });

  it('sends a strict Content-Security-Policy and the other protective headers', async () => {
    const res = await analyst.get('/');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.body).not.toMatch(/<script>|<script [^>]*>[^<]/);
  });

  it('ends the session on logout', async () => {
    const s = await login(app, 'ana', PASSWORD);
    const out = await s.post('/logout', { _csrf: s.csrf });
    expect(out.statusCode).toBe(303);
    expect((await s.get('/api/queue')).statusCode).toBe(401);
  });
});

describe('queue', () => {
  it('lists urgent ads first, then by risk, and says scores are not verdicts', async () => {
    const res = await analyst.get('/');
    expect(res.statusCode).toBe(200);
    const ids = queueIds(res.body);
    expect(ids[0]).toBe(seeded.ids.minor);
    expect(ids.slice(1, 2)).toEqual([seeded.ids.high]);
    expect(ids.indexOf(seeded.ids.low)).toBe(ids.length - 1);
    expect(res.body).toContain('not a verdict');
    expect(res.body).toContain('review within 24 hours');
  });

  it('pages by keyset without skipping or repeating an ad', async () => {
    const seen: string[] = [];
    let url = '/api/queue?limit=2';
    for (let i = 0; i < 10 && url; i++) {
      const body = (await analyst.get(url)).json() as { ads: Array<{ id: string }>; next: string | null };
      seen.push(...body.ads.map((a) => a.id));
      url = body.next ? `/api/queue?limit=2&after=${encodeURIComponent(body.next)}` : '';
    }
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expect(seen[0]).toBe(seeded.ids.minor);
    // ad-xss and ad-other tie on risk 0.7: the id breaks the tie.
    expect(seen.indexOf('ad-other')).toBe(seen.indexOf('ad-xss') - 1);
  });

  it('filters by site, site type, city, language, level, indicator, network and decision', async () => {
    const ids = async (qs: string) =>
      ((await analyst.get(`/api/queue?${qs}`)).json() as { ads: Array<{ id: string }> }).ads
        .map((a) => a.id)
        .sort();
    expect(await ids('site=board.example.test')).toEqual(['ad-low']);
    expect(await ids('siteType=classifieds')).toEqual(['ad-low']);
    expect(await ids('city=Hamburg')).toEqual(['ad-low', 'ad-medium']);
    expect(await ids('language=de')).toEqual(['ad-low']);
    expect(await ids('level=medium')).toEqual(['ad-medium']);
    expect(await ids('indicator=minor_age')).toEqual(['ad-minor']);
    expect(await ids(`network=${seeded.networkId}`)).toEqual(['ad-high', 'ad-medium']);
    expect(await ids('status=pending&level=medium')).toEqual(['ad-medium']);
    expect(await ids('status=escalated')).toEqual([]);
  });

  it('rejects query parameters carrying MongoDB operators, objects or arrays with 400', async () => {
    for (const qs of [
      'site[$ne]=x',
      'site=%7B%22%24ne%22%3A1%7D',
      'city[$gt]=',
      'level=high&level=low',
      'status[$in][]=pending',
      '$where=1',
      'network=%24ne',
      'after=%7B%7D',
      'limit=%7B%22%24gt%22%3A0%7D',
    ]) {
      expect((await analyst.get(`/?${qs}`)).statusCode, qs).toBe(400);
      expect((await analyst.get(`/api/queue?${qs}`)).statusCode, qs).toBe(400);
    }
  });

  it('rejects a JSON body with operators on a decision', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/ads/${seeded.ids.low}/decisions`,
      headers: { cookie: analyst.cookie, 'content-type': 'application/json', 'x-csrf-token': analyst.csrf },
      payload: JSON.stringify({ _csrf: analyst.csrf, decision: { $ne: 'x' } }),
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('ad view', () => {
  it('shows text with escaped, highlighted evidence, entities, OCR text, site, evidence and network', async () => {
    const res = await analyst.get(`/ads/${seeded.ids.high}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<mark title="third_party">My girls</mark>');
    expect(res.body).toContain('+4915123456789');
    expect(res.body).toContain('call 0151 2345 6789'); // OCR text
    expect(res.body).toContain('click_through');
    expect(res.body).toContain('&lt;script&gt;alert(&quot;snapshot&quot;)'); // snapshot as text
    expect(res.body).toContain('<svg class="network"');
    expect(res.body).toContain('Call 0151 2345 6789 today.'); // history
    expect(res.body).toContain('review within 3 days');
    expect(res.body).toContain('not a verdict');
    expect(res.body).toContain('data-src="/ads/ad-high/images/');
    expect(res.body).not.toContain('<img');
  });

  it('never offers images or the screenshot of an ad flagged minor_age, and refuses them by URL', async () => {
    const page = await analyst.get(`/ads/${seeded.ids.minor}`);
    expect(page.body).toContain('never shown for an ad flagged as a possible minor');
    expect(page.body).not.toContain('/images/');
    const ad = await store.db.collection<AdDoc>(COLLECTIONS.ads).findOne({ _id: seeded.ids.minor });
    const img = await analyst.get(`/ads/${seeded.ids.minor}/images/${ad!.images[0]!.sha256}`);
    expect(img.statusCode).toBe(403);
    expect(img.headers['content-type']).not.toContain('image/');
  });

  it('serves an image of a non-urgent ad to an analyst on request, typed from its bytes', async () => {
    const ad = await store.db.collection<AdDoc>(COLLECTIONS.ads).findOne({ _id: seeded.ids.high });
    const img = await analyst.get(`/ads/${seeded.ids.high}/images/${ad!.images[0]!.sha256}`);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    const shot = await analyst.get(`/ads/${seeded.ids.high}/screenshot`);
    expect(shot.statusCode).toBe(200);
  });

  it('returns 404 for an unknown ad', async () => {
    expect((await analyst.get('/ads/nope')).statusCode).toBe(404);
  });
});

describe('decisions and audit', () => {
  it('records a decision with its duration, summarises it on the ad, and audits it', async () => {
    const page = await analyst.get(`/ads/${seeded.ids.medium}`);
    const openedAt = /name="openedAt" value="(\d+)"/.exec(page.body)![1]!;
    const res = await analyst.post(`/ads/${seeded.ids.medium}/decisions`, {
      _csrf: analyst.csrf,
      decision: 'escalated',
      comment: 'same phone as ad-high',
      openedAt,
    });
    expect(res.statusCode).toBe(303);
    const ad = await store.db.collection<AdDoc>(COLLECTIONS.ads).findOne({ _id: seeded.ids.medium });
    expect(ad?.reviewStatus).toBe('escalated');
    expect(ad?.review?.by).toBe('ana');
    const review = await store.db
      .collection<ReviewDoc>(COLLECTIONS.reviews)
      .findOne({ adId: seeded.ids.medium });
    expect(review?.decision).toBe('escalated');
    expect(review?.durationMs).toBeGreaterThanOrEqual(0);
    const audit = await store.db
      .collection<AuditDoc>(COLLECTIONS.audit)
      .find({ user: 'ana', target: seeded.ids.medium })
      .toArray();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['view_ad', 'decide']));
    const filtered = (await analyst.get('/api/queue?status=escalated')).json() as {
      ads: Array<{ id: string }>;
    };
    expect(filtered.ads.map((a) => a.id)).toEqual([seeded.ids.medium]);
  });

  it('requires a reason to dismiss and a reference to mark reported', async () => {
    const dismiss = await analyst.post(`/ads/${seeded.ids.other}/decisions`, {
      _csrf: analyst.csrf,
      decision: 'dismissed',
    });
    expect(dismiss.statusCode).toBe(400);
    const report = await analyst.post(`/ads/${seeded.ids.other}/decisions`, {
      _csrf: analyst.csrf,
      decision: 'reported',
    });
    expect(report.statusCode).toBe(400);
    const ok = await analyst.post(`/ads/${seeded.ids.other}/decisions`, {
      _csrf: analyst.csrf,
      decision: 'reported',
      reference: 'LKA-2026-0042',
    });
    expect(ok.statusCode).toBe(303);
    const ad = await store.db.collection<AdDoc>(COLLECTIONS.ads).findOne({ _id: seeded.ids.other });
    expect(ad?.review).toMatchObject({ decision: 'reported', reference: 'LKA-2026-0042' });
  });

  it('lets only admins read the audit log, which shows logins, views and decisions', async () => {
    expect((await analyst.get('/admin/audit')).statusCode).toBe(403);
    expect((await researcher.get('/admin/users')).statusCode).toBe(403);
    const res = await admin.get('/admin/audit');
    expect(res.statusCode).toBe(200);
    for (const action of ['login', 'view_ad', 'decide']) expect(res.body).toContain(`<td>${action}</td>`);
    const onlyDecisions = await admin.get('/admin/audit?action=decide');
    expect(onlyDecisions.body).not.toContain('<td>login</td>');
    expect((await admin.get('/admin/audit?user[$ne]=x')).statusCode).toBe(400);
  });

  it('audits exports', async () => {
    const res = await analyst.get('/export/queue.csv?level=high');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const entry = await store.db
      .collection<AuditDoc>(COLLECTIONS.audit)
      .findOne({ user: 'ana', action: 'export' });
    expect(entry?.details).toMatchObject({ rows: 4, pseudonymized: false });
  });

  it('lets an admin add and remove users from the web, ending their sessions', async () => {
    const add = await admin.post('/admin/users', {
      _csrf: admin.csrf,
      username: 'tmp.user',
      role: 'analyst',
      password: 'another-password-2',
    });
    expect(add.statusCode).toBe(303);
    const s = await login(app, 'tmp.user', 'another-password-2');
    const remove = await admin.post('/admin/users/remove', { _csrf: admin.csrf, username: 'tmp.user' });
    expect(remove.statusCode).toBe(303);
    expect((await s.get('/api/queue')).statusCode).toBe(401);
  });
});

describe('researchers', () => {
  it('cannot see a phone number by any route: pages, JSON API, network, export, images', async () => {
    const ad = await store.db.collection<AdDoc>(COLLECTIONS.ads).findOne({ _id: seeded.ids.high });
    const routes = [
      '/',
      '/api/queue',
      `/ads/${seeded.ids.high}`,
      `/ads/${seeded.ids.medium}`,
      `/ads/${seeded.ids.minor}`,
      `/api/ads/${seeded.ids.high}`,
      `/api/ads/${seeded.ids.medium}`,
      `/networks/${seeded.networkId}`,
      `/api/networks/${seeded.networkId}`,
      '/export/queue.csv',
    ];
    for (const url of routes) {
      const res = await researcher.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(containsPhone(res.body), url).toBe(false);
      expect(res.body, url).not.toContain('lena.example@example.org');
    }
    // The same routes do show the phone to an analyst: the check above can fail.
    expect(containsPhone((await analyst.get(`/api/ads/${seeded.ids.high}`)).body)).toBe(true);
    expect(containsPhone((await analyst.get(`/networks/${seeded.networkId}`)).body)).toBe(true);
    const blocked = [
      `/ads/${seeded.ids.high}/screenshot`,
      `/ads/${seeded.ids.high}/images/${ad!.images[0]!.sha256}`,
    ];
    for (const url of blocked) expect((await researcher.get(url)).statusCode, url).toBe(403);
    const api = (await researcher.get(`/api/ads/${seeded.ids.high}`)).json() as {
      ad: { entities: { phones: string[] } };
    };
    expect(api.ad.entities.phones[0]).toMatch(/^ps_[0-9a-f]{20}$/);
  });

  it('cannot record decisions', async () => {
    const res = await researcher.post(`/ads/${seeded.ids.low}/decisions`, {
      _csrf: researcher.csrf,
      decision: 'confirmed',
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('login rate limiting', () => {
  it('answers 429 after too many attempts from one address', async () => {
    const limited = await buildApp({
      db: store.db,
      config,
      loginRateLimit: { max: 3, timeWindowMs: 60_000 },
    });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await limited.inject({
        method: 'POST',
        url: '/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ _csrf: 'x', username: 'ada', password: 'wrong-password' }),
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 3).every((c) => c !== 429)).toBe(true);
    expect(codes.slice(3)).toEqual([429, 429]);
    await limited.close();
  });

  it('audits a failed login without creating a session', async () => {
    const res = await postLogin(app, 'ada', 'not-the-password');
    expect(res.statusCode).toBe(401);
    expect(
      await store.db.collection(COLLECTIONS.audit).countDocuments({ user: 'ada', action: 'login_failed' }),
    ).toBe(1);
  });
});
