// A small synthetic ad site for engine tests, with the traps a real crawl meets: robots.txt
// disallows, an endless calendar, a redirect loop, a slow page, a page that throttles once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { deflateSync } from 'node:zlib';
import { type Loopback, startLoopback } from './loopback.ts';

export interface MiniSite extends Loopback {
  ads: Set<number>;
  /** Ad text overrides (to simulate edits between crawls). */
  texts: Map<number, string>;
  /**
   * While set, each ad page is held until it resolves or for GATE_HOLD_MS, whichever comes first
   * (held less than the engine tests' request timeout, so no fetch fails because of it): a crawl
   * stays open long enough for a second worker to join it.
   */
  gate?: Promise<void>;
}

/** Longest hold of one ad page while a gate is set. */
export const GATE_HOLD_MS = 400;

export async function startMiniSite(address: string, adCount = 12, perPage = 4): Promise<MiniSite> {
  const ads = new Set(Array.from({ length: adCount }, (_, i) => i + 1));
  const texts = new Map<number, string>();
  let throttledOnce = false;
  const page = (res: ServerResponse, body: string, status = 200) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><body>${body}</body></html>`);
  };
  // The object returned (the loopback server with these fields): the test sets `gate` on it.
  let site = { ads, texts } as Pick<MiniSite, 'ads' | 'texts' | 'gate'>;
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname;
    if (p === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\n');
      return;
    }
    if (p === '/') {
      const pages = Math.ceil(Math.max(...ads, 0) / perPage);
      const links = Array.from(
        { length: pages },
        (_, i) => `<a href="/list?page=${i + 1}">page ${i + 1}</a>`,
      ).join(' ');
      page(
        res,
        `${links} <a href="/private/secret">staff</a> <a href="/calendar?day=0">calendar</a> <a href="/loop">loop</a> <a href="/slow">slow</a> <a href="/busy">busy</a> <a href="http://elsewhere.test/">partner</a>`,
      );
      return;
    }
    if (p === '/list') {
      const n = Number(url.searchParams.get('page'));
      const ids = [...ads].filter((id) => Math.ceil(id / perPage) === n);
      page(res, ids.map((id) => `<a href="/ad/${id}">ad ${id}</a>`).join(' '));
      return;
    }
    if (p.startsWith('/ad/')) {
      if (site.gate)
        await Promise.race([site.gate, new Promise((resolve) => setTimeout(resolve, GATE_HOLD_MS))]);
      const id = Number(p.slice(4));
      if (!ads.has(id)) return page(res, 'gone', 404);
      page(
        res,
        `<h1>Ad ${id}</h1><p class="text">${texts.get(id) ?? `Synthetic ad number ${id}`}</p><img src="/img/${id % 3}.png">`,
      );
      return;
    }
    if (p.startsWith('/img/')) {
      res.writeHead(200, { 'content-type': 'image/png' }).end(blankPng(Number(p.slice(5, 6))));
      return;
    }
    if (p === '/calendar') {
      const day = Number(url.searchParams.get('day'));
      page(res, `<a href="/calendar?day=${day + 1}">next day</a>`);
      return;
    }
    if (p === '/loop') {
      res.writeHead(302, { location: '/loop2' }).end();
      return;
    }
    if (p === '/loop2') {
      res.writeHead(302, { location: '/loop' }).end();
      return;
    }
    if (p === '/slow') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html>'); // never finishes
      return;
    }
    if (p === '/busy') {
      if (!throttledOnce) {
        throttledOnce = true;
        res.writeHead(429, { 'retry-after': '0' }).end();
        return;
      }
      page(res, 'calm again');
      return;
    }
    page(res, 'not found', 404);
  };
  const loopback = await startLoopback(address, handler);
  const out = Object.assign(loopback, site);
  site = out;
  return out;
}

/** A tiny single-colour PNG (no people, no text): enough for hashing tests. */
function blankPng(shade: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(4, 0);
  ihdr.writeUInt32BE(4, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = Buffer.concat(
    Array.from({ length: 4 }, () => Buffer.from([0, 60 * shade, 60 * shade, 60 * shade, 60 * shade])),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
