// Field parsers shared by every extraction path: ages, prices, dates, images, as written in the
// eight languages of the study. Each returns undefined rather than guess.
import type { Cheerio } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { eachMatch } from '../analysis/dom.ts';

/** Images kept per ad. */
export const MAX_IMAGES = 20;

/** "23 years", "23 Jahre", "23 ans", "23 años", "23 anni", "23 года", "23 lata", "23 de ani". */
const AGE_IN_TEXT =
  /(?<!\d)(\d{2})(?:\s*(?:y\.?o\.?|yrs?|years?(?:\s+old)?|j\.|jahren?(?:\s+alt|\s+jung)?|ans|años|añitos|anni|год(?:а)?|лет|lat(?:a)?|de\s+ani|ani)(?![\p{L}]))/iu;
/** "I'm 26", "ich bin 23", "soy 25", "sono 27", "мне 23", "jestem 22", "sunt 24" (a number right after "I am"). */
const I_AM_AGE =
  /(?<![\p{L}])(?:i'?m|i’m|i am|ich bin|je suis|soy|tengo|sono|ho|мне|jestem|mam|sunt|am)\s+(\d{2})(?!\d|[.,:]\d|\s*(?:€|eur|euro|£|\$|min|h\b|uhr|:))/iu;
const MIN_AGE = 10;
const MAX_AGE = 99;

/** First plausible age in a label value or a sentence. */
export function parseAge(value: string, labelled: boolean): number | undefined {
  const match = labelled
    ? /(?<!\d)(\d{1,2})(?!\d)/.exec(value)
    : (AGE_IN_TEXT.exec(value) ?? I_AM_AGE.exec(value));
  if (!match) return undefined;
  const age = Number(match[1]);
  return age >= MIN_AGE && age <= MAX_AGE ? age : undefined;
}

const CURRENCIES: Array<[RegExp, string]> = [
  [/^(€|eur|euro|euros|евро)$/i, 'EUR'],
  [/^(£|gbp)$/i, 'GBP'],
  [/^(\$|usd)$/i, 'USD'],
  [/^(chf|fr\.?)$/i, 'CHF'],
  [/^(czk|kč)$/i, 'CZK'],
  [/^(pln|zł|zl)$/i, 'PLN'],
  [/^(ron|lei)$/i, 'RON'],
  [/^(rub|₽|руб\.?|рублей)$/i, 'RUB'],
  [/^(mdl)$/i, 'MDL'],
  [/^(huf|ft)$/i, 'HUF'],
  [/^(sek|kr)$/i, 'SEK'],
  [/^(kzt|₸|тг)$/i, 'KZT'],
];
const CURRENCY_TOKEN =
  '€|eur|euros?|евро|£|gbp|\\$|usd|chf|czk|kč|pln|zł|zl|ron|lei|rub|₽|руб\\.?|рублей|mdl|huf|ft|sek|kr|kzt|₸|тг';
const PRICE_AFTER = new RegExp(`(\\d[\\d\\s.,']{0,9})\\s*(${CURRENCY_TOKEN})(?![\\p{L}])`, 'iu');
const PRICE_BEFORE = new RegExp(`(${CURRENCY_TOKEN})\\s*(\\d[\\d\\s.,']{0,9})`, 'iu');
const MINUTES = /(\d{1,3})\s*(?:min|мин|minut)/i;
const HOURS =
  /(\d)\s*(?:h|hr|hours?|std|stunden?|heures?|horas?|ore|ora|час(?:а|ов)?|godz|godzin[ay]?|ore)(?![\p{L}])/iu;
const ONE_HOUR = /(?:hour|stunde|std|heure|hora|ora|час|godzin|oră)/i;

function currencyCode(token: string): string | undefined {
  return CURRENCIES.find(([re]) => re.test(token.trim()))?.[1];
}

function amountOf(raw: string): number | undefined {
  const cleaned = raw
    .replace(/[\s']/g, '')
    .replace(/[.,](\d{3})(?!\d)/g, '$1')
    .replace(',', '.');
  const amount = Number.parseFloat(cleaned);
  return Number.isFinite(amount) && amount > 0 && amount < 10_000_000 ? amount : undefined;
}

export function parsePrice(text: string): { amount: number; currency: string; minutes?: number } | undefined {
  let amountRaw: string | undefined;
  let currencyRaw: string | undefined;
  const after = PRICE_AFTER.exec(text);
  if (after) [amountRaw, currencyRaw] = [after[1], after[2]];
  else {
    const before = PRICE_BEFORE.exec(text);
    if (before) [currencyRaw, amountRaw] = [before[1], before[2]];
  }
  if (!amountRaw || !currencyRaw) return undefined;
  const amount = amountOf(amountRaw);
  const currency = currencyCode(currencyRaw);
  if (amount === undefined || !currency) return undefined;
  const minutesMatch = MINUTES.exec(text);
  const hoursMatch = HOURS.exec(text);
  const minutes = minutesMatch
    ? Number(minutesMatch[1])
    : hoursMatch
      ? Number(hoursMatch[1]) * 60
      : ONE_HOUR.test(text)
        ? 60
        : undefined;
  return { amount, currency, ...(minutes ? { minutes } : {}) };
}

/** ISO date from a `datetime` attribute or a written date (2026-11-02, 02.11.2026, 02/11/2026). */
export function parseDate(value: string): string | undefined {
  const iso =
    /(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?/.exec(value);
  if (iso) {
    const parsed = Date.parse(iso[4] ? iso[0].replace(' ', 'T') : `${iso[0]}T00:00:00Z`);
    return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
  }
  const dmy = /(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)/.exec(value);
  if (dmy) {
    const parsed = Date.UTC(Number(dmy[3]), Number(dmy[2]) - 1, Number(dmy[1]));
    return Number.isNaN(parsed) || Number(dmy[2]) > 12 ? undefined : new Date(parsed).toISOString();
  }
  return undefined;
}

const DECORATIVE_IMAGE = /(logo|icon|sprite|banner-ad|pixel|spacer|avatar-default|flag)/i;

/** Absolute URLs of the content images in a block (no data: URIs, icons or logos). */
const IS_IMG = (el: Element) => el.name === 'img';

export function imagesOf(root: Cheerio<AnyNode>, pageUrl: string): string[] {
  const found = new Set<string>();
  eachMatch(root, 'img', IS_IMG, (el) => {
    const attribs = (el as { attribs?: Record<string, string> }).attribs ?? {};
    const src = attribs.src || attribs['data-src'] || attribs.srcset?.split(/\s+/)[0] || '';
    if (!src || src.startsWith('data:') || DECORATIVE_IMAGE.test(src)) return undefined;
    const width = Number(attribs.width ?? 0);
    if (width > 0 && width < 40) return undefined;
    try {
      const url = new URL(src, pageUrl);
      if (url.protocol === 'http:' || url.protocol === 'https:') found.add(url.toString());
    } catch {
      // not a URL: ignored
    }
    return found.size < MAX_IMAGES;
  });
  return [...found];
}
