// Visible text of a DOM subtree with word breaks where the layout has them (block elements, <br>),
// so "<p>Anna</p><p>23</p>" reads "Anna 23" and not "Anna23". Bounded by `max` characters.
import type { AnyNode } from 'domhandler';

const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
  'option',
  'button',
  'label',
]);
const SKIPPED_TAGS = new Set(['script', 'style', 'template', 'noscript', 'svg', 'iframe', 'object', 'head']);
/** Nodes visited per call: a pathological DOM (millions of empty tags) stays bounded. */
const MAX_NODES = 200_000;

export function visibleText(nodes: AnyNode | AnyNode[], max: number): string {
  const parts: string[] = [];
  let length = 0;
  let visited = 0;
  const stack: AnyNode[] = Array.isArray(nodes) ? [...nodes].reverse() : [nodes];
  while (stack.length > 0 && length < max && visited++ < MAX_NODES) {
    const node = stack.pop()!;
    if (node.type === 'text') {
      const data = (node as { data: string }).data;
      parts.push(data);
      length += data.length;
    } else if (node.type === 'tag' || node.type === 'root') {
      const name = (node as { name?: string }).name ?? '';
      if (SKIPPED_TAGS.has(name)) continue;
      const block = BLOCK_TAGS.has(name);
      if (block) parts.push(' ');
      if (block) stack.push({ type: 'text', data: ' ' } as AnyNode);
      const children = (node as { children?: AnyNode[] }).children ?? [];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  const text = parts.join('').replace(/\s+/g, ' ').trim();
  return text.length > max ? text.slice(0, max) : text;
}
