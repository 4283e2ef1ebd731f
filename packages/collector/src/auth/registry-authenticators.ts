import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import {
  type AgentAuthenticator,
  type AgentIdentity,
  bearerToken,
  type Principal,
  type UserAuthenticator,
} from '../core/index.js';
import type { AgentRepository } from '../registry/index.js';
import type { ApiTokenRepository, SessionRepository, UserRepository } from '../users/index.js';

/** Name of the browser session cookie. */
export const SESSION_COOKIE = 'gb_session';

/** Agent tokens checked against the registry on every request (no cache: rotation and revocation act at once). */
export class RegistryAgentAuthenticator implements AgentAuthenticator {
  private readonly touched = new Map<string, number>();
  constructor(
    private readonly registry: { agents: Pick<AgentRepository, 'authenticate' | 'touch'> },
    /** How often an agent's "last seen" is written on its requests, ms. Default 60,000. */
    private readonly lastSeenEveryMs = 60_000,
  ) {}

  async authenticate(token: string): Promise<AgentIdentity | null> {
    const identity = await this.registry.agents.authenticate(token);
    if (!identity) return null;
    // Every request (ingest too) counts as "seen", written at most once a minute per agent.
    const now = Date.now();
    if (now - (this.touched.get(identity.agentId) ?? 0) >= this.lastSeenEveryMs) {
      this.touched.set(identity.agentId, now);
      await this.registry.agents.touch(identity.agentId);
    }
    return identity;
  }
}

/** Users by API bearer token (scripts) or session cookie (browsers). */
export class RegistryUserAuthenticator implements UserAuthenticator {
  constructor(
    private readonly registry: { apiTokens: ApiTokenRepository; sessions: SessionRepository; users: UserRepository },
  ) {}

  async authenticate(request: FastifyRequest): Promise<Principal | null> {
    const token = bearerToken(request.headers.authorization);
    if (token) {
      const userId = await this.registry.apiTokens.authenticate(token);
      return userId ? ((await this.registry.users.principal(userId, 'api_token')) ?? null) : null;
    }
    const cookie = request.cookies?.[SESSION_COOKIE];
    if (!cookie) return null;
    const s = await this.registry.sessions.lookup(cookie);
    return s ? ((await this.registry.users.principal(s.userId, 'session', s.csrfToken)) ?? null) : null;
  }
}
