// Prices with their currency ("150€", "EUR 150", "200 zł", "300 lei", "5000 руб") and, when stated,
// the duration they buy ("30 min", "1h", "pro Stunde", "la nuit", "за ночь"), in minutes.
import type { PriceEntity } from '../types.ts';
import { charClassAt, LETTER } from './char-class.ts';
import { execAll, noLetterBefore, scan } from './lookbehind.ts';

/** Minutes assumed for "a night" (overnight bookings). */
export const NIGHT_MINUTES = 720;
/** Largest amount kept; bigger figures are not prices of a meeting. */
const MAX_AMOUNT = 1_000_000;
/** Prices and durations kept per text; pairing is quadratic in them. */
const MAX_PRICES = 50;
const MAX_DURATIONS = 100;
/** A duration belongs to a price only within this many characters of it. */
const PAIRING_WINDOW = 24;

const CURRENCIES: Array<[string, string[]]> = [
  ['EUR', ['€', 'eur', 'euro', 'euros', 'evro', 'евро']],
  ['GBP', ['£', 'gbp', 'pounds?', 'quid']],
  ['USD', ['\\$', 'usd', 'dollars?']],
  ['CHF', ['chf', 'sfr\\.?', 'fr\\.', 'franken']],
  ['PLN', ['zł', 'zl', 'pln', 'złotych', 'zlotych', 'złote', 'zlote']],
  ['RON', ['lei', 'ron', 'leu']],
  ['RUB', ['₽', 'rub', 'руб\\.?', 'рублей', 'рубля', 'рубль', 'р\\.', 'т\\.р\\.']],
  ['CZK', ['kč', 'kc', 'czk']],
  ['HUF', ['ft', 'huf']],
  ['SEK', ['sek']],
  ['NOK', ['nok']],
  ['DKK', ['dkk']],
  ['BGN', ['лв\\.?', 'bgn']],
  ['UAH', ['₴', 'грн\\.?', 'uah']],
  ['RSD', ['rsd', 'din\\.?']],
  ['TRY', ['₺', 'try', 'tl']],
  ['KZT', ['₸', 'тг', 'kzt', 'тенге']],
];
const CURRENCY_FORMS = CURRENCIES.map(
  ([code, forms]) => [code, new RegExp(`^(?:${forms.join('|')})$`, 'iu')] as const,
);
function currencyOf(token: string): string | undefined {
  return CURRENCY_FORMS.find(([, form]) => form.test(token))?.[0];
}
const CURRENCY = CURRENCIES.flatMap(([, forms]) => forms)
  .sort((a, b) => b.length - a.length)
  .join('|');
// "1.500", "1 500", "1,500" (thousands) or "99,50"/"99.50" (decimals); "150.-" as in Switzerland.
const AMOUNT = String.raw`\d{1,3}(?:[.,\u00a0 ]\d{3})+(?![\d])|\d{1,7}(?:[.,]\d{1,2})?`;
const PRICE = new RegExp(
  String.raw`(?:(${CURRENCY})\s?(${AMOUNT})(?:\.-)?|(${AMOUNT})(?:\.-|,-)?\s?(${CURRENCY}))(?![\p{L}\p{N}])`,
  'giu',
);

const MINUTE_WORDS = String.raw`min|mins|minutes?|minuten|minutos|minuti|минут[аы]?|мин\.?|minut[ay]?|(?:de\s+)?minute`;
const HOUR_WORDS = String.raw`h|hr|hrs|hours?|std\.?|stunden?|heures?|horas?|ore|ora|oră|час[аов]?|ч\.?|godz\.?|godzin[ay]?|godzinę`;
const NIGHT_WORDS = 'night|overnight|nacht|nuit|noche|notte|ночь|noc|noapte';
const HALF_HOUR = String.raw`half\s+(?:an\s+)?hour|halbe\s+stunde|demi-?heure|media\s+hora|mezz['’]?ora|полчаса|pół\s+godziny|pol\s+godziny|jumătate\s+de\s+oră|jumatate\s+de\s+ora`;
const PER_HOUR = String.raw`(?:per|pro|par|la|por|all['’]|в|za|pe|an|a|the)\s+(?:${HOUR_WORDS})`;
/**
 * `(?<![\p{L}\p{N}])` before every form but "/h" is checked in code (see `lookbehind.ts`): no
 * other form starts with '/', so at any position only one of the two branches can match.
 */
