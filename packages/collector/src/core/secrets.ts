import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefixes tell token kinds apart at a glance (and in leaked-secret scanners). */
export const TOKEN_PREFIX = { agent: 'gba_', user: 'gbu_', session: 'gbs_' } as const;

/** A new high-entropy token (256 bits, base64url) with its kind's prefix. */
export function newToken(kind: keyof typeof TOKEN_PREFIX): string {
  return `${TOKEN_PREFIX[kind]}${randomBytes(32).toString('base64url')}`;
}

/**
 * What is stored instead of a token: its SHA-256, hex. A slow hash is not needed here: the
 * token has 256 bits of entropy, so the hash cannot be reversed by guessing. Tokens are also
 * looked up by this hash, so no comparison ever runs over the secret itself.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The collector's one constant-time comparison: time does not depend on where two secrets
 * differ. Strings are compared as UTF-8. Different lengths answer false after a comparison of
 * the same cost, so length is all that leaks.
 */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const ab = typeof a === 'string' ? Buffer.from(a, 'utf8') : a;
  const bb = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}

/** The bearer token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}
