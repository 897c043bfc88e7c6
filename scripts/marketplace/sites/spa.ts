// Site (c): a single-page app. Every HTML route returns the same nearly empty shell; listings and
// ad text come from a JSON API and are rendered by client-side JavaScript, so only a browser sees
// them.
import { CITIES } from '../geo.ts';
import type { SiteModule } from './context.ts';
import { notFound, pageCount, pageParam, send, sendJson, serveImage } from './http.ts';

const PAGE_SIZE = 24;

const SHELL = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Rendezvous</title><script defer src="/static/app.js"></script>
<style>.ad-text{white-space:pre-line}</style></head>
<body><div id="root"><noscript>Please enable JavaScript.</noscript></div></body></html>`;

/** The client: a tiny router over location.pathname; all ad text goes in via textContent. */
const APP_JS = `(() => {
  const root = document.getElementById('root');
  const el = (tag, attrs, text) => { const e = document.createElement(tag); Object.assign(e, attrs || {}); if (text !== undefined) e.textContent = text; return e; };
  const params = new URLSearchParams(location.search);
  async function listing() {
    const page = Number(params.get('page') || '1');
    const city = params.get('city') || '';
    const data = await (await fetch('/api/ads?page=' + page + (city ? '&city=' + encodeURIComponent(city) : ''))).json();
    const list = el('ul', { className: 'rv-list' });
    for (const ad of data.ads) {
      const li = el('li', { className: 'rv-item' });
      li.append(el('a', { href: '/ad/' + ad.id, className: 'rv-link' }, ad.title), el('span', { className: 'rv-city' }, ' ' + ad.city));
      list.append(li);
    }
    root.replaceChildren(el('h1', {}, 'Rendezvous – meet someone tonight'), list);
    const nav = el('div', { className: 'rv-pages' });
    if (page > 1) nav.append(el('a', { href: '/?page=' + (page - 1) + (city ? '&city=' + city : '') , rel: 'prev' }, 'Previous'));
    if (page < data.pages) nav.append(el('a', { href: '/?page=' + (page + 1) + (city ? '&city=' + city : ''), rel: 'next' }, 'Next'));
    root.append(nav);
  }
  async function detail(id) {
    const res = await fetch('/api/ads/' + id);
    if (!res.ok) { root.replaceChildren(el('p', {}, 'Not found')); return; }
    const ad = await res.json();
    document.documentElement.lang = ad.language;
    const box = el('article', { className: 'rv-ad' });
    box.append(el('h1', { className: 'rv-title' }, ad.title), el('p', { className: 'rv-meta' }, [ad.name, ad.age, ad.city].filter(Boolean).join(' · ')));
    for (const src of ad.images) box.append(el('img', { src, alt: '' }));
    box.append(el('div', { className: 'ad-text' }, ad.text));
    root.replaceChildren(box);
  }
  const m = /^\\/ad\\/(\\d+)$/.exec(location.pathname);
  (m ? detail(m[1]) : listing()).catch((e) => { root.textContent = 'Error: ' + e; });
})();`;

export const spa: SiteModule = {
  key: 'spa',
  async handle(_req, res, url, ctx) {
    const path = url.pathname;
    if (await serveImage(res, url, ctx)) return;
    if (path === '/static/app.js') return send(res, 200, APP_JS, 'text/javascript; charset=utf-8');
    if (path === '/api/ads') {
      const page = pageParam(url);
      const city = url.searchParams.get('city');
      const locals = city ? (ctx.groups('city', (p) => p.city.slug).get(city) ?? []) : undefined;
      const total = locals ? locals.length : ctx.adCount;
      const ads = [];
      for (let j = (page - 1) * PAGE_SIZE; j < Math.min(total, page * PAGE_SIZE); j++) {
        const local = locals ? locals[j]! : j;
        const { ad, truth } = ctx.ad(local);
        ads.push({ id: local, title: ad.title, city: truth.cityName });
      }
      return sendJson(res, 200, { page, pages: pageCount(total, PAGE_SIZE), total, ads });
    }
    const api = /^\/api\/ads\/(\d+)$/.exec(path);
    if (api) {
      const local = Number(api[1]);
      if (!ctx.has(local)) return sendJson(res, 404, { error: 'not found' });
      const { ad, truth } = ctx.ad(local);
      return sendJson(res, 200, {
        id: local,
        title: ad.title,
        text: ad.text,
        name: truth.name,
        age: truth.age ?? null,
        city: truth.cityName,
        language: truth.language,
        price: truth.price ?? null,
        postedAt: ad.postedAt,
        images: truth.images.map((img) => img.path),
      });
    }
    if (path === '/api/cities')
      return sendJson(
        res,
        200,
        CITIES.map((c) => ({ slug: c.slug, name: c.local })),
      );
    if (path === '/' || /^\/ad\/\d+$/.test(path)) return send(res, 200, SHELL);
    if (path === '/robots.txt') return send(res, 200, 'User-agent: *\nDisallow:\n', 'text/plain');
    notFound(res);
  },
  describe() {
    return {
      type: 'dating',
      explicitness: 'non_explicit',
      needsBrowser: true,
      compliance: {
        ageGate: { value: 'none' },
        reportMechanism: { value: false },
        advertiserVerification: { claimed: false },
        antiTraffickingNotice: { value: false },
        robotsTxt: { present: true, disallows: [] },
      },
      traps: [],
    };
  },
};
