import { describe, expect, it } from 'vitest';
import { highlightRanges, renderHighlighted } from '../../review/highlight.ts';

describe('highlightRanges', () => {
  it('finds every occurrence of each snippet, case-insensitively', () => {
    const ranges = highlightRanges('New in town. Really new in Town!', [
      { code: 'movement', evidence: ['new in town'] },
    ]);
    expect(ranges.map((r) => [r.start, r.end])).toEqual([
      [0, 11],
      [20, 31],
    ]);
  });

  it('merges overlapping evidence of several indicators into one range naming both codes', () => {
    const ranges = highlightRanges('my girls are new here', [
      { code: 'third_party', evidence: ['my girls'] },
      { code: 'multiple_persons', evidence: ['girls are'] },
    ]);
    expect(ranges).toEqual([{ start: 0, end: 12, codes: ['third_party', 'multiple_persons'] }]);
  });

  it('ignores empty snippets and snippets not in the text', () => {
    expect(highlightRanges('plain text', [{ code: 'x', evidence: ['', '  ', 'absent'] }])).toEqual([]);
  });
});

describe('renderHighlighted', () => {
  it('escapes the text and the evidence, then wraps evidence in <mark>', () => {
    const text = 'a <b id="x">bold</b> & <script>alert(1)</script>';
    const out = String(
      renderHighlighted(text, highlightRanges(text, [{ code: 'coded_language', evidence: ['<script>'] }])),
    );
    expect(out).toBe(
      'a &lt;b id=&quot;x&quot;&gt;bold&lt;/b&gt; &amp; <mark title="coded_language">&lt;script&gt;</mark>alert(1)&lt;/script&gt;',
    );
  });

  it('keeps the whole text when nothing is highlighted', () => {
    expect(String(renderHighlighted('x < y', []))).toBe('x &lt; y');
  });
});
