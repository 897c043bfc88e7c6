import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../storage/users.ts';

const FAST = { N: 1 << 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('stores scrypt parameters and a per-user salt in the hash string', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
  });

  it('verifies the right password and rejects a wrong one, under the parameters in the hash', async () => {
    const hash = await hashPassword('correct horse battery', FAST);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batter', hash)).toBe(false);
  });

  it('rejects malformed hashes instead of throwing', async () => {
    for (const bad of ['', 'plain', 'scrypt$0$8$1$AA==$AA==', 'bcrypt$1$2$3$4$5', 'scrypt$x$8$1$AA==$AA==']) {
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });
});
