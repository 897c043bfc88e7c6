// Site (a): an escort directory. City pages with pagination, a "latest" list, ad detail pages
// (schema.org microdata on every other one), and an infinite availability calendar as a trap.
// It sells companionship openly, so ground truth labels it `explicit` although no text is.
import { escapeHtml } from '../../../core/html.ts';
import { CITIES } from '../geo.ts';
import type { GeneratedAd } from '../truth.ts';
import type { SiteContext, SiteModule } from './context.ts';
import {
  imagesHtml,
  notFound,
  pageCount,
  pageParam,
  pagination,
  redirect,
  send,
  serveImage,
  textHtml,
} from './http.ts';

const PAGE_SIZE = 20;
export const CALENDAR_START = '2026-11-23';

function layout(title: string, body: string, lang = 'en'): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)} – EscortAtlas</title>
<link rel="stylesheet" href="/style.css"></head>
<body><header class="site-head"><a class="logo" href="/">EscortAtlas</a>
<span class="tagline">Escort directory – independent escorts and agencies, incall &amp; outcall, adults 18+</span>
<nav class="main-nav"><a href="/latest">Latest</a> <a href="/calendar/${CALENDAR_START}">Availability calendar</a> <a href="/terms">Terms</a></nav></header>
<main id="content">${body}</main>
<footer class="site-foot">© EscortAtlas · Advertising: ads@escortatlas.example</footer></body></html>`;
}

function card(ad: GeneratedAd, local: number): string {
  const t = ad.truth;
  return `<article class="card"><a class="card-link" href="/ad/${local}">${escapeHtml(ad.ad.title)}</a>
<span class="card-city">${escapeHtml(t.cityName)}</span>${t.age ? ` <span class="card-age">${t.age}</span>` : ''}</article>`;
}

/** One page of a list of `length` ads whose j-th is ad number `at(j)`. */
function listing(
  ctx: SiteContext,
  length: number,
  at: (j: number) => number,
  page: number,
  href: (p: number) => string,
): string {
  const pages = pageCount(length, PAGE_SIZE);
  const cards: string[] = [];
  for (let j = (page - 1) * PAGE_SIZE; j < Math.min(length, page * PAGE_SIZE); j++) {
    const local = at(j);
    cards.push(card(ctx.ad(local), local));
  }
  return `<section class="cards">${cards.join('\n')}</section>${pagination(page, pages, href)}`;
}

function detail(ad: GeneratedAd, local: number): string {
  const t = ad.truth;
  const micro = local % 2 === 0;
  const prop = (name: string) => (micro ? ` itemprop="${name}"` : '');
  const price = t.price
    ? `${t.price.amount} ${t.price.currency}${t.price.minutes ? ` / ${t.price.minutes} min` : ''}`
    : '';
  const images = imagesHtml(t.images, 'photo');
  return `<div class="profile"${micro ? ' itemscope itemtype="https://schema.org/Person"' : ''}>
<h1${prop('name')}>${escapeHtml(ad.ad.title)}</h1>
<dl class="facts"><dt>Name</dt><dd class="name">${escapeHtml(t.name)}</dd>
${t.age ? `<dt>Age</dt><dd class="age">${t.age}</dd>` : ''}
<dt>City</dt><dd class="city"${prop('homeLocation')}>${escapeHtml(t.cityName)}</dd>
${price ? `<dt>Rate</dt><dd class="rate">${escapeHtml(price)}</dd>` : ''}</dl>
<div class="gallery">${images}</div>
<div class="description"${prop('description')}>${textHtml(ad.ad.text)}</div>
<time datetime="${ad.ad.postedAt}">${ad.ad.postedAt.slice(0, 10)}</time></div>`;
}

function nextDay(date: string, delta: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + delta);
  return d.toISOString().slice(0, 10);
}

export const directory: SiteModule = {
  key: 'directory',
  async handle(_req, res, url, ctx) {
    const path = url.pathname;
    if (await serveImage(res, url, ctx)) return;
    if (path === '/') {
      const links = CITIES.map((c) => `<li><a href="/city/${c.slug}">${escapeHtml(c.local)}</a></li>`).join(
        '',
      );
      return send(
        res,
        200,
        layout(
          'Cities',
          `<h1>Escorts by city</h1><ul class="city-list">${links}</ul><p><a href="/latest">All latest profiles</a></p>`,
        ),
      );
    }
    if (path === '/style.css') return send(res, 200, '.card{display:block}', 'text/css');
    if (path === '/terms')
      return send(
        res,
        200,
        layout(
          'Terms',
          '<h1>Terms of use</h1><p>Advertisers must be adults. We publish ads as submitted.</p>',
        ),
      );
    if (path === '/latest') {
      const body = listing(
        ctx,
        ctx.adCount,
        (j) => j,
        pageParam(url),
        (p) => `/latest?page=${p}`,
      );
      return send(res, 200, layout('Latest', `<h1>Latest profiles</h1>${body}`));
    }
    const city = /^\/city\/([\w-]+)$/.exec(path);
    if (city) {
      const slug = city[1]!;
      if (!CITIES.some((c) => c.slug === slug)) return notFound(res);
      const locals = ctx.groups('city', (p) => p.city.slug).get(slug) ?? [];
      return send(
        res,
        200,
        layout(
          slug,
          `<h1 class="city-title">${escapeHtml(slug)}</h1>${listing(
            ctx,
            locals.length,
            (j) => locals[j]!,
            pageParam(url),
            (p) => `/city/${slug}?page=${p}`,
          )}`,
        ),
      );
    }
    const ad = /^\/ad\/(\d+)$/.exec(path);
    if (ad) {
      const local = Number(ad[1]);
      if (!ctx.has(local)) return notFound(res);
      const generated = ctx.ad(local);
      return send(res, 200, layout(generated.ad.title, detail(generated, local), generated.truth.language));
    }
    const cal = /^\/calendar\/(\d{4}-\d{2}-\d{2})$/.exec(path);
    if (cal) {
      const date = cal[1]!;
      if (Number.isNaN(Date.parse(date))) return notFound(res);
      return send(
        res,
        200,
        layout(
          `Calendar ${date}`,
          `<h1>Availability on ${date}</h1><p class="empty">No bookings listed for this day.</p>
<a class="prev-day" href="/calendar/${nextDay(date, -1)}">Previous day</a> <a class="next-day" href="/calendar/${nextDay(date, 1)}">Next day</a>`,
        ),
      );
    }
    if (path === '/calendar') return redirect(res, `/calendar/${CALENDAR_START}`);
    notFound(res);
  },
  describe(ctx) {
    return {
      type: 'escort_directory',
      explicitness: 'explicit',
      needsBrowser: false,
      compliance: {
        ageGate: { value: 'none' },
        reportMechanism: { value: false },
        termsUrl: `${ctx.baseUrl}/terms`,
        contactPoint: { value: 'ads@escortatlas.example' },
        advertiserVerification: { claimed: false },
        antiTraffickingNotice: { value: false },
        robotsTxt: { present: false, disallows: [] },
      },
      traps: [
        {
          kind: 'infinite_calendar',
          url: `${ctx.baseUrl}/calendar/${CALENDAR_START}`,
          prefix: `${ctx.baseUrl}/calendar/`,
          note: 'every day links to the next and previous day, forever',
        },
      ],
    };
  },
};
