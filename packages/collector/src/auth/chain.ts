import type { FastifyRequest } from 'fastify';
import type { AgentAuthenticator, AgentIdentity, Principal, UserAuthenticator } from '../core/index.js';

/**
 * Agent tokens checked by each authenticator in turn: the registry's enrolled agents first,
 * then collector.yaml's `agents:` list (kept working for existing deployments).
 */
export function chainAgentAuthenticators(...auths: AgentAuthenticator[]): AgentAuthenticator {
  return {
    async authenticate(token: string): Promise<AgentIdentity | null> {
      for (const a of auths) {
        const id = await a.authenticate(token);
        if (id) return id;
      }
      return null;
    },
  };
}

/** Callers resolved by each authenticator in turn: registry sessions and API tokens, then collector.yaml's `apiTokens:`. */
export function chainUserAuthenticators(...auths: UserAuthenticator[]): UserAuthenticator {
  return {
    async authenticate(request: FastifyRequest): Promise<Principal | null> {
      for (const a of auths) {
        const u = await a.authenticate(request);
        if (u) return u;
      }
      return null;
    },
  };
}
