// Site (f): an agency presenting several people per branch, each branch with one contact (phone
// and messenger) shown on every profile of the branch.
import { escapeHtml } from '../../../core/html.ts';
import { AGENCY_BRANCH_SIZE } from '../networks.ts';
import type { SiteModule } from './context.ts';
import {
  imagesHtml,
  notFound,
  pageCount,
  pageParam,
  pagination,
  send,
  serveImage,
  textHtml,
} from './http.ts';

const MODELS_PER_PAGE = 16;

function html(title: string, body: string, lang = 'en'): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)} | Aurora Companions Agency</title></head>
<body><div class="ag-top"><a href="/" class="ag-logo">Aurora Companions</a><ul class="ag-menu"><li><a href="/models">Our ladies</a></li><li><a href="/contact">Booking</a></li></ul></div>
<div class="ag-page">${body}</div><div class="ag-bottom">Aurora Companions Agency · bookings by phone only</div></body></html>`;
}

export const agency: SiteModule = {
  key: 'agency',
  async handle(_req, res, url, ctx) {
    const path = url.pathname;
    if (await serveImage(res, url, ctx)) return;
    const branches = Math.ceil(ctx.adCount / AGENCY_BRANCH_SIZE);
    if (path === '/') {
      const items = Array.from(
        { length: Math.min(branches, 50) },
        (_, b) => `<li><a href="/branch/${b}">Team ${b + 1}</a></li>`,
      );
      return send(
        res,
        200,
        html(
          'Welcome',
          `<h1>Aurora Companions – elegant ladies for every occasion</h1><p>Our ladies are presented by their team; one call books any of them.</p><ul class="ag-branches">${items.join('')}</ul><a href="/models">See all ladies</a>`,
        ),
      );
    }
    if (path === '/models') {
      const p = pageParam(url);
      const tiles: string[] = [];
      for (
        let local = (p - 1) * MODELS_PER_PAGE;
        local < Math.min(ctx.adCount, p * MODELS_PER_PAGE);
        local++
      ) {
        const { truth } = ctx.ad(local);
        tiles.push(
          `<div class="ag-tile"><a href="/model/${local}">${escapeHtml(truth.name)}</a><span>${escapeHtml(truth.cityName)}</span></div>`,
        );
      }
      const pages = pageCount(ctx.adCount, MODELS_PER_PAGE);
      return send(
        res,
        200,
        html(
          'Our ladies',
          `<div class="ag-gallery">${tiles.join('\n')}</div>${pagination(p, pages, (n) => `/models?page=${n}`, 'ag-pager')}`,
        ),
      );
    }
    const branch = /^\/branch\/(\d+)$/.exec(path);
    if (branch) {
      const b = Number(branch[1]);
      if (b >= branches) return notFound(res);
      const members: string[] = [];
      let contact = '';
      for (
        let local = b * AGENCY_BRANCH_SIZE;
        local < Math.min(ctx.adCount, (b + 1) * AGENCY_BRANCH_SIZE);
        local++
      ) {
        const { truth } = ctx.ad(local);
        contact ||= [truth.phones[0]?.shown, ...truth.handles.slice(0, 1).map((h) => h.shown)]
          .filter(Boolean)
          .join(' · ');
        members.push(
          `<li class="ag-member"><a href="/model/${local}">${escapeHtml(truth.name)}${truth.age ? `, ${truth.age}` : ''}</a></li>`,
        );
      }
      return send(
        res,
        200,
        html(
          `Team ${b + 1}`,
          `<h1>Team ${b + 1}</h1><ul>${members.join('')}</ul><p class="ag-contact">Book any of our ladies: ${escapeHtml(contact)}</p>`,
        ),
      );
    }
    const model = /^\/model\/(\d+)$/.exec(path);
    if (model) {
      const local = Number(model[1]);
      if (!ctx.has(local)) return notFound(res);
      const { ad, truth } = ctx.ad(local);
      const images = imagesHtml(truth.images);
      return send(
        res,
        200,
        html(
          ad.title,
          `<div class="ag-profile"><h1>${escapeHtml(ad.title)}</h1>${images}<div class="ag-about">${textHtml(ad.text)}</div><a href="/branch/${Math.floor(local / AGENCY_BRANCH_SIZE)}">Her team</a></div>`,
          truth.language,
        ),
      );
    }
    if (path === '/contact')
      return send(
        res,
        200,
        html(
          'Booking',
          '<h1>Booking</h1><p>Call the team of the lady you like; the number is on her profile.</p>',
        ),
      );
    notFound(res);
  },
  describe(ctx) {
    return {
      type: 'agency',
      explicitness: 'non_explicit',
      needsBrowser: false,
      compliance: {
        ageGate: { value: 'none' },
        reportMechanism: { value: false },
        contactPoint: { value: `${ctx.baseUrl}/contact` },
        advertiserVerification: { claimed: false },
        antiTraffickingNotice: { value: false },
        robotsTxt: { present: false, disallows: [] },
      },
      traps: [],
    };
  },
};
