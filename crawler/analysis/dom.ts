// Direct reads of the parsed tree for the analysis' hot loops. Each one gives exactly what the
// Cheerio call it replaces gives (named beside it), without wrapping every element in a Cheerio
// object or parsing and compiling a selector on every call: on the crawl benchmark those wrappers
// and selector compilations were a fifth of the page analysis' CPU.
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

interface TreeNode {
  type: string;
  name?: string;
  data?: string;
  children?: AnyNode[];
  next?: AnyNode | null;
  attribs?: Record<string, string>;
}

/** An element as Cheerio and css-select count one (domhandler's `isTag`). */
export function isElement(node: AnyNode): node is Element {
  const type = node.type as string;
  return type === 'tag' || type === 'script' || type === 'style';
}

/** `$(node).text()`: the text of every text node below, in document order (domutils `textContent`). */
export function textContent(node: AnyNode): string {
  const n = node as TreeNode;
  if (n.children && n.type !== 'comment') {
    let text = '';
    for (const child of n.children) text += textContent(child);
    return text;
  }
  return n.type === 'text' ? (n.data ?? '') : '';
}

/** `$(el).children().length`. */
export function elementChildCount(node: AnyNode): number {
  let count = 0;
  for (const child of (node as TreeNode).children ?? []) if (isElement(child)) count++;
  return count;
}

/** `$(el).next()[0]`: the next sibling that is an element. */
export function nextElement(node: AnyNode): Element | undefined {
  for (let next = (node as TreeNode).next; next; next = (next as TreeNode).next)
    if (isElement(next)) return next;
  return undefined;
}

/** `$(el).nextAll(name).first()[0]`: the first following sibling element with that tag name. */
export function nextElementNamed(node: AnyNode, name: string): Element | undefined {
  for (let next = nextElement(node); next; next = nextElement(next)) if (next.name === name) return next;
  return undefined;
}

/**
 * Calls `visit` on the elements below `root` that `matches` accepts, in document order, as
 * `$(root).find(selector).each(visit)` does for a selector `matches` stands for: css-select walks
 * the same elements (not the root itself, not into <template>). `visit` returning false stops;
 * `depth` is 0 for the root's children.
 */
export function eachDescendant(
  root: AnyNode,
  matches: (el: Element) => boolean,
  visit: (el: Element, depth: number) => boolean | undefined,
): void {
  const stack: AnyNode[][] = [(root as TreeNode).children ?? []];
  const indexes: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const siblings = stack[top]!;
    const index = indexes[top]!;
    if (index >= siblings.length) {
      stack.pop();
      indexes.pop();
      continue;
    }
    indexes[top] = index + 1;
    const node = siblings[index]!;
    if (!isElement(node)) continue;
    if (matches(node) && visit(node, top) === false) return;
    if (node.name !== 'template' && node.children.length > 0) {
      stack.push(node.children);
      indexes.push(0);
    }
  }
}

/** The first element below `root` that `matches` accepts (`$(root).find(selector).first()[0]`). */
export function firstDescendant(root: AnyNode, matches: (el: Element) => boolean): Element | undefined {
  let found: Element | undefined;
  eachDescendant(root, matches, (el) => {
    found = el;
    return false;
  });
  return found;
}

/** Whether the `class` attribute lists `token` (the `.token` selector). */
export function hasClassToken(el: Element, token: string): boolean {
  const cls = el.attribs.class;
  if (!cls?.includes(token)) return false;
  return cls.split(/\s+/).includes(token);
}

/** Elements of each parsed page, in document order (see `pageElements`). */
const PAGE_ELEMENTS = new WeakMap<AnyNode, Element[]>();

/**
 * Every element of the page below `root` (its document node) in document order, the list a
 * selector query from the root walks, kept so each query of the analysis is a filter over it
 * instead of a walk of the whole tree. Built once per page, when the tree has its final shape
 * (parsePage sets it after removing scripts; the analysis only changes attributes after that).
 */
export function pageElements(root: AnyNode): Element[] {
  let elements = PAGE_ELEMENTS.get(root);
  if (!elements) {
    elements = [];
    const list = elements;
    eachDescendant(
      root,
      () => true,
      (el) => {
        list.push(el);
        return undefined;
      },
    );
    PAGE_ELEMENTS.set(root, elements);
  }
  return elements;
}

/** Records the page's element list when the parser already walked it. */
export function setPageElements(root: AnyNode, elements: Element[]): void {
  PAGE_ELEMENTS.set(root, elements);
}

/** `[name]` (the attribute is present). */
export function hasAttribute(el: Element, name: string): boolean {
  return el.attribs[name] !== undefined;
}

/** Whether the attribute's whitespace-separated words include `word`, ignoring case (`[rel~=word]`). */
export function hasWordIgnoringCase(el: Element, name: string, word: string): boolean {
  const value = el.attribs[name];
  return value?.toLowerCase().split(/\s+/).includes(word) ?? false;
}

/** The elements of a parsed page (`pageElements` of its document node). */
export function elementsOf(doc: { $: CheerioAPI }): Element[] {
  let root = ROOT_OF.get(doc.$);
  if (!root) {
    root = doc.$.root()[0]!;
    ROOT_OF.set(doc.$, root);
  }
  return pageElements(root);
}

/** Document node of each loaded page (`$.root()` builds a new Cheerio object on every call). */
const ROOT_OF = new WeakMap<CheerioAPI, AnyNode>();

/** `a[href]`. */
export function isLink(el: Element): boolean {
  return el.name === 'a' && el.attribs.href !== undefined;
}

/**
 * `root.find(selector).each(visit)` where `matches` is the selector as a test of one element: a
 * direct walk when `root` is one node (every hot caller), the query itself otherwise (several
 * roots may nest or come out of order, and the query sorts its results).
 */
export function eachMatch(
  root: Cheerio<AnyNode>,
  selector: string,
  matches: (el: Element) => boolean,
  visit: (el: Element) => boolean | undefined,
): void {
  if (root.length === 1) eachDescendant(root[0]!, matches, visit);
  else root.find(selector).each((_i, el) => visit(el as Element));
}
