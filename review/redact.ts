// Contact redaction for researchers. Structured contacts (phones, emails, handles) become keyed
// pseudonyms; free text (titles, bodies, OCR text, names, URLs, comments) has anything contact-like
// masked, including the ad's own known contacts in whatever spelling the page used.
import type { Pseudonymizer } from '../core/pseudonym.ts';

export const MASK = '[contact]';

// Digit runs long enough to be a phone (with separators), emails, @handles, and links to messengers.
const CONTACT_LIKE =
  /(?:\+?\d[\d\s().\-/\u00a0]{4,}\d)|(?:[\w.+-]+(?:@|\s*\(at\)\s*|\s*\[at\]\s*)[\w-]+(?:\.[\w-]+)+)|(?:@[\w.]{3,})|(?:(?:t\.me|wa\.me|telegram\.me|instagram\.com|onlyfans\.com)\/[\w.-]+)/gi;

const ADJACENT_MASKS = /\[contact\](?:[\s\-.()/+]*\[contact\])+/g;

export interface KnownContacts {
  phones: readonly string[];
  emails: readonly string[];
  handles: ReadonlyArray<{ platform: string; value: string }>;
  raw?: readonly string[];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A masker for one ad: its own contacts first (exact spellings), then the generic patterns. */
export function textMasker(known: KnownContacts): (text: string) => string {
  const literals = [...(known.raw ?? []), ...known.emails, ...known.handles.map((h) => h.value)]
    .map((s) => s.trim())
    .filter((s) => s.length >= 3)
    .sort((a, b) => b.length - a.length)
    .slice(0, 200);
  const literalPattern =
    literals.length > 0 ? new RegExp(literals.map(escapeRegExp).join('|'), 'gi') : undefined;
  // National forms of known phones: the last 7+ digits, allowing separators between them.
  const phoneTails = known.phones
    .map((p) => p.replace(/\D/g, '').slice(-7))
    .filter((d) => d.length === 7)
    .map((d) => d.split('').join('[^\\dA-Za-z]{0,3}'));
  const phonePattern = phoneTails.length > 0 ? new RegExp(phoneTails.join('|'), 'g') : undefined;
  return (text: string) => {
    let out = text;
    if (literalPattern) out = out.replace(literalPattern, MASK);
    if (phonePattern) out = out.replace(phonePattern, MASK);
    // One contact masked in pieces (known tail, then the rest) reads as one mask.
    return out.replace(CONTACT_LIKE, MASK).replace(ADJACENT_MASKS, MASK);
  };
}

export function pseudonymizeContacts(known: KnownContacts, ps: Pseudonymizer) {
  return {
    phones: known.phones.map((p) => ps(`phone:${p}`)),
    emails: known.emails.map((e) => ps(`email:${e}`)),
    handles: known.handles.map((h) => ({
      platform: h.platform,
      value: ps(`handle:${h.platform}:${h.value}`),
    })),
  };
}
