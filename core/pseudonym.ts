// Keyed pseudonyms for research exports and for researchers in the review app: the same contact
// always maps to the same token under one key, and without the key the token cannot be reversed
// or checked against a guessed phone number (a plain hash could be, by enumerating numbers).
import { createHmac } from 'node:crypto';
import { ConfigError } from './errors.ts';

export const PSEUDONYM_PREFIX = 'ps_';
const MIN_KEY_LENGTH = 16;

export type Pseudonymizer = (value: string) => string;

/** Returns a function that maps a value to `ps_<20 hex chars>` under `key`. */
export function pseudonymizer(key: string | undefined): Pseudonymizer {
  if (!key || key.length < MIN_KEY_LENGTH) {
    throw new ConfigError(
      `pseudonymisation needs a key of at least ${MIN_KEY_LENGTH} characters: set ADRISK_PSEUDONYM_KEY or privacy.pseudonymKey in adrisk.config.json`,
    );
  }
  return (value: string) =>
    PSEUDONYM_PREFIX + createHmac('sha256', key).update(value.normalize('NFC')).digest('hex').slice(0, 20);
}
