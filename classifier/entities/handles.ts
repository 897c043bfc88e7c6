// Messenger and social handles from links (t.me/x, instagram.com/x, wa.me/NUMBER…) and from text
// ("telegram: @anna_b", "snap annab95", "@anna_b" near "tg"). Values are lower-cased, without '@'.
import type { Handle } from '../types.ts';
import { execAll, notAfterClass, scan } from './lookbehind.ts';

interface LinkRule {
  platform: string;
  pattern: RegExp;
}

const LINK_RULES: LinkRule[] = [
  {
    platform: 'telegram',
    pattern: /\b(?:t|telegram)\.(?:me|dog)\/(?:joinchat\/|s\/)?@?([a-z0-9_]{4,32})\b/gi,
  },
  {
    platform: 'instagram',
    pattern: /\b(?:instagram\.com|instagr\.am)\/(?!p\/|reel\/|explore\/)@?([a-z0-9._]{1,30})/gi,
  },
  { platform: 'snapchat', pattern: /\bsnapchat\.com\/add\/([a-z0-9._-]{2,15})/gi },
  { platform: 'onlyfans', pattern: /\bonlyfans\.com\/([a-z0-9._-]{2,30})/gi },
  { platform: 'kik', pattern: /\bkik\.me\/([a-z0-9._]{2,20})/gi },
  { platform: 'threema', pattern: /\bthreema\.id\/([a-z0-9*]{8})\b/gi },
  { platform: 'line', pattern: /\bline\.me\/(?:ti\/p\/|r\/ti\/p\/)?~?([a-z0-9._-]{3,20})/gi },
  { platform: 'wechat', pattern: /\bweixin:\/\/dl\/chat\?([a-z0-9_-]{5,20})/gi },
];

/** Keywords naming each platform in text, in the spellings ads use. */
const KEYWORDS: Record<string, string[]> = {
  telegram: ['telegram', 'telegramm', 'tg', 'телеграм', 'телеграмм', 'телега'],
  whatsapp: ['whatsapp', 'whats app', 'whatsap', 'watsapp', 'wa', 'вацап', 'ватсап', 'вотсап'],
  signal: ['signal'],
  snapchat: ['snapchat', 'snap', 'sc'],
  instagram: ['instagram', 'insta', 'ig', 'инстаграм', 'инста'],
  onlyfans: ['onlyfans', 'only fans', 'of'],
  kik: ['kik'],
  threema: ['threema'],
  wechat: ['wechat', 'weixin', '微信'],
  line: ['line id', 'line'],
};

/** Handle syntax per platform (after the keyword); telegram usernames are 5–32 characters. */
const HANDLE_SYNTAX: Record<string, RegExp> = {
  telegram: /^[a-z][a-z0-9_]{4,31}$/i,
  // Signal usernames carry a numeric discriminator: "anna.42".
  signal: /^[a-z][a-z0-9_]{2,31}\.\d{2,9}$/i,
  snapchat: /^[a-z][a-z0-9._-]{2,14}$/i,
  instagram: /^[a-z0-9._]{2,30}$/i,
  onlyfans: /^[a-z0-9._-]{3,30}$/i,
  kik: /^[a-z0-9._]{2,20}$/i,
  threema: /^[a-z0-9*]{8}$/i,
  wechat: /^[a-z][a-z0-9_-]{5,19}$/i,
  line: /^[a-z0-9._-]{4,20}$/i,
};

/** Words that follow a platform name but are not handles ("telegram only", "insta available"). */
const NOT_HANDLES = new Set(
  (
    'only available also and or me please pls message messages chat call calls video contact here ' +
    'there too nur auch oder und bitte verfügbar seulement aussi ou et disponible solo tambien ' +
    'también anche oppure tylko też lub doar sau si și story stories account profile name username ' +
    'number nummer numero número numer contacto kontakt kontakte with mit avec con z cu for für pour ' +
    'para per dla pentru is ist est es è jest este id my mein meine mon ma mi mio mój moj meu link in ' +
    'bio no not kein keine pas non nie nu sms text texts phone tel the a an to free vip premium ' +
    'content page subscribe fans time hours'
  ).split(' '),
);

/** Platforms whose handle in text may appear with an explicit '@' near the keyword. */
const AT_NEAR_KEYWORD_CHARS = 40;
/** Keywords in text; the `(?<![\p{L}\p{N}_.])` before them is checked in code (see `lookbehind.ts`). */
const KEYWORD_TEXT = new RegExp(
  String.raw`(${Object.values(KEYWORDS)
    .flat()
    .sort((a, b) => b.length - a.length)
    .map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s?'))
    .join('|')})(?![\p{L}\p{N}])`,
  'giu',
);
const keywordMayStart = notAfterClass(/[\p{L}\p{N}_.]/iu);
const PLATFORM_OF = new Map<string, string>(
  Object.entries(KEYWORDS).flatMap(([platform, words]) => words.map((w) => [w.replace(/ /g, ''), platform])),
);
/** After a keyword: optional "id"/"username", a separator, then an optional '@' and the handle. */
const AFTER_KEYWORD =
  /^\s{0,3}(?:\(?(?:id|username|user|nick|name|ник|логин)\)?\s{0,2})?([:=\-–—>]|\s)\s{0,3}(@?)([\p{L}\p{N}._*-]{2,40})/iu;
