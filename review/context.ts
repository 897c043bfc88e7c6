// What every route of the review app shares: the database repositories, the pseudonymizer for
// researchers, and the settings the app was built with.
import type { Collection, Db } from 'mongodb';
import type { Pseudonymizer } from '../core/pseudonym.ts';
import type { AuditLog } from '../storage/audit.ts';
import type { AdDoc } from '../storage/index.ts';
import type { ReviewRepository } from '../storage/reviews.ts';
import type { SessionRepository } from '../storage/sessions.ts';
import type { UserRepository } from '../storage/users.ts';

/** The part of adrisk's configuration the review app reads (structurally a subset of Config). */
export interface ReviewConfig {
  privacy: { pseudonymKey?: string; retentionDays: number };
  review?: { secureCookies?: boolean };
}

export interface ReviewContext {
  db: Db;
  ads: Collection<AdDoc>;
  users: UserRepository;
  sessions: SessionRepository;
  audit: AuditLog;
  reviews: ReviewRepository;
  ps: Pseudonymizer;
  config: ReviewConfig;
  /** Set the Secure flag on cookies even over plain HTTP (behind a TLS-terminating proxy). */
  secureCookies: boolean;
}
