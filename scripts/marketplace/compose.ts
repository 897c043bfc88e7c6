// Composes the title and text of one synthetic ad from its plan and the language bank: picks
// several phrasings per slot, shuffles the middle, varies separators and decoration, and renders
// the contacts. Template networks draw their structure from the network's rng, so members read
// alike with different names, cities and numbers.
import {
  type HandlePlatform,
  makeEmail,
  makeUsername,
  OBFUSCATED_PHONE_STYLES,
  PHONE_STYLE_OBFUSCATION,
  PHONE_STYLE_WEIGHTS,
  type PhoneStyle,
  renderHandle,
  renderPhone,
} from './contacts.ts';
import { CITIES, cityName, country } from './geo.ts';
import { BANKS } from './lang/index.ts';
import type { LanguageBank, TextIndicator } from './lang/types.ts';
import { FIRST_NAMES } from './names.ts';
import { AGENCY_BRANCH_SIZE } from './networks.ts';
import { type GeneratedPhone, generateMobile } from './phones.ts';
import type { AdPlan } from './plan.ts';
import { hash32, Rng } from './prng.ts';
import type { AdTruth, ImageTruth, PhoneTruth } from './truth.ts';

const CURRENCY_LABELS: Record<string, readonly string[]> = {
  EUR: ['€', 'EUR', 'euro'],
  GBP: ['GBP', 'pounds', '£'],
  CHF: ['CHF', 'Fr.'],
  PLN: ['zł', 'PLN'],
  RON: ['lei', 'RON'],
  MDL: ['lei', 'MDL'],
  RUB: ['₽', 'руб.', 'RUB'],
  KZT: ['₸', 'тг', 'KZT'],
  CZK: ['Kč', 'CZK'],
  SEK: ['kr', 'SEK'],
  HUF: ['Ft', 'HUF'],
};

/** Share of adult ads on the classifieds site that carry the site's support line. */
export const SUPPORT_LINE_SHARE = 0.25;
/** Ad tags start here so they read like the numbers people put in usernames. */
const AD_TAG_BASE = 10;
const DECORATIONS = ['✨', '🌸', '💫', '⭐', '🔥', '❤️'];
const BANNER_WORDS = ['VIP', 'GOLD', 'ROYAL', 'DIAMOND', 'STAR', 'ELITE', 'DREAM', 'LUXE'];
const BANNER_TAILS = ['COMPANY', 'MODELS', 'NIGHTS', 'LADIES', 'SERVICE', 'SELECTION'];

export interface ComposedAd {
  title: string;
  text: string;
  truth: Pick<
    AdTruth,
    'name' | 'age' | 'price' | 'phones' | 'emails' | 'handles' | 'images' | 'textIndicators' | 'cityName'
  >;
}

export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = vars[key];
    if (value === undefined) throw new Error(`template placeholder {${key}} has no value: ${template}`);
    return String(value);
  });
}

function slavicForm(n: number, one: string, few: string, many: string): string {
  const d = n % 10;
  const dd = n % 100;
  if (d === 1 && dd !== 11) return one;
  if (d >= 2 && d <= 4 && (dd < 12 || dd > 14)) return few;
  return many;
}

/** Number agreement the templates cannot express: "22 года", "23 lata", "18 ani". */
export function agreeNumbers(text: string, lang: LanguageBank['lang']): string {
  switch (lang) {
    case 'ru':
      return text
        .replace(/(\d+) лет\b/gu, (_, n: string) => `${n} ${slavicForm(Number(n), 'год', 'года', 'лет')}`)
        .replace(/(\d+) дня\b/gu, (_, n: string) => `${n} ${slavicForm(Number(n), 'день', 'дня', 'дней')}`);
    case 'pl':
      return text.replace(
        /(\d+) lat\b/g,
        (_, n: string) => `${n} ${Number(n) === 1 ? 'rok' : slavicForm(Number(n), 'lat', 'lata', 'lat')}`,
      );
    case 'ro':
      return text.replace(/(\d+) de ani/g, (m, n: string) =>
        Number(n) % 100 > 0 && Number(n) % 100 < 20 ? `${n} ani` : m,
      );
    default:
      return text;
  }
}

function roundPrice(amount: number, norm: number): number {
  const step = norm >= 5000 ? 1000 : norm >= 1000 ? 100 : norm >= 300 ? 50 : 10;
  return Math.max(step, Math.round(amount / step) * step);
}