const DURATION = new RegExp(
  String.raw`(?:(?:(?<count>\d{1,3}(?:[.,]5)?)\s?(?:(?<minutes>${MINUTE_WORDS})|(?<hours>${HOUR_WORDS}))|(?<half>${HALF_HOUR})|(?<perHour>${PER_HOUR})|(?:1\s?|an?\s+|la\s+|per\s+|pro\s+|une?\s+|за\s+|for\s+the\s+|)(?<night>${NIGHT_WORDS})|(?<hour>hour|stunde|heure|hora|ora|час|godzina|oră))|(?<slashHour>/\s?(?:${HOUR_WORDS})))(?![\p{L}\p{N}])`,
  'giu',
);

const HAS_DIGIT = /\d/;
const SLASH = 0x2f;
/** Digits between a duration and a price mean they belong to different offers. */
const PRICE_IN_GAP = /\d{2,}/;

interface Span {
  start: number;
  end: number;
}

function parseAmount(raw: string): number {
  const s = raw.replace(/[\s\u00a0]/g, '');
  // A separator followed by exactly three digits groups thousands; otherwise it is a decimal mark.
  if (/[.,]\d{3}$/.test(s) || /[.,]\d{3}[.,]/.test(s)) return Number(s.replace(/[.,]/g, ''));
  return Number(s.replace(',', '.'));
}

const durationMayStart = (text: string, index: number) =>
  text.charCodeAt(index) === SLASH || noLetterBefore(text, index, true);

function durationMinutes(m: RegExpMatchArray): number | undefined {
  const g = m.groups ?? {};
  if (g.count !== undefined) {
    const n = Number(g.count.replace(',', '.'));
    return g.minutes !== undefined ? n : Math.round(n * 60);
  }
  if (g.half !== undefined) return 30;
  if (g.perHour !== undefined || g.hour !== undefined || g.slashHour !== undefined) return 60;
  if (g.night !== undefined) return NIGHT_MINUTES;
  return undefined;
}

export function extractPrices(text: string): PriceEntity[] {
  const prices: Array<PriceEntity & Span> = [];
  if (!HAS_DIGIT.test(text)) return [];
  for (const m of execAll(PRICE, text)) {
    // Checked here rather than by a lookbehind, which would run at every position of the text.
    if (m.index > 0 && charClassAt(text, m.index - 1) <= LETTER) continue;
    const currency = currencyOf(m[1] ?? m[4] ?? '');
    const amount = parseAmount(m[2] ?? m[3] ?? '');
    if (!currency || !Number.isFinite(amount) || amount <= 0 || amount > MAX_AMOUNT) continue;
    prices.push({ amount, currency, raw: m[0], start: m.index, end: m.index + m[0].length });
    if (prices.length >= MAX_PRICES) break;
  }
  if (prices.length === 0) return [];
  const durations: Array<Span & { minutes: number }> = [];
  for (const m of scan(DURATION, text, durationMayStart)) {
    const minutes = durationMinutes(m);
    const start = m.index;
    const end = start + m[0].length;
    // A duration overlapping a price is the price's own digits ("150 h"? no: "150 €/h" ok).
    if (minutes === undefined || prices.some((p) => start < p.end && end > p.start)) continue;
    durations.push({ start, end, minutes });
    if (durations.length >= MAX_DURATIONS) break;
  }
  // Ads list prices either "30 min 100€" or "100€ / 30 min": the first pair found sets the layout.
  const firstDuration = durations[0];
  const durationFirst = firstDuration !== undefined && firstDuration.start < prices[0]!.start;
  const used = new Set<number>();
  return prices.map(({ start, end, ...price }) => {
    let best: { index: number; score: number } | undefined;
    durations.forEach((d, index) => {
      if (used.has(index)) return;
      const before = d.end <= start;
      const gapText = before ? text.slice(d.end, start) : text.slice(end, d.start);
      if (gapText.length > PAIRING_WINDOW || gapText.includes('\n') || PRICE_IN_GAP.test(gapText)) return;
      const score = gapText.length + (before === durationFirst ? 0 : PAIRING_WINDOW);
      if (!best || score < best.score) best = { index, score };
    });
    if (!best) return price;
    used.add(best.index);
    return { ...price, minutes: durations[best.index]!.minutes };
  });
}
