// Email addresses, including the spellings ads use to hide them: "anna at mail dot com",
// "anna[at]mail(dot)com", "anna (at) mail . com". Returned lower-cased.
import { execAll } from './lookbehind.ts';

export interface EmailMatch {
  email: string;
  raw: string;
  /** True when written with "at"/"dot" words or brackets instead of '@' and '.'. */
  spelled: boolean;
}

/** Top-level domains accepted for spelled-out addresses ("look at me dot com" is not an email). */
const SPELLED_TLDS = new Set(
  (
    'com net org info biz me io eu de at ch fr be nl lu es pt it uk ie pl cz sk hu ro bg gr ru ua by ' +
    'md rs hr si ba lt lv ee fi se no dk is tr us ca kz mail email online'
  ).split(' '),
);

// Bracketed forms may carry spaces: "[ at ]", "( dot )", "{at}". Word forms need spaces around them.
/** "at" in the languages of the lexicon: bei, ät (de), arobase (fr), arroba (es), chiocciola (it), собака (ru), małpa (pl), arond (ro). */
const AT_WORDS = 'at|bei|ät|arobase|arroba|chiocciola|собака|собачка|małpa|malpa|arond|@';
const DOT_WORDS = 'dot|punkt|point|punto|точка|kropka|punct';
const AT = String.raw`(?:\s*@\s*|\s*[[({<]\s*(?:${AT_WORDS}|a)\s*[\])}>]\s*|\s+(?:${AT_WORDS})\s+)`;
const DOT = String.raw`(?:\.|\s*[[({<]\s*(?:${DOT_WORDS}|\.)\s*[\])}>]\s*|\s+(?:${DOT_WORDS})\s+|\s+\.\s+)`;
const LOCAL = '[a-z0-9](?:[a-z0-9._%+-]{0,62}[a-z0-9_])?';
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
// Labels are bounded (≤ 8) so a long run of "a dot a dot a…" cannot make the match quadratic.
const EMAIL = new RegExp(
  `(?<![a-z0-9._%+-])(${LOCAL}(?:${DOT}${LOCAL}){0,3})${AT}((?:${LABEL}${DOT}){1,8})([a-z]{2,12})(?![a-z0-9-])`,
  'giu',
);
const DOT_SPLIT = new RegExp(DOT, 'giu');
/** What every "at" of EMAIL contains: '@', an opening bracket, or an "at" word between spaces. */
const AT_HINT = new RegExp(`[@[({<]|\\s(?:${AT_WORDS})\\s`, 'giu');

/**
 * Every character EMAIL can match, with its flags: so no match spans another character. The
 * "at" and "dot" words bring their letters (and, under `iu`, the letters that fold to them).
 */
const EMAIL_CHAR = new RegExp(
  `[a-z0-9._%+\\-\\s\\[\\](){}<>@${[...new Set(`${AT_WORDS}${DOT_WORDS}`.replace(/\|/g, ''))].join('')}]`,
  'iu',
);
const UNKNOWN = 255;
/** EMAIL_CHAR per UTF-16 unit, filled on first sight (a surrogate alone is never one). */
const IS_EMAIL_CHAR = new Uint8Array(0x10000).fill(UNKNOWN);

function isEmailChar(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  let known = IS_EMAIL_CHAR[code]!;
  if (known === UNKNOWN) {
    known = EMAIL_CHAR.test(String.fromCharCode(code)) ? 1 : 0;
    IS_EMAIL_CHAR[code] = known;
  }
  return known === 1;
}

/**
 * The stretches of `text` that may hold an address: the longest runs of EMAIL_CHAR around each
 * AT_HINT. No match of EMAIL crosses a character outside EMAIL_CHAR, which also answers its
 * lookbehind and lookahead at the ends of a stretch as the end of the text does, so EMAIL finds
 * in the stretches exactly the matches it finds in the whole text, in the many ads whose only
 * brackets and "at"s are in a sentence or two, without running over the rest.
 */
function* stretchesWithAt(text: string): Generator<string> {
  AT_HINT.lastIndex = 0;
  for (let hint = AT_HINT.exec(text); hint !== null; hint = AT_HINT.exec(text)) {
    let start = hint.index;
    while (start > 0 && isEmailChar(text, start - 1)) start--;
    let end = AT_HINT.lastIndex;
    while (end < text.length && isEmailChar(text, end)) end++;
    yield start === 0 && end === text.length ? text : text.slice(start, end);
    AT_HINT.lastIndex = end;
  }
}

export function extractEmails(text: string): EmailMatch[] {
  const out: EmailMatch[] = [];
  for (const stretch of stretchesWithAt(text))
    for (const m of execAll(EMAIL, stretch)) {
      const raw = m[0];
      const local = m[1]!
        .split(DOT_SPLIT)
        .filter((l) => l.length > 0)
        .join('.')
        .toLowerCase();
      const labels = m[2]!
        .split(DOT_SPLIT)
        .filter((l) => l.length > 0)
        .map((l) => l.toLowerCase());
      const tld = m[3]!.toLowerCase();
      const spelled = !/^[^\s@]+@[^\s@]+$/.test(raw);
      if (spelled && !SPELLED_TLDS.has(tld)) continue;
      out.push({ email: `${local}@${[...labels, tld].join('.')}`, raw, spelled });
    }
  return out;
}
