// Indicator evidence inside an ad's text. The classifier gives evidence as snippets; we find each
// snippet's index ranges in the text, merge overlaps, and render by escaping every segment on its
// own and wrapping the evidence segments in <mark>. Raw ad text never reaches the page unescaped.
import { html, type SafeHtml } from './views/html.ts';

export interface HighlightRange {
  start: number;
  end: number;
  codes: string[];
}

/** Bounds the work on hostile input: at most this many occurrences per snippet. */
const MAX_OCCURRENCES = 50;

export function highlightRanges(
  text: string,
  indicators: ReadonlyArray<{ code: string; evidence: readonly string[] }>,
): HighlightRange[] {
  const lower = text.toLowerCase();
  const raw: HighlightRange[] = [];
  for (const indicator of indicators) {
    for (const snippet of indicator.evidence) {
      const needle = snippet.trim().toLowerCase();
      // toLowerCase can change length for some scripts; only then are offsets unsafe to reuse.
      if (needle.length === 0 || lower.length !== text.length) continue;
      let from = 0;
      for (let n = 0; n < MAX_OCCURRENCES; n++) {
        const at = lower.indexOf(needle, from);
        if (at < 0) break;
        raw.push({ start: at, end: at + needle.length, codes: [indicator.code] });
        from = at + needle.length;
      }
    }
  }
  raw.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: HighlightRange[] = [];
  for (const range of raw) {
    const last = merged.at(-1);
    if (last && range.start < last.end) {
      last.end = Math.max(last.end, range.end);
      for (const code of range.codes) if (!last.codes.includes(code)) last.codes.push(code);
    } else {
      merged.push({ ...range, codes: [...range.codes] });
    }
  }
  return merged;
}

export function renderHighlighted(text: string, ranges: readonly HighlightRange[]): SafeHtml {
  const parts: SafeHtml[] = [];
  let pos = 0;
  for (const range of ranges) {
    if (range.start > pos) parts.push(html`${text.slice(pos, range.start)}`);
    parts.push(html`<mark title="${range.codes.join(', ')}">${text.slice(range.start, range.end)}</mark>`);
    pos = range.end;
  }
  if (pos < text.length) parts.push(html`${text.slice(pos)}`);
  return html`${parts}`;
}
