import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefixes tell token kinds apart at a glance (and in leaked-secret scanners). */
export const TOKEN_PREFIX = { agent: 'gba_', user: 'gbu_', session: 'gbs_' } as const;

/** A new high-entropy token (256 bits, base64url) with its kind's prefix. */
export function newToken(kind: keyof typeof TOKEN_PREFIX): string {
  return `${TOKEN_PREFIX[kind]}${randomBytes(32).toString('base64url')}`;
}

/**
 * What the registry stores instead of a token: its SHA-256, hex. A slow hash is not needed
 * here: the token has 256 bits of entropy, so the hash cannot be reversed by guessing.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two strings in time that does not depend on where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ab.length !== bb.length) {
    // Still spend the comparison so length alone is all that leaks.
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
