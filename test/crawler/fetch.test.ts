import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyTooLargeError, RedirectError, ThrottledError, TimeoutError } from '../../crawler/errors.ts';
import { assertOk, decodeBody, Fetcher, parseRetryAfter } from '../../crawler/fetch.ts';
import { type Loopback, startLoopback } from './loopback.ts';

let site: Loopback;
let fetcher: Fetcher;
const LIMIT = 64 * 1024;
// 20 MB of one letter, 20 kB on the wire: compressed once, up front.
const BOMB = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x61));

beforeAll(async () => {
  site = await startLoopback('127.0.0.21', (req, res) => {
    const url = req.url ?? '/';
    if (url === '/slow') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html>');
      return; // never ends
    }
    if (url === '/declared-huge') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(LIMIT * 100) });
      res.end('x');
      return;
    }
    if (url === '/streamed-huge') {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = 'y'.repeat(16 * 1024);
      for (let i = 0; i < 20; i++) res.write(chunk);
      res.end();
      return;
    }
    if (url === '/bomb') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.end(BOMB);
      return;
    }
    if (url === '/gzip') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
      res.end(gzipSync('<p>Zürich</p>'));
      return;
    }
    if (url === '/latin1') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        Buffer.concat([
          Buffer.from('<meta charset="windows-1252"><p>caf'),
          Buffer.from([0xe9]),
          Buffer.from('</p>'),
        ]),
      );
      return;
    }
    if (url.startsWith('/loop')) {
      res.writeHead(302, { location: url === '/loop-a' ? '/loop-b' : '/loop-a' }).end();
      return;
    }
    if (url.startsWith('/chain/')) {
      const n = Number(url.split('/')[2]);
      res.writeHead(301, { location: `/chain/${n + 1}` }).end();
      return;
    }
    if (url === '/busy') {
      res.writeHead(429, { 'retry-after': '7' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end('<p>ok</p>');
  });
  fetcher = new Fetcher({
    userAgent: 'adrisk-test',
    timeoutMs: 500,
    maxBodyBytes: LIMIT,
    maxRedirects: 5,
    guard: { allowPrivateHosts: true },
  });
});
afterAll(async () => {
  await fetcher.close();
  await site.close();
});

describe('Fetcher', () => {
  it('times out a page that never finishes', async () => {
    await expect(fetcher.fetch({ url: `${site.origin}/slow` })).rejects.toBeInstanceOf(TimeoutError);
  });

  it('refuses a body whose declared length exceeds the limit without reading it', async () => {
    await expect(fetcher.fetch({ url: `${site.origin}/declared-huge` })).rejects.toBeInstanceOf(
      BodyTooLargeError,
    );
  });

  it('cuts a streamed body at the limit and says so', async () => {
    const result = await fetcher.fetch({ url: `${site.origin}/streamed-huge` });
    expect(result.body.length).toBe(LIMIT);
    expect(result.truncated).toBe(true);
  });

  it('stops decompressing a gzip bomb at the limit', async () => {
    const result = await fetcher.fetch({ url: `${site.origin}/bomb` });
    expect(result.body.length).toBeLessThanOrEqual(LIMIT);
    expect(result.truncated).toBe(true);
  });

  it('decompresses gzip and decodes the declared charset', async () => {
    const gz = await fetcher.fetch({ url: `${site.origin}/gzip` });
    expect(decodeBody(gz.contentType, gz.body)).toBe('<p>Zürich</p>');
    const latin = await fetcher.fetch({ url: `${site.origin}/latin1` });
    expect(decodeBody(latin.contentType, latin.body)).toContain('café');
  });

  it('fails a redirect loop with a typed error', async () => {
    const error = await fetcher.fetch({ url: `${site.origin}/loop-a` }).catch((e) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(error.code).toBe('redirect_loop');
  });

  it('stops after the redirect cap', async () => {
    const error = await fetcher.fetch({ url: `${site.origin}/chain/0` }).catch((e) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(error.code).toBe('too_many_redirects');
  });

  it('asks before each redirect hop (robots.txt)', async () => {
    const hops: string[] = [];
    await fetcher
      .fetch({ url: `${site.origin}/chain/0`, beforeHop: async (u) => void hops.push(new URL(u).pathname) })
      .catch(() => {});
    expect(hops).toEqual(['/chain/1', '/chain/2', '/chain/3', '/chain/4', '/chain/5']);
  });

  it('turns 429 into a throttle carrying Retry-After', async () => {
    const result = await fetcher.fetch({ url: `${site.origin}/busy` });
    const error = (() => {
      try {
        assertOk(result);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as ThrottledError).retryAfterMs).toBe(7000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, ignores garbage and past dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
