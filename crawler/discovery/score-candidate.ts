// The discovery classifier: does a host linked from mapped sites look like an ad marketplace of the
// kind studied? It reads the anchor texts and URL words that point at it, and its front page when
// fetched, and returns a score with reasons a researcher can check in the candidates export.
import { parsePage } from '../analysis/document.ts';
import { CATEGORY_TERMS, SITE_TYPE_TERMS } from '../analysis/lexicon.ts';
import { compileTerms, countMatches, squash } from '../analysis/terms.ts';
import { extractGeneric } from '../extract/index.ts';
import type { FetchedPage } from '../types.ts';

export interface Candidate {
  host: string;
  foundOn: Array<{ url: string; anchorText: string }>;
}

export interface CandidateScore {
  isMarketplace: boolean;
  /** 0..1 */
  score: number;
  reasons: string[];
}

/** Score at or above which a candidate is mapped. */
export const MARKETPLACE_THRESHOLD = 0.5;
/** Links read per candidate. */
const MAX_FOUND_ON = 200;

const MARKET_WORDS = compileTerms([
  ...SITE_TYPE_TERMS.escort_directory,
  ...SITE_TYPE_TERMS.agency,
  ...SITE_TYPE_TERMS.massage,
  ...SITE_TYPE_TERMS.webcam,
  ...CATEGORY_TERMS.adult,
  'ladies',
  'girls',
  'models',
  'independent',
  'incall',
  'outcall',
  '18+',
]);
const AD_BOARD_WORDS = compileTerms([...SITE_TYPE_TERMS.classifieds, ...SITE_TYPE_TERMS.review_forum]);
/** Hosts that are never marketplaces of this kind however they are linked (platforms, search, social). */
const PLATFORMS =
  /(^|\.)(google|facebook|twitter|x|instagram|youtube|wikipedia|apple|microsoft|whatsapp|telegram|t|wa|linkedin|tiktok|reddit|github|cloudflare|w3|schema|mozilla|gstatic|googleapis|amazon|paypal|onlyfans|vk|ok|yandex|bing|duckduckgo)\.[a-z.]+$/i;

function urlWords(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname} ${parsed.pathname}`.replace(/[-_./]+/g, ' ');
  } catch {
    return '';
  }
}

/** A general platform (search, social, messengers): never a marketplace however it is linked. */
export function isPlatformHost(host: string): boolean {
  return PLATFORMS.test(host.toLowerCase().replace(/:\d+$/, ''));
}

export function scoreCandidate(candidate: Candidate, firstPage?: FetchedPage): CandidateScore {
  const reasons: string[] = [];
  const host = candidate.host.toLowerCase().replace(/:\d+$/, '');
  if (isPlatformHost(host)) {
    return {
      isMarketplace: false,
      score: 0,
      reasons: [`${host} is a general platform, not an ad marketplace`],
    };
  }
  let score = 0;
  const links = candidate.foundOn.slice(0, MAX_FOUND_ON);
  const anchorHits = links.filter((l) => MARKET_WORDS.test(l.anchorText)).length;
  if (anchorHits > 0) {
    const example = links.find((l) => MARKET_WORDS.test(l.anchorText))!;
    score += Math.min(0.35, 0.15 + 0.05 * anchorHits);
    reasons.push(
      `${anchorHits} link(s) with marketplace wording, e.g. "${squash(example.anchorText).slice(0, 80)}" on ${example.url}`,
    );
  }
  const hostHit =
    MARKET_WORDS.test(urlWords(`http://${host}/`)) || AD_BOARD_WORDS.test(urlWords(`http://${host}/`));
  if (hostHit) {
    score += 0.2;
    reasons.push(`host name ${host} contains marketplace words`);
  }
  const referrers = new Set(
    links.map((l) => {
      try {
        return new URL(l.url).host;
      } catch {
        return l.url;
      }
    }),
  );
  if (referrers.size >= 2) {
    score += Math.min(0.15, 0.05 * referrers.size);
    reasons.push(`linked from ${referrers.size} mapped sites`);
  }
  if (firstPage) {
    if (firstPage.status >= 400) reasons.push(`front page answered ${firstPage.status}`);
    else {
      const doc = parsePage(firstPage.url, firstPage.html);
      const words = countMatches(MARKET_WORDS, `${doc.title} ${doc.text}`, 50);
      const board = countMatches(AD_BOARD_WORDS, `${doc.title} ${doc.text}`, 50);
      if (words >= 3) {
        score += Math.min(0.3, 0.03 * words);
        reasons.push(`front page uses marketplace wording ${words} time(s)`);
      }
      if (board >= 3 && words >= 1) {
        score += 0.1;
        reasons.push('front page reads as an ad board or forum');
      }
      const generic = extractGeneric(doc, { infoPage: false });
      if (generic.ads.length > 0 || generic.teasers >= 5) {
        score += 0.25;
        reasons.push(
          generic.ads.length > 0
            ? `front page carries ${generic.ads.length} ad(s)`
            : `front page lists ${generic.teasers} ad teasers`,
        );
      }
      if (words === 0 && generic.ads.length === 0) {
        score = Math.max(0, score - 0.3);
        reasons.push('front page shows no marketplace wording or ads');
      }
    }
  }
  const bounded = Math.min(1, Math.round(score * 100) / 100);
  if (reasons.length === 0) reasons.push('no marketplace evidence in links or host name');
  return { isMarketplace: bounded >= MARKETPLACE_THRESHOLD, score: bounded, reasons };
}
