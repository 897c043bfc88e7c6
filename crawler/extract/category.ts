// Is this ad in a sexual-services section? Classifieds boards also sell sofas, cars and jobs: their
// ads must not be counted. Decided from the breadcrumb or category label, then the link naming a
// category, and overruled only when the ad's own words are plainly adult.
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { eachMatch, isLink, textContent } from '../analysis/dom.ts';
import { CATEGORY_TERMS } from '../analysis/lexicon.ts';
import { compileTerms, countMatches, squash } from '../analysis/terms.ts';

const ADULT = compileTerms([...CATEGORY_TERMS.adult, 'hostess*', '18+']);
const NON_ADULT = new Map(
  Object.entries(CATEGORY_TERMS.nonAdult).map(([name, terms]) => [name, compileTerms(terms)]),
);
/** Adult-term hits in an ad's own text that outweigh a non-adult category. */
const ADULT_TEXT_OVERRIDE = 3;

export interface CategoryDecision {
  adult: boolean;
  category?: string;
  reason: string;
}

function classify(label: string): { adult: boolean; name: string } | undefined {
  if (ADULT.test(label)) return { adult: true, name: squash(label).slice(0, 80) };
  for (const [name, re] of NON_ADULT) if (re.test(label)) return { adult: false, name };
  return undefined;
}

/** The breadcrumb container, and the same as a test of one element (`i`: ignoring case, as css-select). */
const CRUMBS = '[class*="crumb" i], [aria-label*="breadcrumb" i], [itemtype*="BreadcrumbList"]';
const CRUMB_CLASS = /crumb/i;
const CRUMB_LABEL = /breadcrumb/i;
function isCrumbs(el: Element): boolean {
  const { class: cls, 'aria-label': label, itemtype } = el.attribs;
  return (
    (cls !== undefined && CRUMB_CLASS.test(cls)) ||
    (label !== undefined && CRUMB_LABEL.test(label)) ||
    (itemtype?.includes('BreadcrumbList') ?? false)
  );
}

/** The category the page files its ad under, if it says. */
export function pageCategory(
  $: CheerioAPI,
  root: Cheerio<AnyNode>,
  labelled?: string,
): { adult: boolean; name: string; basis: string } | undefined {
  let crumb: Element | undefined;
  eachMatch(root, CRUMBS, isCrumbs, (el) => {
    crumb = el;
    return false;
  });
  const crumbs = $(crumb ? [crumb] : []);
  if (crumbs.length > 0) {
    // The most specific crumb is the last one naming a category.
    const parts = crumbs
      .find('a, span, li')
      .toArray()
      .map((el) => textContent(el));
    for (const part of parts.reverse()) {
      const found = classify(part);
      if (found) return { ...found, basis: 'breadcrumb' };
    }
    const found = classify(crumbs.text());
    if (found) return { ...found, basis: 'breadcrumb' };
  }
  if (labelled) {
    const found = classify(labelled);
    if (found) return { ...found, basis: 'category label' };
  }
  // Malformed pages lose their breadcrumb container: a single link into a category section still tells.
  const named = new Map<string, { adult: boolean; name: string }>();
  eachMatch(root, 'a[href]', isLink, (el) => {
    const href = el.attribs.href ?? '';
    if (!/\/(c|cat|category|categories|kategorie|rubrik|categorie|categoria|kategoria)\//i.test(href))
      return undefined;
    const found = classify(`${textContent(el)} ${href}`);
    if (found) named.set(found.name, found);
    return named.size <= 2;
  });
  if (named.size === 1) return { ...[...named.values()][0]!, basis: 'category link' };
  return undefined;
}

/** Whether an ad found on a page filed under `category` is a sexual-services ad. */
export function decideAdult(category: ReturnType<typeof pageCategory>, adText: string): CategoryDecision {
  if (!category) return { adult: true, reason: 'no category stated; ad structure and content' };
  if (category.adult)
    return {
      adult: true,
      category: category.name,
      reason: `adult category (${category.basis}: ${category.name})`,
    };
  const hits = countMatches(ADULT, adText, ADULT_TEXT_OVERRIDE);
  if (hits >= ADULT_TEXT_OVERRIDE) {
    return {
      adult: true,
      category: category.name,
      reason: `adult wording in a ${category.name} listing (${category.basis})`,
    };
  }
  return {
    adult: false,
    category: category.name,
    reason: `non-adult category (${category.basis}: ${category.name})`,
  };
}
