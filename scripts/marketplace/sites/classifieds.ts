// Site (b): a general classifieds board. Only the first four categories are the adult-services
// section; furniture, jobs, cars and electronics ads must not be counted as sexual-services ads.
// Traps: a redirect loop, and malformed HTML on every MALFORMED_EVERY-th item page. Many adult
// ads print the site's support number (a trap for network linking).
import { escapeHtml } from '../../../core/html.ts';
import { supportPhone } from '../compose.ts';
import { ADULT_CATEGORIES, CLASSIFIED_CATEGORIES, type ClassifiedCategory } from '../plan.ts';
import type { SiteModule } from './context.ts';
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

const PAGE_SIZE = 25;
/** Every n-th item page is served with broken markup. */
export const MALFORMED_EVERY = 5;

const LABELS: Record<ClassifiedCategory, string> = {
  escorts: 'Escorts & companions (18+)',
  massage: 'Massage (18+)',
  dating: 'Adult dating (18+)',
  'hostess-jobs': 'Hostess & model jobs (18+)',
  furniture: 'Furniture',
  jobs: 'Jobs',
  cars: 'Cars',
  electronics: 'Electronics',
};

function shell(title: string, body: string, lang = 'en'): string {
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)} | Kleinmarkt</title></head>
<body><div id="wrap"><div class="topbar"><a href="/" class="brand">Kleinmarkt</a> <a href="/go/top-offers">Top offers</a></div>
<div class="main">${body}</div>
<div class="bottom"><a href="/terms.html">Terms</a> · <a href="/privacy.html">Privacy</a> · <a href="/report">Report a listing</a></div></div></body></html>`;
}

export const classifieds: SiteModule = {
  key: 'classifieds',
  async handle(_req, res, url, ctx) {
    const path = url.pathname;
    if (await serveImage(res, url, ctx)) return;
    if (path === '/') {
      const adult = CLASSIFIED_CATEGORIES.filter((c) => ADULT_CATEGORIES.has(c));
      const other = CLASSIFIED_CATEGORIES.filter((c) => !ADULT_CATEGORIES.has(c));
      const li = (c: ClassifiedCategory) =>
        `<li class="cat"><a href="/c/${c}">${escapeHtml(LABELS[c])}</a></li>`;
      return send(
        res,
        200,
        shell(
          'All categories',
          `<h2>For sale &amp; services</h2><ul class="cats">${other.map(li).join('')}</ul>
<h2 class="adult-section">Adults only (18+)</h2><ul class="cats adult">${adult.map(li).join('')}</ul>`,
        ),
      );
    }
    const cat = /^\/c\/([\w-]+)$/.exec(path);
    if (cat) {
      const category = cat[1] as ClassifiedCategory;
      if (!CLASSIFIED_CATEGORIES.includes(category)) return notFound(res);
      const locals = ctx.groups('category', (p) => p.category).get(category) ?? [];
      const page = pageParam(url, 'p');
      const rows: string[] = [];
      for (let j = (page - 1) * PAGE_SIZE; j < Math.min(locals.length, page * PAGE_SIZE); j++) {
        const local = locals[j]!;
        const { ad, truth } = ctx.ad(local);
        const price = truth.price ? `${truth.price.amount} ${truth.price.currency}` : '';
        rows.push(
          `<tr class="row"><td><a href="/item/${local}.html">${escapeHtml(ad.title)}</a></td><td>${escapeHtml(truth.cityName)}</td><td>${escapeHtml(price)}</td></tr>`,
        );
      }
      const pages = pageCount(locals.length, PAGE_SIZE);
      return send(
        res,
        200,
        shell(
          LABELS[category],
          `<h1>${escapeHtml(LABELS[category])}</h1><table class="listing">${rows.join('\n')}</table>${pagination(page, pages, (p) => `/c/${category}?p=${p}`, 'pages')}`,
        ),
      );
    }
    const item = /^\/item\/(\d+)\.html$/.exec(path);
    if (item) {
      const local = Number(item[1]);
      if (!ctx.has(local)) return notFound(res);
      const { ad, truth } = ctx.ad(local);
      const images = imagesHtml(truth.images);
      const crumbs = `<a href="/">Home</a> › <a href="/c/${truth.category}">${escapeHtml(LABELS[truth.category!])}</a>`;
      const body =
        local % MALFORMED_EVERY === 0
          ? // Deliberately broken: unclosed tags, an unquoted and an unterminated attribute, stray end tags.
            `<div class="crumbs>${crumbs}</div></span>
