// Site (d): an age-gated portal with the full set of compliance pages. Without the gate cookie
// every page (but robots.txt, sitemap.xml and the gate itself) shows the click-through gate. The
// robots.txt disallows the members section, whose ads a polite crawler must not fetch, and sets
// a Crawl-delay. Trap: /news answers only after a delay.
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { escapeHtml } from '../../../core/html.ts';
import { adPath } from '../generator.ts';
import type { SiteModule } from './context.ts';
import {
  imagesHtml,
  notFound,
  pageCount,
  pageParam,
  pagination,
  readBody,
  redirect,
  send,
  serveImage,
  textHtml,
} from './http.ts';

export const GATE_COOKIE = 'vr_age_ok';
const PAGE_SIZE = 20;
/** Above this many ads the sitemap becomes an index of SITEMAP_CHUNK-sized files. */
const SITEMAP_CHUNK = 5000;

function hasGateCookie(req: IncomingMessage): boolean {
  return (req.headers.cookie ?? '').split(';').some((c) => c.trim() === `${GATE_COOKIE}=1`);
}

function page(title: string, body: string, lang = 'en'): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Velvet Rooms</title></head>
<body class="vr"><div class="vr-header"><a href="/">Velvet Rooms</a> <em>massage &amp; companionship directory for adults</em></div>
<section class="vr-body">${body}</section>
<aside class="vr-notice" id="anti-trafficking"><strong>Against human trafficking:</strong> we do not tolerate exploitation or minors. If you suspect that someone is forced or underage, <a href="/report-abuse">report it to us</a> or call the police.</aside>
<div class="vr-footer"><a href="/terms">Terms of service</a> | <a href="/privacy">Privacy</a> | <a href="/contact">Contact</a> | <a href="/report-abuse">Report abuse</a> | <a href="/verification">Verified advertisers</a> | <a href="/news">News</a></div></body></html>`;
}

function gate(next: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Age verification · Velvet Rooms</title></head>
<body class="gate"><div class="gate-box"><h1>Adults only</h1><p>This website contains adult content. You must be 18 or older to enter.</p>
<form method="post" action="/enter"><input type="hidden" name="next" value="${escapeHtml(next)}"><button type="submit" class="enter">I am 18 or older – Enter</button></form>
<a class="leave" href="/leave">Leave</a></div></body></html>`;
}

