// Folds the digit look-alikes that ads use to slip numbers past filters (full-width ０-９, emoji
// keycaps 1️⃣, circled ①, mathematical 𝟘) into ASCII digits, keeping a map back to the original
// offsets so that the evidence quotes the ad as written.

export interface FoldedText {
  /** The text with digit forms replaced by ASCII digits. */
  text: string;
  /** For each UTF-16 unit of `text`, its start offset in the original; one extra entry at the end. */
  offsets: Int32Array | undefined;
  /** For each UTF-16 unit of `text`, 1 when it was folded from another digit form. */
  folded: Uint8Array | undefined;
}

// Anything that may start a foldable form; plain text skips the per-character pass.
const NEEDS_FOLDING =
  /\u20E3|[\u0660-\u0669\u06F0-\u06F9\u2460-\u2473\u24EA-\u24FF\u2776-\u2793\uFF0B\uFF10-\uFF19\u{1D7CE}-\u{1D7FF}\u{1F51F}]/u;

const KEYCAP = 0x20e3;
const VARIATION_SELECTOR = 0xfe0f;

/** ASCII digit (or '+') for a single code point, or undefined. */
function digitOf(cp: number): string | undefined {
  if (cp >= 0xff10 && cp <= 0xff19) return String(cp - 0xff10);
  if (cp === 0xff0b) return '+';
  if (cp >= 0x0660 && cp <= 0x0669) return String(cp - 0x0660);
  if (cp >= 0x06f0 && cp <= 0x06f9) return String(cp - 0x06f0);
  if (cp >= 0x2460 && cp <= 0x2468) return String(cp - 0x2460 + 1); // ①-⑨
  if (cp === 0x24ea || cp === 0x24ff) return '0'; // ⓪ ⓿
  if (cp >= 0x2776 && cp <= 0x277e) return String(cp - 0x2776 + 1); // ❶-❾
  if (cp >= 0x2780 && cp <= 0x2788) return String(cp - 0x2780 + 1); // ➀-➈
  if (cp >= 0x278a && cp <= 0x2792) return String(cp - 0x278a + 1); // ➊-➒
  if (cp >= 0x1d7ce && cp <= 0x1d7ff) return String((cp - 0x1d7ce) % 10);
  if (cp === 0x1f51f) return '10'; // 🔟
  return undefined;
}

export function foldDigits(input: string): FoldedText {
  if (!NEEDS_FOLDING.test(input)) return { text: input, offsets: undefined, folded: undefined };
  let out = '';
  const offsets: number[] = [];
  const folded: number[] = [];
  const push = (s: string, at: number, wasFolded: boolean) => {
    out += s;
    for (let k = 0; k < s.length; k++) {
      offsets.push(at);
      folded.push(wasFolded ? 1 : 0);
    }
  };
  let i = 0;
  while (i < input.length) {
    const cp = input.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    // Keycap: an ASCII digit, an optional VS16, then U+20E3.
    if (cp >= 0x30 && cp <= 0x39) {
      let j = i + 1;
      if (input.charCodeAt(j) === VARIATION_SELECTOR) j++;
      if (input.charCodeAt(j) === KEYCAP) {
        push(String.fromCharCode(cp), i, true);
        i = j + 1;
        continue;
      }
    }
    const digit = digitOf(cp);
    if (digit !== undefined) push(digit, i, true);
    else push(input.slice(i, i + width), i, false);
    i += width;
  }
  offsets.push(input.length);
  return { text: out, offsets: Int32Array.from(offsets), folded: Uint8Array.from(folded) };
}

/** Original offset of a position in the folded text. */
export function originalOffset(folded: FoldedText, index: number): number {
  return folded.offsets ? folded.offsets[index]! : index;
}

/** True when any unit in [start, end) of the folded text was folded. */
export function wasFolded(folded: FoldedText, start: number, end: number): boolean {
  if (!folded.folded) return false;
  for (let i = start; i < end; i++) if (folded.folded[i]) return true;
  return false;
}