<div class=item-box><h1 class=item-title>${escapeHtml(ad.title)}</h1>
<div class="item-text"><p>${textHtml(ad.text)}
<table><tr><td>Location<td>${escapeHtml(truth.cityName)}
<div class="photos">${images}</b></i>
<a href="/report?item=${local}">Report this listing</a>`
          : `<div class="crumbs">${crumbs}</div><div class="item-box"><h1 class="item-title">${escapeHtml(ad.title)}</h1>
<div class="item-text"><p>${textHtml(ad.text)}</p></div>
<table class="item-meta"><tr><td>Location</td><td>${escapeHtml(truth.cityName)}</td></tr>
<tr><td>Posted</td><td>${ad.postedAt.slice(0, 10)}</td></tr></table>
<div class="photos">${images}</div><a class="report" href="/report?item=${local}">Report this listing</a></div>`;
      return send(res, 200, shell(ad.title, body, truth.language));
    }
    const loop = /^\/go\/([\w-]+)$/.exec(path);
    if (loop) return redirect(res, loop[1] === 'top-offers' ? '/go/top-offers-2' : '/go/top-offers');
    if (path === '/report') {
      return send(
        res,
        200,
        shell(
          'Report',
          `<h1>Report a listing</h1><form method="post" action="/report"><input name="item" value="${escapeHtml(url.searchParams.get('item') ?? '')}"><textarea name="reason"></textarea><button>Send report</button></form>`,
        ),
      );
    }
    if (path === '/terms.html')
      return send(
        res,
        200,
        shell(
          'Terms',
          '<h1>Terms and conditions</h1><p>Listings must be legal. Adult categories are for persons over 18.</p>',
        ),
      );
    if (path === '/privacy.html')
      return send(
        res,
        200,
        shell('Privacy', '<h1>Privacy policy</h1><p>We store listings and contact details you publish.</p>'),
      );
    if (path === '/robots.txt') return send(res, 200, 'User-agent: *\nAllow: /\n', 'text/plain');
    notFound(res);
  },
  describe(ctx) {
    const support = supportPhone(ctx.seed);
    return {
      type: 'classifieds',
      explicitness: 'non_explicit',
      needsBrowser: false,
      supportPhone: support.e164,
      compliance: {
        ageGate: { value: 'none' },
        reportMechanism: { value: true, url: `${ctx.baseUrl}/report` },
        termsUrl: `${ctx.baseUrl}/terms.html`,
        privacyUrl: `${ctx.baseUrl}/privacy.html`,
        contactPoint: { value: support.e164 },
        advertiserVerification: { claimed: false },
        antiTraffickingNotice: { value: false },
        robotsTxt: { present: true, disallows: [] },
      },
      traps: [
        {
          kind: 'redirect_loop',
          url: `${ctx.baseUrl}/go/top-offers`,
          prefix: `${ctx.baseUrl}/go/`,
          note: '/go/top-offers and /go/top-offers-2 redirect to each other',
        },
        {
          kind: 'malformed_html',
          url: `${ctx.baseUrl}/item/0.html`,
          note: `every item page whose number is a multiple of ${MALFORMED_EVERY} has unclosed tags and broken attributes; its ad text is still there`,
        },
      ],
    };
  },
};
