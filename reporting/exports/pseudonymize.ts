// Pseudonymisation of exported records: contacts become keyed tokens (consistent within one export
// and across exports with the same key) and free text that could carry contacts is dropped or
// scrubbed. The key never appears in the output.
import type { Pseudonymizer } from '../../core/pseudonym.ts';

export interface ContactEntities {
  phones: string[];
  emails: string[];
  handles: Array<{ platform: string; value: string }>;
  ages: number[];
}

export function pseudonymizeEntities(entities: ContactEntities, ps: Pseudonymizer): ContactEntities {
  return {
    phones: entities.phones.map((p) => ps(`phone:${p}`)),
    emails: entities.emails.map((e) => ps(`email:${e}`)),
    handles: entities.handles.map((h) => ({
      platform: h.platform,
      value: ps(`handle:${h.platform}:${h.value}`),
    })),
    ages: entities.ages,
  };
}

// Digit runs long enough to be a phone (with separators), emails, and @handles.
const CONTACT_LIKE = /(?:\+?\d[\d\s().\-/]{5,}\d)|(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+)|(?:@[\w.]{3,})/g;

/** Masks anything contact-like in a snippet of ad text (indicator evidence, names). */
export function scrubContacts(text: string): string {
  return text.replace(CONTACT_LIKE, '[contact]');
}