function priceLine(rng: Rng, bank: LanguageBank, vars: Record<string, string | number>): string {
  return fill(rng.pick(bank.prices), vars)
    .replace(/(\d)(\p{L}{2,})/gu, '$1 $2') // "200euro" → "200 euro"
    .replace(/\.\./g, '.');
}

function bannerText(rng: Rng): string {
  return `${rng.pick(BANNER_WORDS)} ${rng.pick(BANNER_TAILS)}`;
}

/** The number shown on many unrelated ads of the classifieds site. */
export function supportPhone(seed: number): GeneratedPhone {
  return generateMobile(new Rng(seed, 'support-phone'), 'GB');
}

/** Letters then digits: never equal to an ad's all-digit tag, so no accidental overlap. */
function networkTag(networkId: string): string {
  const h = hash32('tag', networkId);
  return String.fromCharCode(97 + (h % 26), 97 + ((h >>> 5) % 26)) + String((h >>> 10) % 1000);
}

/** An ad's own tag for usernames and emails: unique per ad within a seed. */
function adTag(index: number): string {
  return String(AD_TAG_BASE + index);
}

export function networkPhone(seed: number, networkId: string, home: string): GeneratedPhone {
  return generateMobile(new Rng(seed, 'netphone', networkId), home);
}

export function networkUsername(seed: number, networkId: string, lang: keyof typeof FIRST_NAMES): string {
  const rng = new Rng(seed, 'nethandle', networkId);
  return makeUsername(rng, rng.pick(FIRST_NAMES[lang]), networkTag(networkId));
}

/** The network's shared address; only its spelling ("at … dot") follows the ad's language. */
export function networkEmail(
  seed: number,
  networkId: string,
  netLang: LanguageBank['lang'],
  bank: LanguageBank,
) {
  const rng = new Rng(seed, 'netemail', networkId);
  return makeEmail(rng, rng.pick(FIRST_NAMES[netLang]), bank, networkTag(networkId));
}

export function networkBanner(seed: number, networkId: string): string {
  return bannerText(new Rng(seed, 'netbanner', networkId));
}

