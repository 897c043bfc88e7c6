// A stand-in for crawler/analysis in engine tests: links by regex, an ad per /ad/ page. The real
// extraction is tested in its own folders; these tests are about the engine around it.
import type { FetchedPage, PageAnalysis } from '../../crawler/types.ts';

export function trivialAnalyze(page: FetchedPage, site: { host: string; baseUrl: string }): PageAnalysis {
  const links: string[] = [];
  const externalLinks: string[] = [];
  for (const match of page.html.matchAll(/href="([^"]+)"/g)) {
    try {
      const url = new URL(match[1]!, page.url);
      url.hash = '';
      if (url.host === site.host) links.push(url.toString());
      else externalLinks.push(url.toString());
    } catch {
      // ignore
    }
  }
  const path = new URL(page.url).pathname;
  const isAd = path.startsWith('/ad/');
  const title = /<h1>([^<]*)<\/h1>/.exec(page.html)?.[1];
  const text = /<p class="text">([^<]*)<\/p>/.exec(page.html)?.[1];
  const images = [...page.html.matchAll(/<img src="([^"]+)"/g)].map((m) =>
    new URL(m[1]!, page.url).toString(),
  );
  const isGate = /<button[^>]*>I am over 18<\/button>/.test(page.html);
  return {
    role: isGate ? 'gate' : isAd ? 'ad' : 'listing',
    ads:
      isAd && title
        ? [{ url: page.url, title, ...(text ? { text } : {}), contacts: [], images, via: 'test' }]
        : [],
    links,
    externalLinks,
    signals: {},
    typeHints: [],
    cities: [],
    needsBrowser: /<div id="app"><\/div>/.test(page.html),
  };
}
