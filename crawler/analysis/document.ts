// A fetched page parsed once for every analysis step, with the hostile-input bounds applied: the
// HTML is cut before parsing, the visible text is cut after extraction.
import { type CheerioAPI, load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { eachDescendant, setPageElements, textContent } from './dom.ts';
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

/** Elements dropped before the text is read: they hold code or embedded documents, not text. */
const REMOVED_TAGS = new Set(['script', 'style', 'template', 'noscript', 'svg', 'iframe', 'object', 'embed']);
const JSON_LD_TYPE = 'application/ld+json';

/** What one walk of the freshly parsed tree finds (each list in document order). */
interface ParsedParts {
  jsonLdScripts: Element[];
  scripts: number;
  noscripts: Element[];
  removed: Element[];
  /** Elements outside the removed ones: the tree's elements once those are gone. */
  kept: Element[];
}

/**
 * One walk over the tree in the order css-select walks it (not into <template>), in place of a
 * selector query per part: `script[type="application/ld+json"]` (`type` compares ignoring case in
 * HTML), `script`, `noscript` and the removed tags over every element, the kept ones besides.
 */
function walkParsed(root: AnyNode): ParsedParts {
  const parts: ParsedParts = { jsonLdScripts: [], scripts: 0, noscripts: [], removed: [], kept: [] };
  /** Depth of the removed element the walk is inside (Infinity: none). */
  let removedAt = Number.POSITIVE_INFINITY;
  eachDescendant(
    root,
    () => true,
    (node, depth) => {
      // Document order: an element no deeper than the removed one has left its subtree.
      if (depth <= removedAt) removedAt = Number.POSITIVE_INFINITY;
      const name = node.name;
      if (name === 'script') {
        parts.scripts++;
        if (node.attribs.type?.toLowerCase() === JSON_LD_TYPE) parts.jsonLdScripts.push(node);
      } else if (name === 'noscript') parts.noscripts.push(node);
      if (REMOVED_TAGS.has(name)) {
        parts.removed.push(node);
        if (removedAt === Number.POSITIVE_INFINITY) removedAt = depth;
      } else if (depth < removedAt) parts.kept.push(node);
      return undefined;
    },
  );
  return parts;
}

export function parsePage(url: string, html: string): PageDocument {
  const $ = load(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html);
  const root = $.root()[0]!;
  pruneWideElements(root);
  const parts = walkParsed(root);
  const jsonLd: string[] = [];
  for (const el of parts.jsonLdScripts.slice(0, MAX_JSON_LD_BLOCKS)) {
    const raw = textContent(el);
    if (raw.length <= MAX_JSON_LD_CHARS) jsonLd.push(raw);
  }
  const scripts = parts.scripts;
  let noscript = '';
  for (const el of parts.noscripts) noscript += textContent(el);
  const noscriptText = squash(noscript).slice(0, 2000);
  $(parts.removed).remove();
  setPageElements(root, parts.kept);
  const titleElement = parts.kept.find((el) => el.name === 'title');
  const title = squash(titleElement ? textContent(titleElement) : '').slice(0, 300);
  const body = parts.kept.filter((el) => el.name === 'body');
  const text = visibleText(body.length > 0 ? body : [root], MAX_PAGE_TEXT_CHARS);
  const htmlElement = parts.kept.find((el) => el.name === 'html');
  const lang = (htmlElement?.attribs.lang ?? '').trim().toLowerCase().split(/[-_]/)[0];
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
