// Label/value pairs of an ad block in the eight languages: "Age: 23", <dt>Alter</dt><dd>23</dd>,
// <td>Ville</td><td>Lyon</td>, or an element whose class names the field (class="age").
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
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

/** Label/value pairs found inside `root`. */
export function labelledValues($: CheerioAPI, root: Cheerio<AnyNode>): Labelled {
  const found: Labelled = {};
  root.find('dt').each((_i, el) => {
    put(found, labelKind($(el).text()), $(el).nextAll('dd').first().text());
  });
  root.find('tr').each((_i, el) => {
    const cells = $(el).children('th, td');
    if (cells.length >= 2) put(found, labelKind(cells.eq(0).text()), cells.eq(1).text());
  });
  let scanned = 0;
  root.find('li, p, span, div, td, dd, strong, b, label').each((_i, el) => {
    if (++scanned > MAX_LABEL_SCAN) return false;
    const element = el as Element;
    for (const cls of (element.attribs?.class ?? '').split(/\s+/)) {
      const kind = CLASS_FIELDS[cls.toLowerCase().replace(/^(ad|card|item|profile)[-_]/, '')];
      if (kind) put(found, kind, $(el).text());
    }
    const itemprop = element.attribs?.itemprop;
    if (itemprop && CLASS_FIELDS[itemprop]) put(found, CLASS_FIELDS[itemprop], $(el).text());
    // Only short leaf-ish elements: a long paragraph with a colon is prose, not a label.
    if ($(el).children().length > 2) return undefined;
    const text = squash($(el).text());
    if (text.length > 120) return undefined;
    const inline = INLINE_LABEL.exec(text);
    if (inline) put(found, labelKind(inline[1]!), inline[2]!);
    else if ($(el).children().length === 0 && labelKind(text)) {
      // "<span>Age</span><span>23</span>": the value is the next sibling.
      put(found, labelKind(text), $(el).next().text());
    }
    return undefined;
  });
  return found;
}
