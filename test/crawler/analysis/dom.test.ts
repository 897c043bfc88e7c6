// The direct tree reads of dom.ts against the Cheerio calls they stand in for, on a page built to
// hit their edge cases: nested matches, <template> content, text in comments, removed elements.
import { load } from 'cheerio';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../../../crawler/analysis/document.ts';
import {
  eachDescendant,
  elementChildCount,
  elementsOf,
  firstDescendant,
  hasClassToken,
  nextElement,
  nextElementNamed,
  textContent,
} from '../../../crawler/analysis/dom.ts';

const HTML = `<!doctype html><html lang="de-AT"><head><title> Main  title </title>
<script type="APPLICATION/LD+JSON">{"@type":"Person","name":"Mia"}</script><script src="/a.js"></script>
</head><body>
<header class="site-header"><h1>Brand <b>name</b></h1><nav><a href="/x">X</a></nav></header>
<div class="card main-card"><span class="age">23</span><!-- a comment --><span>Stadt</span><span>Wien</span>
  <dl><dt>Alter</dt><dd>24</dd><dt>Ort:</dt><!-- gap --><dd>Graz</dd></dl>
  <div class="content"><div class="content"><p>nested <i>text</i></p></div></div>
  <template><p class="content">inside template</p></template>
  <svg><title>icon title</title></svg><noscript>enable js</noscript>
</div>
<table><tr><th>Preis</th><td>100 €</td></tr></table>
</body></html>`;

const P_OR_DIV = (el: Element) => el.name === 'p' || el.name === 'div' || el.name === 'span';

describe('direct tree reads', () => {
  it('find the elements a selector query finds, in the same order', () => {
    const $ = load(HTML);
    const root = $('body')[0]!;
    const found: Element[] = [];
    eachDescendant(root, P_OR_DIV, (el) => {
      found.push(el);
      return undefined;
    });
    expect(found).toEqual($(root).find('p, div, span').toArray());
    expect(firstDescendant(root, (el) => hasClassToken(el, 'content'))).toBe(
      $(root).find('.content').first()[0],
    );
    const stopped: Element[] = [];
    eachDescendant(root, P_OR_DIV, (el) => {
      stopped.push(el);
      return stopped.length < 2;
    });
    expect(stopped).toEqual(found.slice(0, 2));
  });

  it('read text, children and siblings as Cheerio does', () => {
    const $ = load(HTML);
    for (const el of $('body *').toArray()) {
      expect(textContent(el)).toBe($(el).text());
      expect(elementChildCount(el)).toBe($(el).children().length);
      expect(nextElement(el)).toBe($(el).next()[0]);
      expect(nextElementNamed(el, 'dd')).toBe($(el).nextAll('dd').first()[0]);
    }
    expect(hasClassToken($('.card')[0] as Element, 'main')).toBe(false);
    expect(hasClassToken($('.card')[0] as Element, 'main-card')).toBe(true);
  });

  it("list a parsed page's elements as a query over the cleaned page walks them", () => {
    const doc = parsePage('http://127.0.0.1/', HTML);
    expect(elementsOf(doc)).toEqual(doc.$('*').toArray());
    expect(doc.title).toBe('Main title');
    expect(doc.langAttr).toBe('de');
    expect(doc.scripts).toBe(2);
    expect(doc.jsonLd).toEqual(['{"@type":"Person","name":"Mia"}']);
    expect(doc.noscriptText).toBe('enable js');
    expect(doc.text).not.toContain('icon title');
    expect(doc.text).not.toContain('inside template');
  });
});
