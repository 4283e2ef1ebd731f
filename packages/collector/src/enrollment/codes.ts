import { randomInt } from 'node:crypto';
import { hashToken } from '../core/index.js';

// Crockford's base32 without I, L, O, U: nothing a technician can misread on a phone screen.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new one-time code, `XXXX-XXXX-XXXX` (60 bits): short to type, too long to guess under the throttle. */
export function newEnrollmentCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** Upper-cases and drops separators, so `abcd efgh-jkmn` matches `ABCD-EFGH-JKMN`. */
export function normalizeEnrollmentCode(code: string): string {
  return code
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[OIL]/g, (c) => (c === 'O' ? '0' : '1'));
}

/** What the registry stores for a code: its SHA-256 after normalising. */
export const hashEnrollmentCode = (code: string): string => hashToken(`enroll:${normalizeEnrollmentCode(code)}`);
