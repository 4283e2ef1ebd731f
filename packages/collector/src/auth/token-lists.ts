import type { AgentEntry, ApiTokenEntry } from '../config/index.js';
import {
  type AgentAuthenticator,
  type AgentIdentity,
  bearerToken,
  hashToken,
  type Principal,
  type UserAuthenticator,
} from '../core/index.js';

/**
 * The `agents:` list of collector.yaml. Tokens are looked up by their SHA-256, so no
 * comparison ever runs over the secret itself (no timing side channel on the token).
 */
export class TokenListAgentAuthenticator implements AgentAuthenticator {
  private readonly byHash = new Map<string, AgentIdentity>();

  constructor(entries: readonly AgentEntry[]) {
    for (const e of entries) {
      const hash = e.tokenSha256 ?? hashToken(e.token!);
      if (this.byHash.has(hash)) throw new Error(`agents: two entries share one token (agent ${e.id})`);
      this.byHash.set(hash, { agentId: e.id, workshopId: e.workshop });
    }
  }

  async authenticate(token: string): Promise<AgentIdentity | null> {
    return this.byHash.get(hashToken(token)) ?? null;
  }
}

/**
 * The `apiTokens:` list of collector.yaml, by SHA-256 like the agents'. Its callers are API
 * token principals named by the entry's `id` (they have no session, so no CSRF token).
 */
export class TokenListUserAuthenticator implements UserAuthenticator {
  private readonly byHash = new Map<string, Principal>();

  constructor(entries: readonly ApiTokenEntry[]) {
    for (const e of entries) {
      this.byHash.set(
        e.tokenSha256 ?? hashToken(e.token!),
        Object.freeze({ userId: e.id, username: e.id, role: e.role, workshopIds: e.workshops, via: 'api_token' }),
      );
    }
  }

  async authenticate(request: Parameters<UserAuthenticator['authenticate']>[0]): Promise<Principal | null> {
    const token = bearerToken(request.headers.authorization);
    return token === undefined ? null : (this.byHash.get(hashToken(token)) ?? null);
  }
}
