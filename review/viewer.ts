// Who is looking: the logged-in user and what their role lets them see. Researchers see contacts
// only as keyed pseudonyms, so every route builds what it shows through `presentAd` with the viewer.
import type { Pseudonymizer } from '../core/pseudonym.ts';
import type { UserRole } from '../storage/index.ts';

export interface Viewer {
  user: string;
  role: UserRole;
  csrf: string;
}

/** How contacts reach this viewer: as they are, or through the pseudonymizer. */
export interface ContactPolicy {
  pseudonymize: boolean;
  ps: Pseudonymizer;
}

export function seesContacts(viewer: Viewer): boolean {
  return viewer.role !== 'researcher';
}

export function canDecide(viewer: Viewer): boolean {
  return viewer.role !== 'researcher';
}