export function composeAd(plan: AdPlan): ComposedAd {
  const { seed, index, network, lang } = plan;
  const bank = BANKS[lang];
  const rng = new Rng(seed, 'ad', index);
  // Structure (which phrasings, which order) comes from the template for text networks.
  const tpl = network?.link === 'text' || network?.duplicate ? new Rng(seed, 'template', network.id) : rng;
  const who = network?.duplicate ? new Rng(seed, 'person', network.id) : rng;

  // People of one agency branch get distinct names; elsewhere names repeat as they do in life.
  const name = network?.agency
    ? new Rng(seed, 'agency-names', network.id).shuffle(FIRST_NAMES[lang])[plan.local % AGENCY_BRANCH_SIZE]!
    : who.pick(FIRST_NAMES[lang]);
  const codes = new Set<TextIndicator>(plan.codes);
  const minor = codes.has('minor_age');
  const youth = codes.has('youth');
  const age = minor
    ? tpl.chance(0.6)
      ? 18
      : undefined
    : youth
      ? who.int(18, 19)
      : plan.hardNegative
        ? who.int(23, 41)
        : who.int(20, 36);
  const city = cityName(plan.city, lang);
  const others = CITIES.filter((c) => c.country === plan.country && c.slug !== plan.city.slug);
  const touring = [
    city,
    ...rng.sample(others.length > 0 ? others : CITIES, 2).map((c) => cityName(c, lang)),
  ].join(', ');
  const ctry = country(plan.country);
  const currency = ctry.currency;
  const minutes =
    plan.kind === 'non_adult' || plan.kind === 'recruitment'
      ? undefined
      : tpl.pick([30, 60, 60, 60, 120] as const);
  const lowPrice = codes.has('low_price');
  const factor = lowPrice ? rng.int(25, 40) / 100 : rng.int(80, 170) / 100;
  const mult = minutes === 30 ? 0.6 : minutes === 120 ? 1.8 : 1;
  const amount = roundPrice(ctry.hourlyNorm * factor * mult, ctry.hourlyNorm);
  const vars: Record<string, string | number> = {
    name,
    age: age ?? 18,
    city,
    cities: touring,
    price: amount,
    cur: rng.pick(CURRENCY_LABELS[currency] ?? [currency]),
    dur: minutes ? rng.pick(bank.durations[minutes]) : '',
    from: tpl.pick(bank.origins),
    days: tpl.int(2, 5),
    n: tpl.int(2, 4),
    dest: tpl.pick(bank.destinations),
    salary: tpl.int(2, 6) * 1000,
  };

  let title: string;
  const head: string[] = [];
  const middle: string[] = [];
  const tail: string[] = [];
  let price: ComposedAd['truth']['price'];

  if (plan.kind === 'non_adult') {
    const cat = bank.nonAdult[plan.category as keyof LanguageBank['nonAdult']];
    const scale = ctry.hourlyNorm / 150;
    const base = { furniture: [40, 600], jobs: [1500, 3500], cars: [2500, 15000], electronics: [80, 900] }[
      plan.category as 'furniture'
    ];
    const itemPrice = roundPrice(rng.int(base[0]!, base[1]!) * scale, 150 * scale);
    vars.price = itemPrice;
    price = { amount: itemPrice, currency };
    title = fill(tpl.pick(cat.titles), vars);
    middle.push(...tpl.sample(cat.lines, tpl.int(2, 4)).map((l) => fill(l, vars)));
  } else if (plan.kind === 'recruitment') {
    title = fill(tpl.pick(bank.recruitment.titles), vars);
    middle.push(...tpl.sample(bank.recruitment.lines, tpl.int(3, 5)).map((l) => fill(l, vars)));
  } else if (plan.kind === 'massage' || plan.kind === 'dating') {
    const b = bank[plan.kind];
    title = fill(tpl.pick(b.titles), vars);
    head.push(fill(tpl.pick(bank.intros), vars));
    if (plan.kind === 'dating') head.push(fill(tpl.pick(bank.ageLines), vars));
    middle.push(...tpl.sample(b.lines, tpl.int(2, 3)).map((l) => fill(l, vars)));
    if (tpl.chance(0.5)) middle.push(fill(tpl.pick(bank.negatives), vars));
    if (plan.kind === 'massage') {
      price = { amount, currency, ...(minutes ? { minutes } : {}) };
      tail.push(priceLine(tpl, bank, vars));
    }
  } else {
    // A minor's ad that displays no age must not show the 18 the template would put in.
    const titles = age === undefined ? bank.titles.filter((t) => !t.includes('{age}')) : bank.titles;
    title = fill(tpl.pick(titles), vars);
    head.push(fill(tpl.pick(bank.intros), vars));
    if (!minor && (tpl.chance(0.7) || plan.hardNegative)) head.push(fill(tpl.pick(bank.ageLines), vars));
    middle.push(...tpl.sample(bank.descriptions, tpl.int(1, 3)).map((l) => fill(l, vars)));
    if (plan.hardNegative)
      middle.push(...tpl.sample(bank.negatives, tpl.int(2, 3)).map((l) => fill(l, vars)));
    middle.push(fill(tpl.pick(bank.places), vars));
    price = { amount, currency, ...(minutes ? { minutes } : {}) };
    tail.push(priceLine(tpl, bank, vars));
  }
  for (const code of codes) {
    if (code === 'recruitment') continue;
    const lines = bank.indicators[code];
    const n = code === 'low_price' || tpl.chance(0.7) ? 1 : 2;
    middle.push(...tpl.sample(lines, n).map((l) => fill(l, vars)));
  }

  // Contacts.
  const phones: PhoneTruth[] = [];
  const images: ImageTruth[] = [];
  const handles: ComposedAd['truth']['handles'] = [];
  const emails: ComposedAd['truth']['emails'] = [];
  const contactLines: string[] = [];
  let ownPhone: GeneratedPhone;
  let role: PhoneTruth['role'] = 'own';
  if (network?.link === 'phone') {
    ownPhone = networkPhone(seed, network.id, network.home);
    role = network.agency ? 'agency' : 'network';
  } else {
    ownPhone = generateMobile(new Rng(seed, 'phone', index), plan.country);
  }
  const style: PhoneStyle =
    plan.kind === 'non_adult'
      ? rng.pick<PhoneStyle>(['plain', 'separators'])
      : network?.agency
        ? rng.pick<PhoneStyle>(['plain', 'plain', 'separators'])
        : rng.weighted(PHONE_STYLE_WEIGHTS);
  const shownPhone = renderPhone(rng, ownPhone, style, bank);
  const obfuscation = PHONE_STYLE_OBFUSCATION[style];
  phones.push({
    e164: ownPhone.e164,
    country: ownPhone.country,
    style,
    shown: shownPhone,
    ...(obfuscation ? { obfuscation } : {}),
    role,
  });
  if (style === 'image') {
    contactLines.push(rng.pick(bank.imageLeads));
    images.push({
      id: `ph-${seed}-${index}`,
      path: `/img/ph-${seed}-${index}.png`,
      kind: 'phone',
      text: shownPhone,
    });
  } else {
    contactLines.push(`${rng.pick(bank.contactLeads)} ${shownPhone}`);
  }
  if (OBFUSCATED_PHONE_STYLES.has(style)) codes.add('coded_language');

  if (plan.kind !== 'non_adult') {
    const username = makeUsername(rng, name, adTag(index));
    const platforms = new Set<HandlePlatform>();
    if (network?.link === 'handle' || network?.agency) {
      const shared = networkUsername(seed, network.id, network.lang);
      const platform = new Rng(seed, 'netplatform', network.id).pick<HandlePlatform>([
        'telegram',
        'telegram',
        'instagram',
        'signal',
      ]);
      const h = renderHandle(rng, platform, shared);
      handles.push(h);
      platforms.add(platform);
      contactLines.push(h.shown);
    }
    const extra = rng.weighted<number>([
      [0, 45],
      [1, 40],
      [2, 15],
    ]);
    for (let h = 0; h < extra; h++) {
      const platform = rng.weighted<HandlePlatform>([
        ['telegram', 35],
        ['whatsapp', 30],
        ['instagram', 12],
        ['signal', 10],
        ['onlyfans', 13],
      ]);
      if (platforms.has(platform)) continue;
      platforms.add(platform);
      const shown = renderHandle(rng, platform, username, ownPhone);
      handles.push(shown);
      contactLines.push(shown.shown);
    }
    if (network?.link === 'email') {
      const e = networkEmail(seed, network.id, network.lang, bank);
      emails.push(e);
      contactLines.push(e.shown);
    } else if (rng.chance(0.25)) {
      const e = makeEmail(rng, name, bank, adTag(index));
      emails.push(e);
      contactLines.push(e.shown);
    }
    if (emails.some((e) => e.style === 'at_dot')) codes.add('coded_language');
  } else if (rng.chance(0.3)) {
    const e = makeEmail(rng, name, bank, adTag(index));
    emails.push(e);
    contactLines.push(e.shown);
  }

  if (network?.link === 'image') {
    const id = `nw-${network.id}`;
    images.push({ id, path: `/img/${id}.png`, kind: 'banner', text: networkBanner(seed, network.id) });
  } else if (plan.kind !== 'non_adult' && rng.chance(0.15)) {
    const id = `bn-${seed}-${index}`;
    images.push({ id, path: `/img/${id}.png`, kind: 'banner', text: `${name} · ${city}` });
  }

  if (plan.kind === 'recruitment') contactLines.push(`– ${name}`);
  if (
    plan.site === 'classifieds' &&
    plan.kind !== 'non_adult' &&
    new Rng(seed, 'support', index).chance(SUPPORT_LINE_SHARE)
  ) {
    const support = supportPhone(seed);
    const shown = support.international;
    tail.push(fill(rng.pick(bank.supportLines), { phone: shown }));
    phones.push({
      e164: support.e164,
      country: support.country,
      style: 'plain',
      shown,
      role: 'site_support',
    });
  }

  const closing =
    plan.kind === 'non_adult' || plan.kind === 'recruitment' || !tpl.chance(0.5)
      ? []
      : [fill(tpl.pick(bank.closings), vars)];
  const body = [
    ...head,
    ...tpl.shuffle(middle),
    ...tail,
    contactLines.join(tpl.pick(['\n', ' | ', ' · ', '\n'])),
    ...closing,
  ];
  const joiner = tpl.pick([' ', '\n', '\n', ' ', '\n\n']);
  let text = agreeNumbers(body.join(joiner), lang);
  title = agreeNumbers(title, lang);
  if (plan.kind !== 'non_adult' && rng.chance(0.2)) text = `${rng.pick(DECORATIONS)} ${text}`;
  if (rng.chance(0.1)) title = title.toUpperCase();

  return {
    title,
    text,
    truth: {
      name,
      ...(age !== undefined && plan.kind !== 'non_adult' && plan.kind !== 'recruitment' ? { age } : {}),
      ...(price ? { price } : {}),
      phones,
      emails,
      handles,
      images,
      textIndicators: [...codes],
      cityName: city,
    },
  };
}
