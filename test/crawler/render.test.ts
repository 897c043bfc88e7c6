import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fetcher } from '../../crawler/fetch.ts';
import { Renderer } from '../../crawler/render.ts';
import { RobotsCache } from '../../crawler/robots.ts';
import { CHROMIUM_PATH } from '../support/browser.ts';
import { type Loopback, startLoopback } from './loopback.ts';

let site: Loopback;
let fetcher: Fetcher;
let renderer: Renderer;

const SHELL = `<!doctype html><html><body><div id="app"></div><script>
fetch('/api/ads').then(r => r.json()).then(ads => {
  document.getElementById('app').innerHTML = ads.map(a => '<a href="/ad/' + a + '">ad ' + a + '</a>').join(' ');
});
fetch('/private/track').catch(() => {});
</script></body></html>`;

const GATE = `<!doctype html><html><body><p>This site is for adults. You must be 18 or older.</p>
<button onclick="location.href='https://example.invalid/'">Leave</button>
<button onclick="document.cookie='age_ok=1; path=/'; location.reload()">I am over 18</button></body></html>`;

beforeAll(async () => {
  site = await startLoopback('127.0.0.41', (req, res) => {
    const url = req.url ?? '/';
    if (url === '/robots.txt') return void res.end('User-agent: *\nDisallow: /private/\n');
    if (url === '/api/ads')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('[1,2,3]');
    if (url === '/spa') return void res.writeHead(200, { 'content-type': 'text/html' }).end(SHELL);
    if (url === '/gated') {
      const ok = /age_ok=1/.test(req.headers.cookie ?? '');
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end(ok ? '<html><body><a href="/ad/9">ad 9</a></body></html>' : GATE);
    }
    res.writeHead(404).end();
  });
  fetcher = new Fetcher({
    userAgent: 'adrisk-test',
    timeoutMs: 3000,
    maxBodyBytes: 1 << 20,
    maxRedirects: 3,
    guard: { allowPrivateHosts: true },
  });
  const robots = new RobotsCache({ fetcher, userAgent: 'adrisk-test', respect: true });
  renderer = new Renderer({
    chromiumPath: CHROMIUM_PATH,
    userAgent: 'adrisk-test',
    guard: { allowPrivateHosts: true },
    robots,
    timeoutMs: 10_000,
    maxBodyBytes: 1 << 20,
  });
});
afterAll(async () => {
  await renderer.close();
  await fetcher.close();
  await site.close();
});

describe('Renderer', () => {
  it('renders a script-built page and never lets it request a disallowed URL', async () => {
    const result = await renderer.render({ url: `${site.origin}/spa`, passAgeGate: false, screenshot: true });
    expect(result.html).toContain('href="/ad/3"');
    expect(result.screenshot?.subarray(1, 4).toString()).toBe('PNG');
    expect(site.requests).toContain('/api/ads');
    expect(site.requests.filter((p) => p.startsWith('/private/'))).toEqual([]);
  });

  it('passes a click-through age gate by pressing its confirm button, and records it', async () => {
    const result = await renderer.render({
      url: `${site.origin}/gated`,
      passAgeGate: true,
      screenshot: false,
    });
    expect(result.ageGate?.control).toBe('I am over 18');
    expect(result.html).toContain('/ad/9');
    expect(result.cookies).toContain('age_ok=1');
  });
});
