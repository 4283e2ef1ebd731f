import type { FastifyRequest } from 'fastify';
import type { Role } from './access.js';
import { HttpError } from './errors.js';

/** Who an agent token belongs to. */
export interface AgentIdentity {
  agentId: string;
  workshopId: string;
}

/**
 * Who is calling: a signed-in user, an API token's user, or a token of collector.yaml's
 * `apiTokens:` list, with the workshops they may see.
 */
export interface Principal {
  /** The user's id (for a collector.yaml token: the entry's `id`). */
  userId: string;
  /** The user's name (for a collector.yaml token: the entry's `id`). */
  username: string;
  role: Role;
  /** `all` for programme-wide roles; the assigned/own workshops otherwise. */
  workshopIds: readonly string[] | 'all';
  /** How the caller authenticated; session callers must pass the CSRF check on unsafe methods. */
  via: 'session' | 'api_token';
  /** The session's CSRF token (session callers only). */
  csrfToken?: string;
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
  if (!p) throw new HttpError('unauthorized', 'sign in first / 먼저 로그인하세요');
  return p;
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
  if (!canSee(p, workshopId)) throw new HttpError('not_found', `${what} not found`);
  return p;
}

/** The agent on an `agent` route. */
export function requireAgent(request: FastifyRequest): AgentIdentity {
  const a = request.agentIdentity;
  if (!a) throw new HttpError('unauthorized', 'agent token required');
  return a;
}

/** Resolves an agent bearer token to its agent, or null. */
export interface AgentAuthenticator {
  authenticate(token: string): Promise<AgentIdentity | null>;
}

/** Resolves the caller of a request (bearer API token or session cookie) to a principal, or null. */
export interface UserAuthenticator {
  authenticate(request: FastifyRequest): Promise<Principal | null>;
}
