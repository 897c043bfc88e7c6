// Reviewer accounts. Passwords are hashed with scrypt (memory-hard) under a per-user salt; the cost
// parameters travel inside the hash string so they can be raised later without breaking old hashes.
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { COLLECTIONS, type UserDoc, type UserRole } from './documents.ts';

export const USER_ROLES: readonly UserRole[] = ['admin', 'analyst', 'researcher'];
/** scrypt cost: N=2^15, r=8 needs 32 MiB per hash, about 50-100 ms on a laptop core. */
export const SCRYPT_PARAMS = { N: 1 << 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
export const MIN_PASSWORD_LENGTH = 10;
/** Usernames are plain identifiers: they appear in audit entries and URLs. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,31}$/;

function scryptAsync(password: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must cover 128 * N * r bytes plus slack, else node refuses the parameters.
    scrypt(password, salt, KEY_LENGTH, { ...params, maxmem: 256 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** `scrypt$N$r$p$<salt b64>$<key b64>` */
export async function hashPassword(password: string, params: ScryptOptions = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password.normalize('NFC'), salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0)) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  const actual = await scryptAsync(password.normalize('NFC'), salt, { N, r, p });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash of a random password, verified against when the user does not exist, so timing does not
 * tell which usernames exist. Computed once, lazily. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

export type PublicUser = Omit<UserDoc, 'passwordHash'>;

export class UserRepository {
  readonly col: Collection<UserDoc>;
  constructor(db: Db) {
    this.col = db.collection<UserDoc>(COLLECTIONS.users);
  }

  /** Creates a user; returns false when the name is taken. */
  async add(name: string, role: UserRole, password: string, now = new Date()): Promise<boolean> {
    const passwordHash = await hashPassword(password);
    const result = await this.col.updateOne(
      { _id: name },
      { $setOnInsert: { _id: name, role, passwordHash, createdAt: now } },
      { upsert: true },
    );
    return result.upsertedCount === 1;
  }

  async get(name: string): Promise<UserDoc | null> {
    return this.col.findOne({ _id: name });
  }

  async list(): Promise<PublicUser[]> {
    return this.col
      .find({}, { projection: { passwordHash: 0 } })
      .sort({ _id: 1 })
      .limit(10_000)
      .toArray();
  }

  async remove(name: string): Promise<boolean> {
    return (await this.col.deleteOne({ _id: name })).deletedCount === 1;
  }

  async count(): Promise<number> {
    return this.col.countDocuments({});
  }

  /** The user when the password matches and the account is enabled; null otherwise. */
  async authenticate(name: string, password: string): Promise<UserDoc | null> {
    const user = await this.get(name);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    return ok && user && !user.disabled ? user : null;
  }
}
