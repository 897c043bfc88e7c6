// Label/value pairs of an ad block in the eight languages: "Age: 23", <dt>Alter</dt><dd>23</dd>,
// <td>Ville</td><td>Lyon</td>, or an element whose class names the field (class="age").
import type { AnyNode, Element } from 'domhandler';
import {
  eachDescendant,
  elementChildCount,
  isElement,
  nextElement,
  nextElementNamed,
  textContent,
} from '../analysis/dom.ts';
import { LABELS, type LabelKind } from '../analysis/lexicon.ts';
import { squash } from '../analysis/terms.ts';

/** Longest value read for a label. */
const MAX_VALUE_CHARS = 200;
/** Elements scanned per block for "Label: value" text. */
const MAX_LABEL_SCAN = 400;

const LABEL_OF = new Map<string, LabelKind>();
for (const [kind, words] of Object.entries(LABELS) as Array<[LabelKind, string[]]>) {
  for (const word of words) LABEL_OF.set(word.toLowerCase(), kind);
}
const CLASS_FIELDS: Record<string, LabelKind> = {
  age: 'age',
  city: 'city',
  location: 'city',
  price: 'price',
  rate: 'price',
  name: 'name',
  phone: 'phone',
  date: 'posted',
  posted: 'posted',
  category: 'category',
};

export type Labelled = Partial<Record<LabelKind, string>>;

function labelKind(raw: string): LabelKind | undefined {
  const key = squash(raw)
    .toLowerCase()
    .replace(/[:：\s]+$/u, '');
  return key.length <= 30 ? LABEL_OF.get(key) : undefined;
}

function put(into: Labelled, kind: LabelKind | undefined, value: string): void {
  const clean = squash(value).slice(0, MAX_VALUE_CHARS);
  if (kind && clean && into[kind] === undefined) into[kind] = clean;
}

const INLINE_LABEL = /^([\p{L}][\p{L} ]{0,28}?)\s*[:：]\s*(.+)$/u;

const DEFINITION_TERM = (el: Element) => el.name === 'dt';
const TABLE_ROW = (el: Element) => el.name === 'tr';
const TABLE_CELL = (el: Element) => el.name === 'th' || el.name === 'td';
/** Elements that may hold a "Label: value" line (`li, p, span, div, td, dd, strong, b, label`). */
const LABEL_HOLDERS = new Set(['li', 'p', 'span', 'div', 'td', 'dd', 'strong', 'b', 'label']);
const LABEL_HOLDER = (el: Element) => LABEL_HOLDERS.has(el.name);

function textOf(el: AnyNode | undefined): string {
  return el ? textContent(el) : '';
}

/**
 * Label/value pairs found inside `root` (one element or document; none when absent). Reads the tree
 * directly (see dom.ts): this runs for every block of every repeated group on a page.
 */
export function labelledValues(root: AnyNode | undefined): Labelled {
  const found: Labelled = {};
  if (!root) return found;
  eachDescendant(root, DEFINITION_TERM, (el) => {
    put(found, labelKind(textContent(el)), textOf(nextElementNamed(el, 'dd')));
    return undefined;
  });
  eachDescendant(root, TABLE_ROW, (el) => {
    const cells = el.children.filter((c): c is Element => isElement(c) && TABLE_CELL(c));
    if (cells.length >= 2) put(found, labelKind(textContent(cells[0]!)), textContent(cells[1]!));
    return undefined;
  });
  let scanned = 0;
  eachDescendant(root, LABEL_HOLDER, (element) => {
    if (++scanned > MAX_LABEL_SCAN) return false;
    // The element's text, read once and only when needed (it is the costly part).
    let raw: string | undefined;
    for (const cls of (element.attribs?.class ?? '').split(/\s+/)) {
      const kind = CLASS_FIELDS[cls.toLowerCase().replace(/^(ad|card|item|profile)[-_]/, '')];
      if (kind) {
        raw ??= textContent(element);
        put(found, kind, raw);
      }
    }
    const itemprop = element.attribs?.itemprop;
    if (itemprop && CLASS_FIELDS[itemprop]) {
      raw ??= textContent(element);
      put(found, CLASS_FIELDS[itemprop], raw);
    }
    // Only short leaf-ish elements: a long paragraph with a colon is prose, not a label.
    const childCount = elementChildCount(element);
    if (childCount > 2) return undefined;
    raw ??= textContent(element);
    const text = squash(raw);
    if (text.length > 120) return undefined;
    const inline = INLINE_LABEL.exec(text);
    if (inline) put(found, labelKind(inline[1]!), inline[2]!);
    else if (childCount === 0 && labelKind(text)) {
      // "<span>Age</span><span>23</span>": the value is the next sibling.
      put(found, labelKind(text), textOf(nextElement(element)));
    }
    return undefined;
  });
  return found;
}
