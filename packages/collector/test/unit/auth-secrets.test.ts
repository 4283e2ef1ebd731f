import { describe, expect, it } from 'vitest';
import { bearerToken, hashToken, newToken, safeEqual } from '../../src/core/secrets.js';
import { hashEnrollmentCode, newEnrollmentCode, normalizeEnrollmentCode } from '../../src/enrollment/codes.js';
import { hashPassword, verifyPassword } from '../../src/users/password.js';

const CHEAP = { N: 1024, r: 8, p: 1 };

describe('passwords', () => {
  it('hash with scrypt and a fresh salt each time, and verify', async () => {
    const a = await hashPassword('비밀번호-long-enough', CHEAP);
    const b = await hashPassword('비밀번호-long-enough', CHEAP);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('비밀번호-long-enough', a)).toBe(true);
    expect(await verifyPassword('비밀번호-long-enougH', a)).toBe(false);
  });

  it('treat Unicode forms of one password alike (NFC)', async () => {
    const h = await hashPassword('한글암호입니다만', CHEAP);
    expect(await verifyPassword('한글암호입니다만'.normalize('NFD'), h)).toBe(true);
  });

  it('never match a malformed or foreign hash', async () => {
    for (const bad of ['', 'scrypt$1024', 'bcrypt$2b$10$abc', 'scrypt$x$8$1$salt$hash']) {
      expect(await verifyPassword('anything', bad).catch(() => false)).toBe(false);
    }
  });

  it('defaults to a memory-hard cost (32 MiB per hash)', async () => {
    const h = await hashPassword('default-cost-password');
    const [, n, r] = h.split('$');
    expect(128 * Number(n) * Number(r)).toBe(32 * 1024 * 1024);
  });
});

describe('tokens', () => {
  it('are 256-bit random values with a kind prefix; only their SHA-256 is kept', () => {
    const t = newToken('agent');
    expect(t).toMatch(/^gba_[\w-]{43}$/);
    expect(newToken('agent')).not.toBe(t);
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('compare in constant time and read bearer headers', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(bearerToken('Bearer gba_x')).toBe('gba_x');
    expect(bearerToken('bearer  gba_x ')).toBe('gba_x');
    expect(bearerToken('Basic abc')).toBeUndefined();
  });
});

describe('enrollment codes', () => {
  it('look like XXXX-XXXX-XXXX without confusable letters', () => {
    for (let i = 0; i < 50; i++)
      expect(newEnrollmentCode()).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}$/);
  });

  it('forgive case, spaces, dashes and O/0, I/L/1 when typed', () => {
    expect(normalizeEnrollmentCode(' 7kq2 m9xd-4tra ')).toBe('7KQ2M9XD4TRA');
    expect(hashEnrollmentCode('ABO0-1IL2-XYZW')).toBe(hashEnrollmentCode('ab00-1112-xyzw'));
  });
});
