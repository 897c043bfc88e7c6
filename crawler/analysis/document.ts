// A fetched page parsed once for every analysis step, with the hostile-input bounds applied: the
// HTML is cut before parsing, the visible text is cut after extraction.
import { type CheerioAPI, load } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { squash } from './terms.ts';
import { visibleText } from './visible-text.ts';

/** HTML characters parsed per page; the rest is ignored (a 2 MB page is already far beyond an ad). */
export const MAX_HTML_CHARS = 2_000_000;
/** Visible text kept per page for the term scans. */
export const MAX_PAGE_TEXT_CHARS = 200_000;

export interface PageDocument {
  $: CheerioAPI;
  url: string;
  /** Visible text of the body (scripts, styles and templates removed), squashed and bounded. */
  text: string;
  title: string;
  /** The `lang` attribute of <html>, lower-cased primary subtag. */
  langAttr?: string;
  /** Raw JSON-LD blocks, bounded. */
  jsonLd: string[];
  /** Counts taken before scripts were removed (for the app-shell test). */
  scripts: number;
  noscriptText: string;
}

/**
 * Children kept per element. Cheerio's `find` on an element compares its children pairwise, so a
 * hostile page with 100,000 siblings would make every query quadratic; no ad page needs more.
 */
export const MAX_CHILDREN = 500;

/** Cuts every child list longer than MAX_CHILDREN, in one pass over the tree. */
function pruneWideElements(root: AnyNode): void {
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode & { children?: AnyNode[] };
    const children = node.children;
    if (!children) continue;
    if (children.length > MAX_CHILDREN) {
      children.length = MAX_CHILDREN;
      children[MAX_CHILDREN - 1]!.next = null;
    }
    for (const child of children) stack.push(child);
  }
}

/** Longest JSON-LD block read, and how many blocks. */
const MAX_JSON_LD_CHARS = 100_000;
const MAX_JSON_LD_BLOCKS = 20;

export function parsePage(url: string, html: string): PageDocument {
  const $ = load(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html);
  pruneWideElements($.root()[0]!);
  const jsonLd: string[] = [];
  $('script[type="application/ld+json"]').each((i, el) => {
    if (i >= MAX_JSON_LD_BLOCKS) return false;
    const raw = $(el).text();
    if (raw.length <= MAX_JSON_LD_CHARS) jsonLd.push(raw);
    return undefined;
  });
  const scripts = $('script[src], script').length;
  const noscriptText = squash($('noscript').text()).slice(0, 2000);
  $('script, style, template, noscript, svg, iframe, object, embed').remove();
  const title = squash($('title').first().text()).slice(0, 300);
  const body = $('body');
  const text = visibleText(body.length > 0 ? body.toArray() : $.root().toArray(), MAX_PAGE_TEXT_CHARS);
  const lang = ($('html').attr('lang') ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return {
    $,
    url,
    text,
    title,
    ...(lang && /^[a-z]{2,3}$/.test(lang) ? { langAttr: lang } : {}),
    jsonLd,
    scripts,
    noscriptText,
  };
}