/** Only same-site absolute paths are followed after the gate. */
function safeNext(next: string | null | undefined): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export const gated: SiteModule = {
  key: 'gated',
  async handle(req, res, url, ctx) {
    const path = url.pathname;
    if (path === '/robots.txt') {
      return send(
        res,
        200,
        `User-agent: *\nDisallow: /members/\nCrawl-delay: ${ctx.options.crawlDelay}\nSitemap: ${ctx.baseUrl}/sitemap.xml\n`,
        'text/plain',
      );
    }
    const sitemap = /^\/sitemap(?:-(\d+))?\.xml$/.exec(path);
    if (sitemap) {
      const chunks = Math.ceil(ctx.adCount / SITEMAP_CHUNK);
      if (sitemap[1] === undefined && chunks > 1) {
        const items = Array.from(
          { length: chunks },
          (_, c) => `<sitemap><loc>${ctx.baseUrl}/sitemap-${c}.xml</loc></sitemap>`,
        );
        return send(
          res,
          200,
          `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${items.join('\n')}</sitemapindex>`,
          'application/xml',
        );
      }
      const chunk = Number(sitemap[1] ?? 0);
      if (chunk >= Math.max(1, chunks)) return notFound(res);
      const urls =
        chunk === 0
          ? ['/', '/listings', '/terms', '/privacy', '/contact', '/report-abuse', '/verification'].map(
              (p) => ctx.baseUrl + p,
            )
          : [];
      for (
        let local = chunk * SITEMAP_CHUNK;
        local < Math.min(ctx.adCount, (chunk + 1) * SITEMAP_CHUNK);
        local++
      ) {
        const plan = ctx.plan(local);
        if (!plan.membersSection) urls.push(ctx.baseUrl + adPath(plan));
      }
      return send(
        res,
        200,
        `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.map((u) => `<url><loc>${u}</loc></url>`).join('\n')}\n</urlset>`,
        'application/xml',
      );
    }
    if (path === '/enter') {
      const next =
        req.method === 'POST'
          ? new URLSearchParams(await readBody(req)).get('next')
          : url.searchParams.get('next');
      return redirect(res, safeNext(next), 303, {
        'set-cookie': `${GATE_COOKIE}=1; Path=/; SameSite=Lax; Max-Age=86400`,
      });
    }
    if (path === '/leave') return send(res, 200, '<!doctype html><title>Goodbye</title><p>Goodbye.</p>');
    if (!hasGateCookie(req)) return send(res, 200, gate(path + url.search));
    if (await serveImage(res, url, ctx)) return;
    if (path === '/') {
      return send(
        res,
        200,
        page(
          'Welcome',
          `<h1>Welcome to Velvet Rooms</h1><p>Browse <a href="/listings">all listings</a>. Our members section is for registered users.</p>`,
        ),
      );
    }
    if (path === '/listings') {
      const p = pageParam(url);
      const items: string[] = [];
      for (let local = (p - 1) * PAGE_SIZE; local < Math.min(ctx.adCount, p * PAGE_SIZE); local++) {
        const plan = ctx.plan(local);
        const { ad, truth } = ctx.ad(local);
        items.push(
          `<div class="vr-tile${plan.membersSection ? ' members' : ''}"><a href="${adPath(plan)}">${escapeHtml(ad.title)}</a> <small>${escapeHtml(truth.cityName)}</small></div>`,
        );
      }
      const pages = pageCount(ctx.adCount, PAGE_SIZE);
      return send(
        res,
        200,
        page(
          'Listings',
          `<h1>Listings</h1><div class="vr-grid">${items.join('\n')}</div>${pagination(p, pages, (n) => `/listings?page=${n}`, 'vr-pages')}`,
        ),
      );
    }
    const ad = /^\/(members\/)?ads\/(\d+)$/.exec(path);
    if (ad) {
      const local = Number(ad[2]);
      if (!ctx.has(local) || ctx.plan(local).membersSection !== Boolean(ad[1])) return notFound(res);
      const { ad: a, truth } = ctx.ad(local);
      const images = imagesHtml(truth.images);
      return send(
        res,
        200,
        page(
          a.title,
          `<div class="vr-ad"><h1>${escapeHtml(a.title)}</h1><p class="vr-verified">✔ ID-verified advertiser</p>${images}<div class="vr-text">${textHtml(a.text)}</div></div>`,
          truth.language,
        ),
      );
    }
    if (path === '/terms')
      return send(
        res,
        200,
        page(
          'Terms',
          '<h1>Terms of service</h1><p>Advertisers must be at least 18 years old and act on their own behalf. Third-party ads are forbidden.</p>',
        ),
      );
    if (path === '/privacy')
      return send(
        res,
        200,
        page(
          'Privacy',
          '<h1>Privacy policy</h1><p>We process account and advertisement data under the GDPR.</p>',
        ),
      );
    if (path === '/contact')
      return send(res, 200, page('Contact', '<h1>Contact</h1><p>Email: support@velvetrooms.example</p>'));
    if (path === '/verification')
      return send(
        res,
        200,
        page(
          'Verification',
          '<h1>Verified advertisers</h1><p>Every advertiser is verified with an identity document and a live selfie before an ad goes online.</p>',
        ),
      );
    if (path === '/report-abuse') {
      if (req.method === 'POST') {
        await readBody(req);
        return send(
          res,
          200,
          page(
            'Report received',
            '<h1>Thank you</h1><p>Our moderators will review your report within 24 hours.</p>',
          ),
        );
      }
      return send(
        res,
        200,
        page(
          'Report abuse',
          `<h1>Report abuse</h1><form method="post" action="/report-abuse"><label>Ad URL <input name="url"></label><label>What is wrong? <textarea name="reason"></textarea></label><button>Send report</button></form>`,
        ),
      );
    }
    if (path === '/news') {
      await sleep(ctx.options.slowMs);
      return send(res, 200, page('News', '<h1>News</h1><p>No news.</p>'));
    }
    notFound(res);
  },
  describe(ctx) {
    const b = ctx.baseUrl;
    return {
      type: 'massage',
      explicitness: 'non_explicit',
      needsBrowser: false,
      crawlDelay: ctx.options.crawlDelay,
      compliance: {
        ageGate: { value: 'click_through' },
        reportMechanism: { value: true, url: `${b}/report-abuse` },
        termsUrl: `${b}/terms`,
        privacyUrl: `${b}/privacy`,
        contactPoint: { value: 'support@velvetrooms.example' },
        advertiserVerification: { claimed: true },
        antiTraffickingNotice: { value: true },
        robotsTxt: { present: true, disallows: ['/members/'] },
      },
      traps: [{ kind: 'slow_response', url: `${b}/news`, note: `answers after ${ctx.options.slowMs} ms` }],
    };
  },
};
