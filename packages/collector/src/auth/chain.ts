import type { FastifyRequest } from 'fastify';
import type { AgentIdentity, AgentTokenAuthenticator, RequestUserAuthenticator } from './principal.js';

type UserResult = Awaited<ReturnType<RequestUserAuthenticator['authenticate']>>;

/**
 * Agent tokens checked by each authenticator in turn (the registry first, then e.g. the
 * `agents:` list of collector.yaml, kept working for existing deployments and tests).
 */
export function chainAgentAuthenticators(...auths: AgentTokenAuthenticator[]): AgentTokenAuthenticator {
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

/** Users resolved by each authenticator in turn (registry sessions and API tokens, then the config's `apiTokens:`). */
export function chainUserAuthenticators(...auths: RequestUserAuthenticator[]): RequestUserAuthenticator {
  return {
    async authenticate(request: FastifyRequest): Promise<UserResult> {
      for (const a of auths) {
        const u = await a.authenticate(request);
        if (u) return u;
      }
      return null;
    },
  };
}
