// An ad with no extracted entities, for tests of wording alone.
import type { Entities } from '../../../classifier/types.ts';

export function noEntities(partial: Partial<Entities> = {}): Entities {
  return {
    phones: [],
    emails: [],
    handles: [],
    ages: [],
    prices: [],
    phoneDetails: [],
    contactObfuscations: [],
    ...partial,
  };
}
