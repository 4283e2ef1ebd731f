import type {} from 'fastify';
import { z } from 'zod';
import { HttpError } from './errors.js';

/** The roles of people, in order of reach. The one list: config, users and routes derive from it. */
export const ROLES = ['admin', 'evaluator', 'technician', 'owner'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);
/** Roles that see the whole programme; the others see only their own/assigned workshops. */
export const PROGRAMME_ROLES: readonly Role[] = ['admin', 'evaluator'];

/**
 * Every route declares who may call it in its route options:
 *   app.get('/api/v1/x', { config: { access: { roles: ['admin', 'evaluator'] } } }, handler)
 * - `public`: anyone (healthz, readyz, docs, login)
 * - `agent`: an agent bearer token (ingest, heartbeat, config pull)
 * - `{ roles }`: a signed-in user or API token with one of these roles. Workshop-scoped roles
 *   (owner, technician) only ever see their own/assigned workshops; others' data answers 404.
 * A route without a declaration is refused at startup by the access plugin (auth/access-plugin.ts).
 */
export type RouteAccess = 'public' | 'agent' | { roles: readonly Role[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

/** Route options that declare who may call a route. */
export const allow = (...roles: Role[]): { config: { access: RouteAccess } } => ({ config: { access: { roles } } });
export const AGENT: { config: { access: RouteAccess } } = { config: { access: 'agent' } };

/** Everyone signed in; workshop-scoped roles still see only their workshops. */
export const ANY_USER: Role[] = [...ROLES];
/** Who may look at agents and their configs. */
export const AGENT_READERS: Role[] = ROLES.filter((r) => r !== 'owner');
/** Who may change agents, devices and configs: technicians in their assigned workshops. */
export const AGENT_WRITERS: Role[] = ['admin', 'technician'];

/** Adds an OpenAPI summary and tag (shown at /docs) to route options that declare access. */
export const doc = <O extends { config: { access: RouteAccess } }>(options: O, summary: string, tag = 'registry') => ({
  ...options,
  schema: { summary, tags: [tag] },
});

/** The error @fastify/rate-limit throws when a client is over its limit: a typed `rate_limited`. */
export const rateLimitError = (_req: unknown, ctx: { max: number; after: string; ttl: number }): HttpError =>
  new HttpError('rate_limited', `rate limit: ${ctx.max} requests per ${ctx.after}; retry later`, {
    retryAfterS: Math.max(1, Math.ceil(ctx.ttl / 1000)),
  });

/**
 * Public routes that take secrets from strangers (login, enrollment): besides the failure
 * throttle in the registry, at most 60 requests a minute per client address (app.ts registers
 * @fastify/rate-limit).
 */
export const PUBLIC_LIMITED = {
  config: {
    access: 'public' as RouteAccess,
    rateLimit: { max: 60, timeWindow: 60_000, errorResponseBuilder: rateLimitError },
  },
};
