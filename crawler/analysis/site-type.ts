// Hints at what kind of site a page belongs to: the lexicon's words for each type (branding in the
// title and header counts more than body text) and the page's structure (forum posts, a board with
// furniture and car categories, several persons behind one phone).
import type { Element } from 'domhandler';
import type { SignalEvidence, SiteType } from '../../storage/documents.ts';
import type { PageAnalysis } from '../types.ts';
import type { PageDocument } from './document.ts';
import { elementsOf, hasClassToken, isLink, textContent } from './dom.ts';
import { CATEGORY_TERMS, SITE_TYPE_TERMS } from './lexicon.ts';
import { clip, compileTerms, countMatches, MAX_EVIDENCE_CHARS, snippetAround, squash } from './terms.ts';

type Hint = PageAnalysis['typeHints'][number];

const TYPE_RES = Object.entries(SITE_TYPE_TERMS).map(
  ([type, terms]) => [type as SiteType, compileTerms(terms)] as const,
);
const NON_ADULT_CATEGORY = compileTerms(Object.values(CATEGORY_TERMS.nonAdult).flat());
/** Hits counted per type and page: one chatty page must not outvote the rest of the site. */
const MAX_HITS = 5;
/** Weight of a word hint per type and page, at most. */
const MAX_WORD_WEIGHT = 5;
/** Weight of a structural hint: structure (a board with furniture, a thread of replies) beats words. */
const STRUCTURE_WEIGHT = 30;
/** Weight of a word in the page's branding (title, header, headings) against one in its body. */
const BRANDING_WEIGHT = 3;

export interface StructureFacts {
  /** Advert blocks with one shared contact (an agency's persons). */
  sharedContactAds: number;
  /** Repeated posts of which only some are adverts (a forum thread). */
  forumPosts: boolean;
  /** An ad filed in a furniture, jobs, cars… category (only general classifieds boards have them). */
  nonAdultListing: boolean;
}

/** The page's branding: `header, h1, .tagline, [class*="brand"], [class*="logo"]`. */
function isBranding(el: Element): boolean {
  if (el.name === 'header' || el.name === 'h1' || hasClassToken(el, 'tagline')) return true;
  const cls = el.attribs.class;
  return cls !== undefined && (cls.includes('brand') || cls.includes('logo'));
}

export function typeHints(doc: PageDocument, facts: StructureFacts): Hint[] {
  const branding = squash(
    `${doc.title} ${elementsOf(doc).filter(isBranding).map(textContent).join('')}`,
  ).slice(0, 2_000);
  const hints: Hint[] = [];
  const ev = (text: string): SignalEvidence => ({ url: doc.url, text: clip(text, MAX_EVIDENCE_CHARS) });
  for (const [type, re] of TYPE_RES) {
    const brand = countMatches(re, branding, MAX_HITS);
    // Body hits beyond what the weight can still use are not counted (two branding hits already
    // reach the cap): the body is the page's whole text, the costly scan.
    const bodyCap = Math.min(MAX_HITS, Math.max(0, MAX_WORD_WEIGHT - brand * BRANDING_WEIGHT));
    const body = bodyCap > 0 ? countMatches(re, doc.text, bodyCap) : 0;
    const weight = Math.min(MAX_WORD_WEIGHT, brand * BRANDING_WEIGHT + body);
    if (weight === 0) continue;
    const quote = snippetAround(re, brand > 0 ? branding : doc.text) ?? type;
    hints.push({ type, weight, evidence: ev(quote) });
  }
  // A board whose links name furniture, jobs or car categories is a general classifieds site.
  const categories = new Set<string>();
  for (const el of elementsOf(doc)) {
    if (!isLink(el)) continue;
    const text = squash(textContent(el));
    if (text.length <= 40 && NON_ADULT_CATEGORY.test(text)) categories.add(text.toLowerCase());
    if (categories.size >= 10) break;
  }
  if (categories.size >= 2) {
    hints.push({
      type: 'classifieds',
      weight: STRUCTURE_WEIGHT,
      evidence: ev(`non-adult categories: ${[...categories].join(', ')}`),
    });
  }
  if (facts.sharedContactAds >= 2) {
    hints.push({
      type: 'agency',
      weight: STRUCTURE_WEIGHT,
      evidence: ev(`${facts.sharedContactAds} persons offered through one contact`),
    });
  }
  if (facts.forumPosts)
    hints.push({
      type: 'review_forum',
      weight: STRUCTURE_WEIGHT,
      evidence: ev('thread of posts and replies'),
    });
  if (facts.nonAdultListing) {
    hints.push({
      type: 'classifieds',
      weight: STRUCTURE_WEIGHT,
      evidence: ev('an ad filed in a non-adult category'),
    });
  }
  return hints.sort((a, b) => b.weight - a.weight);
}
