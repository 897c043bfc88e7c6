// The generic ad extractor for sites adrisk has never seen. It reads the page's shape: a single ad
// (a detail page), several ads (persons on an agency page, advert posts in a forum thread, each a
// repeated block), or teasers linking to ads (a listing). Fields come from schema.org data,
// label/value pairs and contact patterns; an ad filed in a non-adult category is dropped.
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { citiesIn } from '../analysis/cities.ts';
import type { PageDocument } from '../analysis/document.ts';
import {
  eachDescendant,
  eachMatch,
  elementsOf,
  firstDescendant,
  hasClassToken,
  isElement,
  isLink,
  textContent,
} from '../analysis/dom.ts';
import { isInfoUrl } from '../analysis/info-page.ts';
import { CATEGORY_TERMS, LABELS } from '../analysis/lexicon.ts';
import { clip, compileTerms, squash } from '../analysis/terms.ts';
import { visibleText } from '../analysis/visible-text.ts';
import type { ExtractedAd } from '../types.ts';
import { type CategoryDecision, decideAdult, pageCategory } from './category.ts';
import { contactsOf } from './contacts.ts';
import { imagesOf, parseAge, parseDate, parsePrice } from './fields.ts';
import { labelledValues } from './labels.ts';
import { jsonLdItems, microdataScopes, type StructuredItem } from './structured.ts';

/** Ads kept per page: an agency or thread page with more is cut, not trusted blindly. */
export const MAX_ADS_PER_PAGE = 100;
const MAX_AD_TEXT_CHARS = 10_000;
const MAX_TITLE_CHARS = 300;
const MAX_NAME_CHARS = 100;
/** Elements looked at when searching for repeated blocks. */
const MAX_ELEMENTS_SCANNED = 5_000;
/** Text of a block longer than this is not a teaser (it is the content itself). */
const MAX_TEASER_TEXT = 400;
/** Share of a group's blocks that must link to their own page for the group to be a list of teasers. */
const TEASER_SHARE = 0.6;
/** Repeated groups examined per page, and blocks read per group: a page of 100,000 empty divs stays cheap. */
const MAX_GROUPS = 50;
const MAX_GROUP_BLOCKS = 150;
/** Candidate teaser rows looked at when a page may be a one-ad listing. */
const MAX_ROW_SCAN = 500;
/** Linked blocks that make a list of teasers (two are a header and a footer row). */
const MIN_TEASERS = 2;
/** Share of a page's text inside links to its own pages above which it is a list. */
const LINK_TEXT_SHARE = 0.4;
/** Score a single page needs to be read as one ad (see `singleAdScore`). */
const SINGLE_AD_SCORE = 3;

/** Attribute marking teaser blocks found on the page, so the single-ad reading skips them. */
const TEASER_MARK = 'data-adrisk-teaser';
/** Page chrome that never holds the ad itself. */
const CHROME =
  'nav, header, footer, aside, [role="navigation"], [role="banner"], [role="contentinfo"], [class*="menu"], [class$="-top"], [class$="-bottom"], [class*="footer"], [class*="header"], [class*="topbar"]';
const BLOCK_TAGS = new Set(['article', 'li', 'div', 'section', 'tr', 'tbody', 'table', 'dl', 'form']);
const NAME_AGE = /^([\p{Lu}][\p{L}'’.-]{1,30}(?:\s[\p{Lu}][\p{L}'’.-]{1,30})?)\s*[,(–-]\s*(\d{2})\s*\)?$/u;

