import type {} from 'fastify';

/**
 * Every route declares who may call it in its route options:
 *   app.get('/api/v1/x', { config: { access: { roles: ['admin', 'evaluator'] } } }, handler)
 * - `public`: anyone (healthz, readyz, docs, login)
 * - `agent`: an agent bearer token (ingest, heartbeat, config pull)
 * - `{ roles }`: a signed-in user or API token with one of these roles. Workshop-scoped roles
 *   (owner, technician) only ever see their own/assigned workshops; others' data answers 404.
 * A route without a declaration is refused at startup (the registry's access plugin checks it).
 */
export type Role = 'admin' | 'evaluator' | 'technician' | 'owner';
export type RouteAccess = 'public' | 'agent' | { roles: readonly Role[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}
