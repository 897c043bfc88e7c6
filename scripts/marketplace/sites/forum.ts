// Site (e): a review forum. Each ad is the opening post of a thread, followed by a few replies
// (reviews, which are not ads). Boards group threads by country. Trap: /archive/all is one very
// large page.
import { escapeHtml } from '../../../core/html.ts';
import { COUNTRIES } from '../geo.ts';
import { BANKS } from '../lang/index.ts';
import { Rng } from '../prng.ts';
import type { SiteContext, SiteModule } from './context.ts';
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

const THREADS_PER_PAGE = 30;
const MAX_REPLIES = 4;

function frame(title: string, body: string, lang = 'en'): string {
  return `<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)} - NightReviews Forum</title></head>
<body><table id="forum-frame" width="100%"><tr><td class="fhead"><a href="/">NightReviews</a> :: community reviews</td></tr>
<tr><td class="fbody">${body}</td></tr>
<tr><td class="ffoot"><a href="/rules">Forum rules</a> - <a href="/archive/all">Full archive (printable)</a></td></tr></table></body></html>`;
}

function replies(ctx: SiteContext, local: number, lang: keyof typeof BANKS): string[] {
  const rng = new Rng(ctx.seed, 'replies', local);
  const n = rng.int(0, MAX_REPLIES);
  return Array.from({ length: n }, (_, r) => {
    const user = `member${rng.int(100, 9999)}`;
    const text = rng.pick(BANKS[rng.chance(0.7) ? lang : 'en'].replies);
    return `<div class="post reply" id="p${local}-${r + 1}"><div class="author">${user}</div><div class="post-body">${escapeHtml(text)}</div><a class="report-post" href="/report?post=${local}-${r + 1}">report</a></div>`;
  });
}

let archiveCache: { key: string; html: string } | undefined;

function archive(ctx: SiteContext): string {
  const key = `${ctx.seed}:${ctx.count}:${ctx.options.largePageBytes}`;
  if (archiveCache?.key === key) return archiveCache.html;
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < ctx.options.largePageBytes; i++) {
    const rng = new Rng(ctx.seed, 'archive', i);
    const line = `<div class="arch-row"><span class="n">#${i}</span> ${escapeHtml(rng.pick(BANKS.en.replies))} ${escapeHtml(rng.pick(BANKS.de.replies))}</div>\n`;
    parts.push(line);
    size += Buffer.byteLength(line);
  }
  archiveCache = { key, html: frame('Archive', `<h1>Complete archive</h1>${parts.join('')}`) };
  return archiveCache.html;
}

export const forum: SiteModule = {
  key: 'forum',
  async handle(_req, res, url, ctx) {
    const path = url.pathname;
    if (await serveImage(res, url, ctx)) return;
    const boards = ctx.groups('country', (p) => p.country);
    if (path === '/') {
      const rows = Object.keys(COUNTRIES)
        .filter((c) => boards.has(c))
        .map(
          (c) =>
            `<tr class="board"><td><a href="/board/${c.toLowerCase()}">Reviews ${c}</a></td><td class="count">${boards.get(c)!.length} threads</td></tr>`,
        );
      return send(res, 200, frame('Boards', `<table class="boards">${rows.join('\n')}</table>`));
    }
    const board = /^\/board\/([a-z]{2})$/.exec(path);
    if (board) {
      const code = board[1]!.toUpperCase();
      const locals = boards.get(code);
      if (!locals) return notFound(res);
      const p = pageParam(url);
      const rows: string[] = [];
      for (let j = (p - 1) * THREADS_PER_PAGE; j < Math.min(locals.length, p * THREADS_PER_PAGE); j++) {
        const local = locals[j]!;
        rows.push(
          `<tr class="thread-row"><td><a class="topic" href="/thread/${local}">${escapeHtml(ctx.ad(local).ad.title)}</a></td></tr>`,
        );
      }
      const pages = pageCount(locals.length, THREADS_PER_PAGE);
      return send(
        res,
        200,
        frame(
          `Reviews ${code}`,
          `<table class="threads">${rows.join('\n')}</table>${pagination(p, pages, (n) => `/board/${board[1]}?page=${n}`, 'pagenav')}`,
        ),
      );
    }
    const thread = /^\/thread\/(\d+)$/.exec(path);
    if (thread) {
      const local = Number(thread[1]);
      if (!ctx.has(local)) return notFound(res);
      const { ad, truth } = ctx.ad(local);
      const images = imagesHtml(truth.images);
      const op = `<div class="post op" id="p${local}-0"><div class="author">${escapeHtml(truth.name)}</div><h2 class="subject">${escapeHtml(ad.title)}</h2><div class="post-body">${textHtml(ad.text)}</div>${images}<div class="posted">${ad.postedAt}</div><a class="report-post" href="/report?post=${local}-0">report</a></div>`;
      return send(
        res,
        200,
        frame(
          ad.title,
          `<div class="thread">${op}\n${replies(ctx, local, truth.language).join('\n')}</div>`,
          truth.language,
        ),
      );
    }
    if (path === '/archive/all') return send(res, 200, archive(ctx));
    if (path === '/rules')
      return send(
        res,
        200,
        frame(
          'Rules',
          '<h1>Forum rules</h1><p>No personal data of third parties. Members must be 18+. Use the report link on any post.</p>',
        ),
      );
    if (path === '/report')
      return send(
        res,
        200,
        frame(
          'Report',
          '<h1>Report a post</h1><form method="post" action="/report"><textarea name="why"></textarea><button>Report</button></form>',
        ),
      );
    notFound(res);
  },
  describe(ctx) {
    return {
      type: 'review_forum',
      explicitness: 'non_explicit',
      needsBrowser: false,
      compliance: {
        ageGate: { value: 'none' },
        reportMechanism: { value: true, url: `${ctx.baseUrl}/report` },
        termsUrl: `${ctx.baseUrl}/rules`,
        advertiserVerification: { claimed: false },
        antiTraffickingNotice: { value: false },
        robotsTxt: { present: false, disallows: [] },
      },
      traps: [
        {
          kind: 'large_page',
          url: `${ctx.baseUrl}/archive/all`,
          note: `one page of at least ${ctx.options.largePageBytes} bytes`,
        },
      ],
    };
  },
};