const AT_HANDLE = /(?<![\p{L}\p{N}._])@([a-z0-9_][a-z0-9._]{1,31})/giu;
const AT_HANDLE_FIRST = new RegExp(AT_HANDLE.source, 'iu');
/** Cheap test for any of LINK_RULES' domains, so that ads without links skip eight regexes. */
const LINK_HINT = /(?:\.(?:me|dog|com|am|id)\/|weixin:)/i;
/** Short keywords that are also common words: only with a separator or '@', never bare. */
const AMBIGUOUS_KEYWORDS = new Set(['wa', 'sc', 'ig', 'of', 'line', 'signal', 'snap', 'tg']);

/** Adds a handle once, normalised. (A module function: a closure per call would be named per call under tsx.) */
function addHandle(handles: Handle[], seen: Set<string>, platform: string, value: string): void {
  const v = value
    .toLowerCase()
    .replace(/^@/, '')
    .replace(/[._-]+$/, '');
  if (v.length < 2) return;
  const key = `${platform}:${v}`;
  if (seen.has(key)) return;
  seen.add(key);
  handles.push({ platform, value: v });
}

export function extractHandles(text: string): Handle[] {
  const handles: Handle[] = [];
  const seen = new Set<string>();
  if (LINK_HINT.test(text)) {
    for (const rule of LINK_RULES)
      for (const m of execAll(rule.pattern, text)) addHandle(handles, seen, rule.platform, m[1]!);
  }

  for (const m of scan(KEYWORD_TEXT, text, keywordMayStart)) {
    const keyword = m[1]!.toLowerCase().replace(/\s/g, '');
    const platform = PLATFORM_OF.get(keyword);
    if (!platform) continue;
    const syntax = HANDLE_SYNTAX[platform];
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 60);
    const direct = AFTER_KEYWORD.exec(after);
    if (syntax && direct) {
      const [, sep, at, candidate] = direct;
      const value = candidate!.replace(/[._-]+$/, '');
      const explicit = at === '@' || (sep !== undefined && /\S/.test(sep));
      const looksLikeHandle = /[\d_.]/.test(value);
      const bareOk = !AMBIGUOUS_KEYWORDS.has(keyword) && looksLikeHandle;
      if (syntax.test(value) && !NOT_HANDLES.has(value.toLowerCase()) && (explicit || bareOk)) {
        addHandle(handles, seen, platform, value);
        continue;
      }
    }
    // "@anna_b" a few words after "telegram"/"tg" (e.g. "write me on telegram, I am @anna_b").
    if (syntax && platform === 'telegram') {
      const near = text.slice(m.index + m[0].length, m.index + m[0].length + AT_NEAR_KEYWORD_CHARS);
      const at = AT_HANDLE_FIRST.exec(near);
      if (at && syntax.test(at[1]!)) addHandle(handles, seen, platform, at[1]!);
    }
  }
  // "@anna_b … (telegram)": an @handle shortly before the keyword.
  for (const m of execAll(AT_HANDLE, text)) {
    const after = text
      .slice(m.index + m[0].length, m.index + m[0].length + AT_NEAR_KEYWORD_CHARS)
      .toLowerCase();
    if (/(?<![\p{L}])(telegram|tg|телеграм)(?![\p{L}])/u.test(after) && HANDLE_SYNTAX.telegram!.test(m[1]!)) {
      // Not when the '@' is part of an email address.
      if (!/[a-z0-9]$/i.test(text.slice(Math.max(0, m.index - 1), m.index)))
        addHandle(handles, seen, 'telegram', m[1]!);
    }
  }
  return handles;
}

/** Platforms whose "handle" is a phone number: `extractEntities` links them to the phones found. */
const PHONE_PLATFORM_NAMES: ReadonlyArray<[string, string]> = [
  ['whatsapp', 'whats\\s?app|whatsap|watsapp|вацап|ватсап|вотсап|wa'],
  ['signal', 'signal'],
  ['telegram', 'telegram|телеграм|tg'],
  ['viber', 'viber|вайбер'],
];
const PHONE_PLATFORM = new RegExp(
  String.raw`(?<![\p{L}])(?:(${PHONE_PLATFORM_NAMES.map(([, p]) => `(?:${p})`).join(')|(')}))(?![\p{L}])`,
  'giu',
);
/** What may sit between the messenger names and the number: "WhatsApp/Viber: ", "Signal & Telegram - ". */
const PLATFORM_GLUE = /^(?:[\s:=\-–—>.,/&|()+]|and|und|et|y|i|и|și|si|or|oder|ou|o|lub|sau|или)*$/iu;

/** Messengers named right before a phone number ("WhatsApp/Viber: +49 151…"), nearest first. */
export function platformsBefore(before: string): string[] {
  const hits = [...execAll(PHONE_PLATFORM, before)];
  const platforms: string[] = [];
  let end = before.length;
  for (let k = hits.length - 1; k >= 0; k--) {
    const hit = hits[k]!;
    if (!PLATFORM_GLUE.test(before.slice(hit.index + hit[0].length, end))) break;
    const group = hit.slice(1).findIndex((g) => g !== undefined);
    const platform = PHONE_PLATFORM_NAMES[group]?.[0];
    if (platform && !platforms.includes(platform)) platforms.push(platform);
    end = hit.index;
  }
  return platforms;
}
