import type { FastifyRequest } from 'fastify';
import { RegistryError } from '../registry/errors.js';
import type { Principal } from '../users/types.js';

/** Who an agent token belongs to (structurally the same as agent-token.ts's AgentIdentity). */
export interface AgentIdentity {
  agentId: string;
  workshopId: string;
}

/** Resolves an agent bearer token (structurally agent-token.ts's AgentAuthenticator). */
export interface AgentTokenAuthenticator {
  authenticate(token: string): Promise<AgentIdentity | null>;
}

/** Resolves the user of a request (structurally user-auth.ts's UserAuthenticator). */
export interface RequestUserAuthenticator {
  authenticate(
    request: FastifyRequest,
  ): Promise<{ userId: string; role: Principal['role']; workshopIds: readonly string[] | 'all' } | null>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller on `access: { roles }` routes, set by the access plugin. */
    principal?: Principal;
    /** The agent on `access: 'agent'` routes, set by the access plugin. */
    agentIdentity?: AgentIdentity;
  }
}

/** True when the caller may see the workshop. */
export function canSee(p: { workshopIds: readonly string[] | 'all' }, workshopId: string): boolean {
  return p.workshopIds === 'all' || p.workshopIds.includes(workshopId);
}

/** The caller on a `{ roles }` route (the access plugin has refused everyone else). */
export function requirePrincipal(request: FastifyRequest): Principal {
  const p = request.principal;
  if (!p) throw new RegistryError('unauthorized', 'sign in first / 먼저 로그인하세요');
  // A token from collector.yaml's `apiTokens:` list has an id but no username or session.
  return { ...p, username: p.username ?? p.userId, via: p.via ?? 'api_token' };
}

/**
 * Throws 404 unless the caller may see the workshop: someone else's workshop looks exactly
 * like one that does not exist, so an owner cannot even learn which ids are taken.
 */
export function requireWorkshop(
  request: FastifyRequest,
  workshopId: string,
  what = `workshop "${workshopId}"`,
): Principal {
  const p = requirePrincipal(request);
  if (!canSee(p, workshopId)) throw new RegistryError('not_found', `${what} not found`);
  return p;
}

/** The agent on an `agent` route. */
export function requireAgent(request: FastifyRequest): AgentIdentity {
  const a = request.agentIdentity;
  if (!a) throw new RegistryError('unauthorized', 'agent token required');
  return a;
}
