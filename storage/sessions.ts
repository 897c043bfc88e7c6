// Server-side sessions for the review app. The browser holds a random token; the store keeps only
// its sha256, so a copy of the database does not let anyone log in. Each session carries its own
// CSRF synchroniser token. Expiry is enforced on read and by a TTL index on `expiresAt`.
import { randomBytes } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { sha256Hex } from '../core/ids.ts';
import { COLLECTIONS, type UserRole } from './documents.ts';

/** Idle sessions end after 8 hours: a working day. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
const TOKEN_BYTES = 32;

export interface SessionDoc {
  _id: string; // sha256 of the cookie token
  user: string;
  role: UserRole;
  csrf: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface NewSession {
  token: string;
  session: SessionDoc;
}

export class SessionRepository {
  readonly col: Collection<SessionDoc>;
  constructor(
    db: Db,
    private readonly ttlMs = SESSION_TTL_MS,
  ) {
    this.col = db.collection<SessionDoc>(COLLECTIONS.sessions);
  }

  async create(user: string, role: UserRole, now = new Date()): Promise<NewSession> {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const session: SessionDoc = {
      _id: sha256Hex(token),
      user,
      role,
      csrf: randomBytes(TOKEN_BYTES).toString('base64url'),
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.ttlMs),
    };
    await this.col.insertOne(session);
    return { token, session };
  }

  /** The live session for a cookie token, or null (unknown, malformed or expired). */
  async find(token: string, now = new Date()): Promise<SessionDoc | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const session = await this.col.findOne({ _id: sha256Hex(token) });
    if (!session || session.expiresAt.getTime() <= now.getTime()) return null;
    return session;
  }

  async destroy(token: string): Promise<void> {
    await this.col.deleteOne({ _id: sha256Hex(token) });
  }

  /** Ends every session of a user (account removed or disabled). */
  async destroyUser(user: string): Promise<number> {
    return (await this.col.deleteMany({ user })).deletedCount;
  }
}
