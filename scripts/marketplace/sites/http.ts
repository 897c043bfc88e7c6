// Response helpers shared by the site handlers, and the image route every site serves.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml } from '../../../core/html.ts';
import { networkBanner } from '../compose.ts';
import { adAt } from '../generator.ts';
import { renderImagePng } from '../images.ts';
import type { SiteContext } from './context.ts';

export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'text/html; charset=utf-8',
  headers: Record<string, string> = {},
): void {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'content-type': type, 'content-length': String(buf.length), ...headers });
  res.end(buf);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

export function redirect(
  res: ServerResponse,
  location: string,
  status = 302,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { location, 'content-length': '0', ...headers });
  res.end();
}

export function notFound(res: ServerResponse): void {
  send(res, 404, '<!doctype html><title>Not found</title><h1>Not found</h1>');
}

/** The page number of `?<param>=N`, 1-based, clamped to ≥ 1. */
export function pageParam(url: URL, param = 'page'): number {
  const n = Number(url.searchParams.get(param) ?? '1');
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

export function readBody(req: IncomingMessage, limit = 16_384): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const IMAGE_CACHE_SIZE = 256;
const imageCache = new Map<string, Buffer>();

/** The text of image `id` when it belongs to this marketplace, else undefined. */
export function imageText(ctx: SiteContext, id: string): string | undefined {
  const ad = /^(ph|bn)-(\d+)-(\d+)$/.exec(id);
  if (ad) {
    const [, , seed, index] = ad;
    if (Number(seed) !== ctx.seed || Number(index) >= ctx.count) return undefined;
    return adAt(ctx.seed, Number(index)).truth.images.find((img) => img.id === id)?.text;
  }
  const net = /^nw-((?:net|agency)-(\d+)-[\d-]+)$/.exec(id);
  if (net && Number(net[2]) === ctx.seed) return networkBanner(ctx.seed, net[1]!);
  return undefined;
}

/** Serves `/img/<id>.png`; returns false when the path is not an image route. */
export async function serveImage(res: ServerResponse, url: URL, ctx: SiteContext): Promise<boolean> {
  const match = /^\/img\/([\w-]+)\.png$/.exec(url.pathname);
  if (!match) return false;
  const id = match[1]!;
  const text = imageText(ctx, id);
  if (text === undefined) {
    notFound(res);
    return true;
  }
  const key = `${ctx.seed}:${id}`;
  let png = imageCache.get(key);
  if (!png) {
    png = await renderImagePng(id, text);
    if (imageCache.size >= IMAGE_CACHE_SIZE) imageCache.delete(imageCache.keys().next().value!);
    imageCache.set(key, png);
  }
  send(res, 200, png, 'image/png', { 'cache-control': 'max-age=3600' });
  return true;
}

/** The ad's images as <img> tags (paths are generated, never taken from a request). */
export function imagesHtml(images: ReadonlyArray<{ path: string }>, className?: string): string {
  const cls = className ? ` class="${className}"` : '';
  return images.map((img) => `<img${cls} src="${escapeHtml(img.path)}" alt="">`).join('');
}

/** Ad text as HTML: escaped, line breaks kept. */
export function textHtml(text: string): string {
  return text
    .split('\n')
    .map((line) => escapeHtml(line))
    .join('<br>\n');
}

/** Number of pages of `size` items for `total` items (at least one, possibly empty). */
export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}

/** Links to pages 1…n around `page`, with prev/next. */
export function pagination(page: number, pages: number, href: (p: number) => string, cls = 'pager'): string {
  if (pages <= 1) return '';
  const parts: string[] = [];
  if (page > 1) parts.push(`<a rel="prev" href="${href(page - 1)}">‹</a>`);
  for (let p = Math.max(1, page - 3); p <= Math.min(pages, page + 3); p++) {
    parts.push(p === page ? `<span class="current">${p}</span>` : `<a href="${href(p)}">${p}</a>`);
  }
  if (page < pages) parts.push(`<a rel="next" href="${href(page + 1)}">›</a>`);
  return `<nav class="${cls}">${parts.join(' ')}</nav>`;
}
