import type { FastifyRequest } from 'fastify';
import type { ApiTokenEntry } from '../config/index.js';
import { sha256Hex } from './agent-token.js';
import type { Role } from './route-access.js';

/** A signed-in person or API token. */
export interface UserIdentity {
  userId: string;
  role: Role;
  /** Workshops the user may see; `all` for programme-wide roles. */
  workshopIds: readonly string[] | 'all';
}

/**
 * Authenticates people (sessions, API tokens). The interim implementation reads the
 * `apiTokens:` list of collector.yaml; the registry replaces it with users and sessions.
 */
export interface UserAuthenticator {
  authenticate(request: FastifyRequest): Promise<UserIdentity | null>;
}

/** The bearer token of a request, or undefined. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}

/** `Authorization: Bearer <api token>` against the `apiTokens:` list, looked up by SHA-256. */
export class ApiTokenUserAuthenticator implements UserAuthenticator {
  private readonly byHash = new Map<string, UserIdentity>();

  constructor(entries: readonly ApiTokenEntry[]) {
    for (const e of entries) {
      this.byHash.set(e.tokenSha256 ?? sha256Hex(e.token!), {
        userId: e.id,
        role: e.role,
        workshopIds: e.workshops,
      });
    }
  }

  async authenticate(request: FastifyRequest): Promise<UserIdentity | null> {
    const token = bearerToken(request);
    return token === undefined ? null : (this.byHash.get(sha256Hex(token)) ?? null);
  }
}

/** True when the user may see the workshop (workshop-scoped roles see only their own). */
export function canSeeWorkshop(user: UserIdentity, workshopId: string): boolean {
  return user.workshopIds === 'all' || user.workshopIds.includes(workshopId);
}
