// schema.org data on the page: JSON-LD items and microdata scopes of the types ads are published
// as (Person, Offer, Product, Service, postings). Values are read, never evaluated.
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { eachMatch, textContent } from '../analysis/dom.ts';
import { squash } from '../analysis/terms.ts';

/** JSON-LD items read per page (after flattening @graph). */
const MAX_ITEMS = 50;
const AD_TYPES =
  /^(person|offer|product|service|advertisement|classifiedad|socialmediaposting|discussionforumposting|posting|localbusiness|healthandbeautybusiness)$/i;

export interface StructuredItem {
  type: string;
  name?: string;
  description?: string;
  age?: string;
  city?: string;
  price?: string;
  currency?: string;
  contacts: string[];
  images: string[];
  postedAt?: string;
  url?: string;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return squash(value).slice(0, 10_000) || undefined;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return str(value[0]);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return str(o.addressLocality ?? o.name ?? o.url ?? o['@id']);
  }
  return undefined;
}

function typeName(value: unknown): string {
  const raw = Array.isArray(value) ? value[0] : value;
  return typeof raw === 'string' ? raw.replace(/^https?:\/\/schema\.org\//i, '') : '';
}

function fromJsonObject(o: Record<string, unknown>): StructuredItem {
  const offers = (Array.isArray(o.offers) ? o.offers[0] : o.offers) as Record<string, unknown> | undefined;
  const address = (o.address ?? o.homeLocation ?? o.areaServed ?? o.location) as unknown;
  const contacts = [str(o.telephone), str(o.email)].filter((c): c is string => Boolean(c));
  const images = (Array.isArray(o.image) ? o.image : o.image ? [o.image] : [])
    .map(str)
    .filter((i): i is string => Boolean(i));
  const item: StructuredItem = { type: typeName(o['@type']), contacts, images };
  const set = (key: keyof StructuredItem, value: string | undefined) => {
    if (value) (item as unknown as Record<string, unknown>)[key] = value;
  };
  set('name', str(o.name ?? o.headline));
  set('description', str(o.description ?? o.articleBody ?? o.text));
  set('age', str(o.age));
  set('city', str(address));
  set('price', str(offers?.price ?? o.price));
  set('currency', str(offers?.priceCurrency ?? o.priceCurrency));
  set('postedAt', str(o.datePosted ?? o.datePublished ?? o.dateCreated));
  set('url', str(o.url));
  return item;
}

/** Ad-like items of the page's JSON-LD blocks. Malformed JSON is skipped. */
export function jsonLdItems(blocks: string[]): StructuredItem[] {
  const items: StructuredItem[] = [];
  const visit = (node: unknown, depth: number) => {
    if (items.length >= MAX_ITEMS || depth > 4 || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node.slice(0, MAX_ITEMS)) visit(child, depth + 1);
      return;
    }
    const o = node as Record<string, unknown>;
    if (o['@graph']) visit(o['@graph'], depth + 1);
    if (AD_TYPES.test(typeName(o['@type']))) items.push(fromJsonObject(o));
    else if (o.itemListElement) visit(o.itemListElement, depth + 1);
    else if (o.item) visit(o.item, depth + 1);
  };
  for (const block of blocks) {
    try {
      visit(JSON.parse(block), 0);
    } catch {
      // malformed JSON-LD: ignored
    }
  }
  return items;
}

function propValue(el: Element): string {
  const a = el.attribs ?? {};
  return (
    squash(a.content ?? a.datetime ?? a.src ?? (el.name === 'a' ? (a.href ?? '') : '') ?? '') ||
    squash(textContent(el))
  );
}

const IS_TYPED_SCOPE = (el: Element) =>
  el.attribs.itemscope !== undefined && el.attribs.itemtype !== undefined;
const HAS_ITEMPROP = (el: Element) => el.attribs.itemprop !== undefined;

/** Top-level microdata scopes of ad-like types inside `root`, with the element they cover. */
export function microdataScopes(
  $: CheerioAPI,
  root: Cheerio<AnyNode>,
): Array<{ element: Element; item: StructuredItem }> {
  const scopes: Array<{ element: Element; item: StructuredItem }> = [];
  eachMatch(root, '[itemscope][itemtype]', IS_TYPED_SCOPE, (el) => {
    const element = el;
    const type = typeName((element.attribs.itemtype ?? '').split(/\s+/)[0]);
    if (!AD_TYPES.test(type) || $(el).parents('[itemscope]').length > 0) return undefined;
    const props: Record<string, string> = {};
    const images: string[] = [];
    const contacts: string[] = [];
    eachMatch($(el), '[itemprop]', HAS_ITEMPROP, (pe) => {
      for (const name of (pe.attribs.itemprop ?? '').split(/\s+/)) {
        const value = propValue(pe);
        if (name === 'image') images.push(value);
        else if (name === 'telephone' || name === 'email') contacts.push(value);
        else if (!(name in props)) props[name] = value;
      }
      return undefined;
    });
    const item: StructuredItem = { type, contacts, images };
    const pairs: Array<[keyof StructuredItem, string | undefined]> = [
      ['name', props.name],
      ['description', props.description],
      ['age', props.age],
      ['city', props.addressLocality ?? props.homeLocation ?? props.address ?? props.areaServed],
      ['price', props.price],
      ['currency', props.priceCurrency],
      ['postedAt', props.datePosted ?? props.datePublished],
      ['url', props.url],
    ];
    for (const [key, value] of pairs) if (value) (item as unknown as Record<string, unknown>)[key] = value;
    scopes.push({ element, item });
    return scopes.length < MAX_ITEMS;
  });
  return scopes;
}
