// One fetched page in, everything the crawler learns from it out: its role, ads, links, language,
// cities, whether it needs a browser, the compliance signals and site-type hints it shows.
// Pure: no network, no database. The page is hostile, so every read is bounded (see document.ts).
import { extractGeneric, extractWithProfile } from '../extract/index.ts';
import { profileForHost, type SiteProfile } from '../profiles/index.ts';
import type { FetchedPage, PageAnalysis, PageRole } from '../types.ts';
import { needsBrowser } from './app-shell.ts';
import { citiesIn } from './cities.ts';
import { parsePage } from './document.ts';
import { elementsOf, textContent } from './dom.ts';
import { pageExplicitness } from './explicitness.ts';
import { INFO_PATH, INFO_TITLE } from './info-page.ts';
import { pageLanguage } from './language.ts';
import { pageLinks } from './links.ts';
import { detectGate, pageSignals } from './signals.ts';
import { typeHints } from './site-type.ts';

export interface SiteContext {
  host: string;
  baseUrl: string;
  /** A declarative profile; when absent, a bundled profile matching the host is used if any. */
  profile?: SiteProfile;
}

function roleOf(args: {
  gate: boolean;
  ads: number;
  shape: string;
  teasers: number;
  info: boolean;
  links: number;
  path: string;
}): PageRole {
  if (args.gate && args.ads === 0) return 'gate';
  if (args.ads > 0) return 'ad';
  if (args.info) return 'info';
  if (args.shape === 'teasers') return 'listing';
  if (args.shape === 'nav-list' || args.path === '/' || args.links >= 20) return 'index';
  return 'other';
}

export function analyzePage(page: FetchedPage, site: SiteContext): PageAnalysis {
  const doc = parsePage(page.url, page.html);
  const path = new URL(page.url).pathname;
  const h1Element = elementsOf(doc).find((el) => el.name === 'h1');
  const h1 = (h1Element ? textContent(h1Element) : '').trim();
  const info = INFO_PATH.test(path) || INFO_TITLE.test(h1);
  const gate = detectGate(doc);
  const { links, external } = pageLinks(doc, site.host);

  const profile = site.profile ?? profileForHost(site.host);
  const profileAds = profile ? extractWithProfile(doc, profile) : [];
  const generic = profileAds.length > 0 || gate ? undefined : extractGeneric(doc, { infoPage: info });
  const ads = profileAds.length > 0 ? profileAds : (generic?.ads ?? []);
  // Profile-known ad links are followed first: they lead the crawl to ad pages.
  if (profile?.adLinks) {
    const preferred = doc
      .$(profile.adLinks)
      .toArray()
      .map((el) => doc.$(el).attr('href'))
      .flatMap((href) => (href ? [new URL(href, page.url).toString().split('#')[0]!] : []));
    links.unshift(...preferred.filter((url) => links.includes(url)));
  }

  const hints = typeHints(doc, {
    sharedContactAds: generic?.sharedContact ?? 0,
    forumPosts: (generic?.comments ?? 0) > 0,
    nonAdultListing: generic?.decision?.adult === false,
  });
  if (profile?.type)
    hints.unshift({
      type: profile.type,
      weight: 20,
      evidence: { url: page.url, text: `site profile ${profile.name}` },
    });

  // An ad page's language is its ads' language; the site's chrome around them may be in another.
  const adText = ads
    .map((ad) => `${ad.title ?? ''} ${ad.text ?? ''}`)
    .join(' ')
    .slice(0, 20_000);
  const language =
    (adText.trim() ? pageLanguage(adText, doc.langAttr) : undefined) ?? pageLanguage(doc.text, doc.langAttr);
  const explicitness = pageExplicitness(doc);
  return {
    role: roleOf({
      gate: Boolean(gate),
      ads: ads.length,
      shape: generic?.shape ?? 'single',
      teasers: generic?.teasers ?? 0,
      info,
      links: links.length,
      path,
    }),
    ads,
    links: [...new Set(links)],
    externalLinks: external.map((e) => e.url),
    ...(external.length > 0 ? { externalAnchors: external } : {}),
    ...(language ? { language } : {}),
    signals: pageSignals(doc, gate, ads),
    typeHints: hints,
    cities: citiesIn(`${doc.title} ${doc.text}`),
    needsBrowser: Boolean(profile?.needsBrowser && !page.rendered) || needsBrowser(doc, page.rendered),
    ...(explicitness ? { explicitness } : {}),
    ...(generic?.decision ? { adDecision: generic.decision } : {}),
  };
}
