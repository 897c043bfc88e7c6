// How contacts appear in synthetic ads: phones in plain, separated, obfuscated, spelled-out and
// image styles; emails plain or spelled "at … dot"; messenger handles as links or @names. Each
// rendering returns the exact string shown, so ground truth can point at it.
import type { LanguageBank } from './lang/types.ts';
import { latin } from './names.ts';
import type { GeneratedPhone } from './phones.ts';
import type { Rng } from './prng.ts';

export const PHONE_STYLES = [
  'plain',
  'separators',
  'lookalike',
  'spaced',
  'emoji_keycap',
  'fullwidth',
  'split_lines',
  'words',
  'mixed_words',
  'image',
] as const;
export type PhoneStyle = (typeof PHONE_STYLES)[number];

/** Styles that deliberately hide the number from simple matching (they make `coded_language`). */
export const OBFUSCATED_PHONE_STYLES: ReadonlySet<PhoneStyle> = new Set(
  PHONE_STYLES.filter((style) => style !== 'plain' && style !== 'separators'),
);

/** The classifier's `Obfuscation` vocabulary (classifier/types.ts) for each style. */
export const PHONE_STYLE_OBFUSCATION: Record<PhoneStyle, string | undefined> = {
  plain: undefined,
  separators: 'separators',
  lookalike: 'lookalike_letters',
  spaced: 'separators',
  emoji_keycap: 'fullwidth_or_emoji_digits',
  fullwidth: 'fullwidth_or_emoji_digits',
  split_lines: 'split_lines',
  words: 'words',
  mixed_words: 'words',
  image: 'image',
};

export const PHONE_STYLE_WEIGHTS: ReadonlyArray<readonly [PhoneStyle, number]> = [
  ['plain', 30],
  ['separators', 22],
  ['lookalike', 6],
  ['spaced', 5],
  ['emoji_keycap', 4],
  ['fullwidth', 3],
  ['split_lines', 4],
  ['words', 8],
  ['mixed_words', 6],
  ['image', 12],
];

const SEPARATORS = ['.', '-', '/', ' ', ' - ', '.'];
const KEYCAP = '\uFE0F\u20E3';
const LOOKALIKES: Record<string, readonly string[]> = {
  '0': ['O', 'o'],
  '1': ['l', 'I'],
  '5': ['S'],
  '8': ['B'],
};

/** The digits to show: national (with trunk prefix) or international (+cc…). */
function baseDigits(rng: Rng, phone: GeneratedPhone): string {
  return rng.chance(0.35) ? phone.e164 : phone.nationalDigits;
}

function groups(rng: Rng, digits: string): string[] {
  const out: string[] = [];
  let rest = digits;
  while (rest.length > 0) {
    const size = rest.length <= 4 ? rest.length : rng.int(2, 4);
    out.push(rest.slice(0, size));
    rest = rest.slice(size);
  }
  return out;
}

function spellDigits(digits: string, bank: LanguageBank, joiner: string): string {
  return [...digits].map((d) => (d === '+' ? 'plus' : bank.digits[Number(d)]!)).join(joiner);
}

/** The phone as shown in the ad (or in its image) in `style`. */
export function renderPhone(rng: Rng, phone: GeneratedPhone, style: PhoneStyle, bank: LanguageBank): string {
  switch (style) {
    case 'plain':
      return rng.pick([phone.national, phone.international, phone.e164, phone.nationalDigits]);
    case 'separators': {
      const digits = baseDigits(rng, phone);
      const plus = digits.startsWith('+') ? '+' : '';
      return plus + groups(rng, digits.replace('+', '')).join(rng.pick(SEPARATORS));
    }
    case 'lookalike': {
      const shown = rng.chance(0.5) ? phone.national : phone.nationalDigits;
      const swapped = [...shown].map((ch) => {
        const options = LOOKALIKES[ch];
        return options && rng.chance(0.7) ? rng.pick(options) : ch;
      });
      // At least one look-alike, or the style would be a lie: swap the first digit that has one.
      if (swapped.join('') === shown) {
        const at = [...shown].findIndex((ch) => LOOKALIKES[ch]);
        if (at >= 0) swapped[at] = LOOKALIKES[shown[at]!]![0]!;
      }
      return swapped.join('');
    }
    case 'spaced':
      return [...baseDigits(rng, phone)].join(' ');
    case 'emoji_keycap':
      return [...phone.nationalDigits].map((d) => d + KEYCAP).join('');
    case 'fullwidth':
      return [...baseDigits(rng, phone)]
        .map((d) => (d === '+' ? '＋' : String.fromCharCode(0xff10 + Number(d))))
        .join('');
    case 'split_lines': {
      const parts = groups(rng, phone.nationalDigits);
      const lines: string[] = [];
      for (let i = 0; i < parts.length; i += 2) lines.push(parts.slice(i, i + 2).join(''));
      return lines.join('\n');
    }
    case 'words':
      return spellDigits(phone.nationalDigits, bank, rng.pick([' ', ' ', '-', ', ']));
    case 'mixed_words': {
      const digits = phone.nationalDigits;
      const cut = rng.int(3, Math.max(3, digits.length - 3));
      const head = digits.slice(0, cut);
      const tail = spellDigits(digits.slice(cut), bank, ' ');
      return rng.chance(0.5) ? `${head} ${tail}` : `${spellDigits(head, bank, ' ')} ${digits.slice(cut)}`;
    }
    case 'image':
      return rng.pick([phone.national, phone.international]);
  }
}