const ADULT_WORDS = compileTerms([...CATEGORY_TERMS.adult, 'companion*', 'incall', 'outcall', 'gfe']);
/** "Steffi, 28 J.", "Greta (33) –", "Poppy 20 | London": a name followed by an age in a title. */
const TITLE_AGE =
  /(?<![\p{L}\d])[\p{Lu}][\p{L}'’-]+(?:,\s*|\s*\(\s*|\s+)(\d{2})(?=\s*(?:\)|J\.|y\.?o|,|–|-|\||$))/u;
/** A facts line "Mia · 24 · Berlin" or "Mia | 24 | Berlin": name and age. */
const META_LINE = /(?<![\p{L}])([\p{Lu}][\p{L}'’-]{1,30})\s*[·|]\s*(\d{2})\s*[·|]/u;
/** "Age: 23" inside running text, in the eight languages. */
const INLINE_AGE = new RegExp(`(?<![\\p{L}])(?:${LABELS.age.join('|')})\\s*[:：]\\s*(\\d{2})(?!\\d)`, 'iu');

export interface GenericResult {
  ads: ExtractedAd[];
  /** The page's shape as the extractor saw it. */
  shape: 'single' | 'multi' | 'teasers' | 'nav-list' | 'none';
  /** Blocks linking to their own pages (ad teasers, or city/category lists). */
  teasers: number;
  /** Repeated blocks next to the adverts that are not adverts (replies in a forum thread). */
  comments: number;
  /** Adverts without a contact of their own, given the page's shared one (an agency's persons). */
  sharedContact: number;
  decision?: CategoryDecision;
}

interface Block {
  element: Element;
  text: string;
  structured?: StructuredItem;
}

/** Tag and first class: "post op" and "post reply" are one template with a modifier. */
function signature(el: Element): string {
  const first = (el.attribs?.class ?? '').trim().split(/\s+/)[0] ?? '';
  return `${el.name}.${first}`;
}

function textOf(nodes: AnyNode | AnyNode[], max = MAX_AD_TEXT_CHARS): string {
  return visibleText(nodes, max);
}

const CHROME_TAGS = new Set(['nav', 'header', 'footer', 'aside']);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo']);
/** `CHROME` as a test of one element. */
function isChrome(el: Element): boolean {
  if (CHROME_TAGS.has(el.name)) return true;
  const role = el.attribs.role;
  if (role !== undefined && CHROME_ROLES.has(role)) return true;
  const cls = el.attribs.class;
  if (cls === undefined) return false;
  return (
    cls.includes('menu') ||
    cls.endsWith('-top') ||
    cls.endsWith('-bottom') ||
    cls.includes('footer') ||
    cls.includes('header') ||
    cls.includes('topbar')
  );
}

/** `$(el).closest(CHROME).length > 0`: the element or an ancestor element is page chrome. */
function inChrome(el: Element): boolean {
  for (let node: AnyNode | null = el; node && isElement(node); node = node.parent)
    if (isChrome(node)) return true;
  return false;
}

/** Groups of sibling blocks that share a tag and classes: cards, persons, posts, rows. */
function repeatedGroups(root: Cheerio<AnyNode>): Element[][] {
  const byParent = new Map<AnyNode, Map<string, Element[]>>();
  let scanned = 0;
  // Every element below the root in document order, as `root.find('*')` lists them.
  const all = () => true;
  for (const top of root.toArray())
    eachDescendant(top, all, (el) => {
      if (++scanned > MAX_ELEMENTS_SCANNED) return false;
      if (!BLOCK_TAGS.has(el.name) || !el.parent) return undefined;
      let siblings = byParent.get(el.parent);
      if (!siblings) {
        siblings = new Map<string, Element[]>();
        byParent.set(el.parent, siblings);
      }
      const sig = signature(el);
      const members = siblings.get(sig);
      if (members) members.push(el);
      else siblings.set(sig, [el]);
      return undefined;
    });
  const groups: Element[][] = [];
  for (const siblings of byParent.values()) {
    for (const members of siblings.values()) {
      if (members.length >= 2 && !inChrome(members[0]!)) groups.push(members);
    }
  }
  return groups;
}

/** The link as an absolute URL when it leads to another page of this site (not home, not info). */
function ownLink(href: string, pageUrl: string): string | undefined {
  if (href.startsWith('#')) return undefined;
  try {
    const url = new URL(href, pageUrl);
    url.hash = '';
    const page = new URL(pageUrl);
    // The home link in a header row is navigation, not a teaser for an ad.
    const own = url.host === page.host && url.toString() !== pageUrl.split('#')[0] && url.pathname !== '/';
    return own && /^https?:$/.test(url.protocol) && !isInfoUrl(url) ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function ownLinks(el: Element, pageUrl: string): string[] {
  const links: string[] = [];
  eachDescendant(el, isLink, (a) => {
    const link = ownLink(a.attribs.href ?? '', pageUrl);
    if (link) links.push(link);
    return links.length < 5;
  });
  return links;
}

/** The URL an ad block is known by: its own permalink, or the page with the block's anchor. */
function permalinkOf($: CheerioAPI, el: Element, pageUrl: string, index: number, single: boolean): string {
  const base = pageUrl.split('#')[0]!;
  const anchor = $(el).find('a[href*="#"]').first().attr('href');
  if (anchor) {
    try {
      const url = new URL(anchor, pageUrl);
      if (url.toString().split('#')[0] === base && url.hash.length > 1) return url.toString();
    } catch {
      // fall through
    }
  }
  if (single) return base;
  const id = el.attribs?.id ?? $(el).find('[id]').first().attr('id');
  return `${base}#${id && /^[\w-]{1,64}$/.test(id) ? id : `ad-${index + 1}`}`;
}

/**
 * A block's title element: `h1, h2, h3, h4, .title, [class*="title"], [itemprop="name"], strong`,
 * tested element by element (see dom.ts for why not as a selector).
 */
const TITLE_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'strong']);
function isTitle(el: Element): boolean {
  // `.title` is covered by `[class*="title"]`.
  return (
    TITLE_TAGS.has(el.name) || Boolean(el.attribs.class?.includes('title')) || el.attribs.itemprop === 'name'
  );
}

/**
 * A block's text element: `[itemprop="description"], [itemprop="articleBody"], [itemprop="text"],
 * .description, .text, .message, .post-body, .post-text, .content, .body, [class*="desc"],
 * [class*="text"], [class*="message"], [class*="body"], [class*="about"], [class*="bio"]`.
 */
const TEXT_ITEMPROPS = new Set(['description', 'articleBody', 'text']);
/** Substrings of the class attribute (they cover the class tokens of the selector but `content`). */
const TEXT_CLASS_PARTS = ['desc', 'text', 'message', 'body', 'about', 'bio'];
function isText(el: Element): boolean {
  const itemprop = el.attribs.itemprop;
  if (itemprop !== undefined && TEXT_ITEMPROPS.has(itemprop)) return true;
  const cls = el.attribs.class;
  if (!cls) return false;
  return TEXT_CLASS_PARTS.some((part) => cls.includes(part)) || hasClassToken(el, 'content');
}

function titleOf(root: AnyNode | undefined): string | undefined {
  const heading = root ? firstDescendant(root, isTitle) : undefined;
  const text = heading ? squash(textContent(heading)) : '';
  return text ? text.slice(0, MAX_TITLE_CHARS) : undefined;
}

function descriptionOf(root: AnyNode | undefined): string | undefined {
  let best = '';
  if (root)
    eachDescendant(root, isText, (node) => {
      const text = textOf(node);
      if (text.length > best.length) best = text;
      return undefined;
    });
  return best.length >= 20 ? best : undefined;
}

interface Fields {
  title?: string;
  text: string;
  name?: string;
  age?: number;
  ageLabelled: boolean;
  city?: string;
  price?: ExtractedAd['price'];
  contacts: string[];
  images: string[];
  postedAt?: string;
  labelledName: boolean;
  category?: string;
}

const IS_DATED_TIME = (el: Element) => el.name === 'time' && el.attribs.datetime !== undefined;

function readFields(root: Cheerio<AnyNode>, pageUrl: string, structured?: StructuredItem): Fields {
  const labels = labelledValues(root[0]);
  const allText = textOf(root.toArray());
  const title = titleOf(root[0]) ?? structured?.name;
  const text = descriptionOf(root[0]) ?? structured?.description ?? allText;
  const nameAge = title ? NAME_AGE.exec(title) : null;
  const labelAge = labels.age ? parseAge(labels.age, true) : undefined;
  const structuredAge = structured?.age ? parseAge(structured.age, true) : undefined;
  const inlineAge = INLINE_AGE.exec(text);
  const meta = META_LINE.exec(allText);
  const textLabelAge = inlineAge ? parseAge(inlineAge[1]!, true) : undefined;
  const titleAge = title ? TITLE_AGE.exec(title) : null;
  const age =
    labelAge ??
    structuredAge ??
    (nameAge ? Number(nameAge[2]) : undefined) ??
    textLabelAge ??
    (meta ? Number(meta[2]) : undefined) ??
    (titleAge ? parseAge(titleAge[1]!, true) : undefined) ??
    parseAge(text, false);
  const structuredPrice =
    structured?.price && structured.currency
      ? parsePrice(`${structured.price} ${structured.currency}`)
      : undefined;
  const price = (labels.price ? parsePrice(labels.price) : undefined) ?? structuredPrice ?? parsePrice(text);
  const contacts = [...new Set([...(structured?.contacts ?? []), ...contactsOf(root, allText)])];
  const images = [
    ...new Set([
      ...imagesOf(root, pageUrl),
      ...(structured?.images ?? []).flatMap((src) => {
        try {
          return [new URL(src, pageUrl).toString()];
        } catch {
          return [];
        }
      }),
    ]),
  ];
  let time: string | undefined;
  eachMatch(root, 'time[datetime]', IS_DATED_TIME, (el) => {
    time = el.attribs.datetime;
    return false;
  });
  const postedAt =
    (time ? parseDate(time) : undefined) ??
    (labels.posted ? parseDate(labels.posted) : undefined) ??
    (structured?.postedAt ? parseDate(structured.postedAt) : undefined);
  const structuredName =
    structured?.type.toLowerCase() === 'person' && structured.name && structured.name !== title
      ? structured.name
      : undefined;
  const name = labels.name ?? structuredName ?? nameAge?.[1] ?? meta?.[1];
  const city = labels.city ?? structured?.city ?? citiesIn(`${text} ${allText}`, 1)[0];
  return {
    ...(title ? { title } : {}),
    text: clip(text, MAX_AD_TEXT_CHARS),
    ...(name ? { name: clip(name, MAX_NAME_CHARS) } : {}),
    ...(age !== undefined ? { age } : {}),
    ageLabelled:
      labelAge !== undefined || structuredAge !== undefined || nameAge !== null || textLabelAge !== undefined,
    ...(city ? { city: clip(city, MAX_NAME_CHARS) } : {}),
    ...(price ? { price } : {}),
    contacts,
    images,
    ...(postedAt ? { postedAt } : {}),
    labelledName: labels.name !== undefined,
    ...(labels.category ? { category: labels.category } : {}),
  };
}

function toAd(url: string, fields: Fields, via: string): ExtractedAd {
  return {
    url,
    ...(fields.title ? { title: fields.title } : {}),
    ...(fields.text ? { text: fields.text } : {}),
    ...(fields.name ? { name: fields.name } : {}),
    ...(fields.age !== undefined ? { age: fields.age } : {}),
    ...(fields.city ? { city: fields.city } : {}),
    ...(fields.price ? { price: fields.price } : {}),
    contacts: fields.contacts,
    images: fields.images,
    ...(fields.postedAt ? { postedAt: fields.postedAt } : {}),
    via,
  };
}

/** A repeated block is an advert (not a comment or a teaser) when it carries its own ad facts. */
function blockIsAdvert(fields: Fields): boolean {
  if (fields.text.length < 10) return false;
  return (
    fields.contacts.length > 0 ||
    fields.price !== undefined ||
    fields.ageLabelled ||
    (fields.labelledName && fields.images.length > 0)
  );
}

/** How strongly a whole page reads as one ad: contacts and a stated age weigh most. */
function singleAdScore(fields: Fields, hasHeading: boolean): number {
  let score = 0;
  if (fields.contacts.length > 0) score += 2;
  if (fields.age !== undefined) score += 2;
  if (fields.price) score += 1;
  if (fields.labelledName) score += 1;
  if (fields.images.length > 0) score += 1;
  if (fields.postedAt) score += 0.5;
  if (fields.city) score += 0.5;
  if (fields.text.length >= 80) score += 1;
  if (ADULT_WORDS.test(fields.text) || ADULT_WORDS.test(fields.title ?? '')) score += 1;
  if (!hasHeading) score -= 1;
  return score;
}

/** The page's main part: `main, [role="main"], #content, #main, .main, #wrap, .content`. */
const MAIN_IDS = new Set(['content', 'main', 'wrap']);
function isMain(el: Element): boolean {
  if (el.name === 'main' || el.attribs.role === 'main') return true;
  const id = el.attribs.id;
  if (id !== undefined && MAIN_IDS.has(id)) return true;
  return hasClassToken(el, 'main') || hasClassToken(el, 'content');
}

function bodyOf(doc: PageDocument): Cheerio<AnyNode> {
  return doc.$(elementsOf(doc).filter((el) => el.name === 'body'));
}

function contentRoot(doc: PageDocument): Cheerio<AnyNode> {
  const { $ } = doc;
  const main = elementsOf(doc).find(isMain);
  if (main) return $(main);
  const body = bodyOf(doc);
  return body.length > 0 ? body : $.root();
}

/** Candidate teaser rows of a one-ad listing, and the same as a test of one element. */
const ROW_SELECTOR = 'li, tr, article, [class*="card"], [class*="tile"], [class*="row"]';
const ROW_TAGS = new Set(['li', 'tr', 'article']);
function isRow(el: Element): boolean {
  if (ROW_TAGS.has(el.name)) return true;
  const cls = el.attribs.class;
  return cls !== undefined && (cls.includes('card') || cls.includes('tile') || cls.includes('row'));
}
const IS_H1_OR_H2 = (el: Element) => el.name === 'h1' || el.name === 'h2';

export interface GenericOptions {
  /** Info pages (terms, privacy, contact) are never read as ads. */
  infoPage: boolean;
}

export function extractGeneric(doc: PageDocument, options: GenericOptions): GenericResult {
  const { $, url: pageUrl } = doc;
  const root = contentRoot(doc);
  const base = pageUrl.split('#')[0]!;

  // 1. Repeated blocks, with microdata scopes as blocks of their own.
  const groups = repeatedGroups(root);
  const scopes = microdataScopes($, root);
  if (scopes.length >= 2) groups.unshift(scopes.map((s) => s.element));
  const structuredOf = new Map(scopes.map((s) => [s.element, s.item]));

  let teasers = 0;
  let navTeasers = 0;
  let best: { ads: ExtractedAd[]; comments: number; sharedContact: number } | undefined;
  for (const members of groups.slice(0, MAX_GROUPS)) {
    const blocks: Block[] = members.slice(0, MAX_GROUP_BLOCKS).map((element) => ({
      element,
      text: textOf(element, MAX_TEASER_TEXT + 1),
      ...(structuredOf.has(element) ? { structured: structuredOf.get(element)! } : {}),
    }));
    const linked = blocks.filter(
      (b) => b.text.length <= MAX_TEASER_TEXT && ownLinks(b.element, pageUrl).length > 0,
    );
    if (linked.length >= MIN_TEASERS && linked.length >= TEASER_SHARE * blocks.length) {
      // Ad teasers carry a title or "Name, 23"; city and category lists carry one or two words.
      const avg = linked.reduce((sum, b) => sum + b.text.length, 0) / Math.max(1, linked.length);
      const personal = linked.filter((b) => NAME_AGE.test(b.text)).length >= linked.length / 2;
      if (avg < 25 && !personal) navTeasers += linked.length;
      else teasers += linked.length;
      for (const b of linked) b.element.attribs[TEASER_MARK] = '1';
      continue;
    }
    const fields = blocks.map((b) => readFields($(b.element), pageUrl, b.structured));
    const advertIndexes = fields.flatMap((f, i) => (blockIsAdvert(f) ? [i] : []));
    if (advertIndexes.length === 0) continue;
    // Several adverts, or adverts among comments (a thread): a multi-ad page. One lone block is not.
    const multi = advertIndexes.length >= 2 || blocks.length > advertIndexes.length;
    if (!multi) continue;
    const ads = advertIndexes.slice(0, MAX_ADS_PER_PAGE).map((i, n) => {
      const block = blocks[i]!;
      const via = block.structured ? 'microdata' : 'template';
      return {
        ad: toAd(permalinkOf($, block.element, pageUrl, n, advertIndexes.length === 1), fields[i]!, via),
        element: block.element,
      };
    });
    if (!best || ads.length > best.ads.length) {
      // Blocks without a contact of their own share the page's (an agency's one phone).
      const inBlocks = new Set(ads.flatMap((a) => a.ad.contacts));
      const shared = contactsOf(root, textOf(root.toArray())).filter((c) => !inBlocks.has(c));
      const pageContacts =
        shared.length > 0 ? shared : contactsOf(bodyOf(doc), doc.text).filter((c) => !inBlocks.has(c));
      best = {
        ads: ads.map(({ ad }) => (ad.contacts.length > 0 ? ad : { ...ad, contacts: pageContacts })),
        comments: blocks.length - advertIndexes.length,
        sharedContact: pageContacts.length > 0 ? ads.filter(({ ad }) => ad.contacts.length === 0).length : 0,
      };
    }
  }

  const category = pageCategory($, bodyOf(doc), labelledValues(root[0]).category);
  const empty = (shape: GenericResult['shape']): GenericResult => ({
    ads: [],
    shape,
    teasers: teasers + navTeasers,
    comments: 0,
    sharedContact: 0,
  });
  const filter = (ads: ExtractedAd[], shape: GenericResult['shape']): GenericResult => {
    const decision = decideAdult(category, ads.map((a) => `${a.title ?? ''} ${a.text ?? ''}`).join(' '));
    if (!decision.adult) return { ...empty('none'), decision };
    return {
      ...empty(shape),
      ads,
      comments: shape === 'multi' ? (best?.comments ?? 0) : 0,
      sharedContact: shape === 'multi' ? (best?.sharedContact ?? 0) : 0,
      decision,
    };
  };

  if (best) return filter(best.ads, 'multi');
  if (teasers >= MIN_TEASERS) return empty('teasers');
  if (options.infoPage) return empty(navTeasers > 0 ? 'nav-list' : 'none');

  // A lone teaser row (a one-ad listing page) is mostly its link's text: it is not the ad.
  let rows = 0;
  eachMatch(root, ROW_SELECTOR, isRow, (el) => {
    if (rows++ >= MAX_ROW_SCAN) return false;
    const text = textOf(el, MAX_TEASER_TEXT + 1);
    if (text.length > MAX_TEASER_TEXT) return undefined;
    // The row's links to own pages and their text (`$(el).find('a[href]').filter(own).text()`).
    let links = 0;
    let linkText = '';
    eachDescendant(el, isLink, (a) => {
      if (ownLink(a.attribs.href ?? '', pageUrl)) {
        links++;
        linkText += textContent(a);
      }
      return undefined;
    });
    if (links > 0 && squash(linkText).length >= LINK_TEXT_SHARE * text.length) el.attribs[TEASER_MARK] = '1';
    return undefined;
  });

  // 2. One ad on the page: the single microdata scope, else the content root without its chrome.
  const single = scopes.length === 1 ? $(scopes[0]!.element) : root;
  const clean = single.clone();
  clean.find(`${CHROME}, [${TEASER_MARK}]`).remove();
  const jsonLd = jsonLdItems(doc.jsonLd);
  const structured = scopes[0]?.item ?? (jsonLd.length === 1 ? jsonLd[0] : undefined);
  const fields = readFields(clean, pageUrl, structured);
  if (!fields.title && doc.title) fields.title = doc.title;
  let heading = false;
  eachMatch(clean, 'h1, h2', IS_H1_OR_H2, () => {
    heading = true;
    return false;
  });
  const hasHeading = heading || Boolean(structured?.name);
  const score = singleAdScore(fields, hasHeading);
  // A page whose text is mostly links to its own pages is a (short) list, not an ad.
  let linkText = 0;
  eachMatch(clean, 'a[href]', isLink, (a) => {
    if (ownLink(a.attribs.href ?? '', pageUrl)) {
      linkText += squash(textContent(a)).length;
    }
    return undefined;
  });
  const mostlyLinks = linkText > LINK_TEXT_SHARE * Math.max(1, textOf(clean.toArray()).length);
  const factual =
    fields.contacts.length > 0 ||
    fields.price !== undefined ||
    fields.age !== undefined ||
    fields.images.length > 0;
  if (score >= SINGLE_AD_SCORE && factual && fields.text.length >= 40 && !mostlyLinks) {
    const via =
      scopes.length === 1
        ? 'microdata'
        : structured
          ? 'json-ld'
          : fields.contacts.length > 0
            ? 'contact-pattern'
            : 'labels';
    return filter([toAd(base, fields, via)], 'single');
  }
  // 3. JSON-LD lists of ads without visible blocks.
  const listed = jsonLd.filter((item) => item.description && (item.contacts.length > 0 || item.price));
  if (listed.length > 0) {
    const ads = listed.slice(0, MAX_ADS_PER_PAGE).map((item, i) => {
      const itemFields = readFields($('<div></div>'), pageUrl, item);
      return toAd(
        item.url ? new URL(item.url, pageUrl).toString() : listed.length === 1 ? base : `${base}#ad-${i + 1}`,
        itemFields,
        'json-ld',
      );
    });
    return filter(ads, listed.length === 1 ? 'single' : 'multi');
  }
  return empty(navTeasers > 0 ? 'nav-list' : 'none');
}
