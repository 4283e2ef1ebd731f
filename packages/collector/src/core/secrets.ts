import { createHash, randomBytes } from 'node:crypto';

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

/** Constant-time comparison of secrets: the project's one, shared with the agent. */
export { safeEqual } from '@gongbang/shared/node';

/** The bearer token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}