export const EMAIL_DOMAINS = [
  'example.com',
  'example.net',
  'example.org',
  'mail.example.com',
  'post.example.net',
];

export interface ShownEmail {
  value: string;
  shown: string;
  style: 'plain' | 'at_dot';
}

/**
 * An email address; `unique` (the ad's number, or a network's tag) keeps unrelated ads of the same
 * first name from sharing an address by accident, which ground truth would call no link.
 */
export function makeEmail(rng: Rng, name: string, bank: LanguageBank, unique: string): ShownEmail {
  const local = latin(name) + rng.pick(['', '.', '_']) + unique;
  const domain = rng.pick(EMAIL_DOMAINS);
  const value = `${local}@${domain}`;
  if (!rng.chance(0.35)) return { value, shown: value, style: 'plain' };
  const at = rng.pick(bank.emailAt);
  const dot = rng.pick(bank.emailDot);
  return { value, shown: local + at + domain.split('.').join(dot), style: 'at_dot' };
}

export const HANDLE_PLATFORMS = ['telegram', 'whatsapp', 'signal', 'instagram', 'onlyfans'] as const;
export type HandlePlatform = (typeof HANDLE_PLATFORMS)[number];

export interface ShownHandle {
  platform: HandlePlatform;
  /** Normalised value: lower-case username without "@", or E.164 digits for WhatsApp. */
  value: string;
  shown: string;
}

/** A messenger username; `unique` as for `makeEmail`. */
export function makeUsername(rng: Rng, name: string, unique: string): string {
  const base = latin(name) || 'user';
  return rng.pick([
    `${base}_${unique}`,
    `${base}${unique}`,
    `${rng.pick(['sweet', 'miss', 'lady', 'the'])}_${base}${unique}`,
    `${base}.${unique}`,
    `${base}${unique}_${rng.pick(['vip', 'love', 'real'])}`,
  ]);
}

export function renderHandle(
  rng: Rng,
  platform: HandlePlatform,
  username: string,
  phone?: GeneratedPhone,
): ShownHandle {
  const user = username.replace(/\./g, '_');
  switch (platform) {
    case 'telegram':
      return {
        platform,
        value: user,
        shown: rng.pick([`t.me/${user}`, `https://t.me/${user}`, `Telegram: @${user}`, `TG @${user}`]),
      };
    case 'whatsapp': {
      const digits = (phone?.e164 ?? '').replace('+', '');
      return { platform, value: digits, shown: rng.pick([`wa.me/${digits}`, `https://wa.me/${digits}`]) };
    }
    case 'signal': {
      // Signal usernames end in two digits; derive them from the name so a shared handle is shared.
      const value = `${user.replace(/_/g, '')}.${10 + ((user.length * 7) % 90)}`;
      return { platform, value, shown: `Signal: ${value}` };
    }
    case 'instagram':
      return {
        platform,
        value: user,
        shown: rng.pick([`instagram.com/${user}`, `IG: @${user}`, `Insta @${user}`]),
      };
    case 'onlyfans':
      return { platform, value: user, shown: rng.pick([`onlyfans.com/${user}`, `OF: onlyfans.com/${user}`]) };
  }
}
