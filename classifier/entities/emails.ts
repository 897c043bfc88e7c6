// Email addresses, including the spellings ads use to hide them: "anna at mail dot com",
// "anna[at]mail(dot)com", "anna (at) mail . com". Returned lower-cased.

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
const AT = String.raw`(?:\s*@\s*|\s*[[({<]\s*(?:${AT_WORDS}|a)\s*[\])}>]\s*|\s+(?:${AT_WORDS})\s+)`;
const DOT = String.raw`(?:\.|\s*[[({<]\s*(?:dot|punkt|point|punto|точка|kropka|punct|\.)\s*[\])}>]\s*|\s+(?:dot|punkt|point|punto|точка|kropka|punct)\s+|\s+\.\s+)`;
const LOCAL = '[a-z0-9](?:[a-z0-9._%+-]{0,62}[a-z0-9_])?';
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
// Labels are bounded (≤ 8) so a long run of "a dot a dot a…" cannot make the match quadratic.
const EMAIL = new RegExp(
  `(?<![a-z0-9._%+-])(${LOCAL}(?:${DOT}${LOCAL}){0,3})${AT}((?:${LABEL}${DOT}){1,8})([a-z]{2,12})(?![a-z0-9-])`,
  'giu',
);
const DOT_SPLIT = new RegExp(DOT, 'giu');
const AT_HINT = new RegExp(`@|[[({<]|(?:^|\\s)(?:${AT_WORDS})\\s`, 'iu');

export function extractEmails(text: string): EmailMatch[] {
  if (!AT_HINT.test(text)) return [];
  const out: EmailMatch[] = [];
  for (const m of text.matchAll(EMAIL)) {
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
