// Contact strings as the page shows them: tel:/mailto:/messenger links and phone- or email-like
// text. Kept raw; normalising them (E.164, handles) is the classifier's job.
import type { Cheerio } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { eachMatch, isLink } from '../analysis/dom.ts';

/** Contacts kept per ad; a block with more is a directory page, not an ad. */
export const MAX_CONTACTS = 20;
/** Longest contact string kept. */
const MAX_CONTACT_CHARS = 200;

const MESSENGER_HREF =
  /^(tel:|sms:|mailto:|whatsapp:|viber:|tg:|skype:)|^https?:\/\/(wa\.me|api\.whatsapp\.com|chat\.whatsapp\.com|t\.me|telegram\.me|signal\.me|(www\.)?instagram\.com|(www\.)?onlyfans\.com|(www\.)?snapchat\.com|line\.me)\//i;
/** Phone-like runs: 8–15 digits with the usual separators, optionally international. */
const PHONE_TEXT = /(?<![\w+/.-])(?:\+|00)?\d(?:[ .\-/()]{0,2}\d){7,14}(?![\w/-])/g;
/** Messenger links written as text: "wa.me/4917…", "t.me/name", "onlyfans.com/name". */
const MESSENGER_TEXT =
  /(?:https?:\/\/)?(?:wa\.me|t\.me|telegram\.me|signal\.me|(?:www\.)?instagram\.com|(?:www\.)?onlyfans\.com)\/[\w.+-]{2,64}/gi;
/**
 * E-mail-like runs. Every match has an "@" and every messenger match a "/": texts without one are
 * skipped before the scan, which tries a run at every position and was a hot spot over notices.
 */
const EMAIL_TEXT = /[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+/g;
const DATE_LIKE = /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{4}$/;

function digitsOf(text: string): number {
  return text.replace(/\D/g, '').length;
}

/** Contact links (tel:, mailto:, messengers) inside the given elements. */
export function contactLinks(root: Cheerio<AnyNode>): string[] {
  const found: string[] = [];
  eachMatch(root, 'a[href]', isLink, (el) => {
    const href = (el as { attribs?: Record<string, string> }).attribs?.href?.trim() ?? '';
    if (MESSENGER_HREF.test(href)) found.push(href.slice(0, MAX_CONTACT_CHARS));
    return found.length < MAX_CONTACTS;
  });
  return found;
}

/** Phone- and email-like strings in plain text. */
export function contactsInText(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(PHONE_TEXT)) {
    const value = match[0].trim();
    const digits = digitsOf(value);
    if (digits < 8 || digits > 15 || DATE_LIKE.test(value)) continue;
    found.push(value.slice(0, MAX_CONTACT_CHARS));
    if (found.length >= MAX_CONTACTS) return found;
  }
  for (const re of [MESSENGER_TEXT, EMAIL_TEXT]) {
    if (!text.includes(re === EMAIL_TEXT ? '@' : '/')) continue;
    for (const match of text.matchAll(re)) {
      found.push(match[0].slice(0, MAX_CONTACT_CHARS));
      if (found.length >= MAX_CONTACTS) return found;
    }
  }
  return found;
}

/** Links and text contacts of a block, deduplicated, bounded. */
export function contactsOf(root: Cheerio<AnyNode>, text: string): string[] {
  return [...new Set([...contactLinks(root), ...contactsInText(text)])].slice(0, MAX_CONTACTS);
}

export function emailsInText(text: string): string[] {
  if (!text.includes('@')) return [];
  return [...text.matchAll(EMAIL_TEXT)].map((m) => m[0]).slice(0, MAX_CONTACTS);
}
