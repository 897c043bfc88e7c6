import { describe, expect, it } from 'vitest';
import { html, join, SafeHtml } from '../../../review/views/html.ts';

describe('html template', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const hostile = `"><script>alert('x')</script>`;
    expect(String(html`<a title="${hostile}">${hostile}</a>`)).toBe(
      '<a title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</a>',
    );
  });

  it('passes fragments built by html through once, and escapes arrays item by item', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(String(html`<p>${inner}${['<', html`<br>`]}</p>`)).toBe('<p><b>&lt;i&gt;</b>&lt;<br></p>');
  });

  it('renders nothing for null, undefined and false', () => {
    expect(String(html`[${null}${undefined}${false}${0}]`)).toBe('[0]');
  });

  it('cannot be forged by constructing SafeHtml directly', () => {
    expect(() => new SafeHtml('<script>', Symbol('SafeHtml'))).toThrow();
  });

  it('joins fragments with an escaped separator', () => {
    expect(String(join([html`<b>a</b>`, html`<b>b</b>`], '<>'))).toBe('<b>a</b>&lt;&gt;<b>b</b>');
  });
});
