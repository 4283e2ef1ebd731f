import type { Role, RouteAccess } from './route-access.js';

/** Route options that declare who may call a route (see route-access.ts). */
export const allow = (...roles: Role[]): { config: { access: RouteAccess } } => ({ config: { access: { roles } } });
export const PUBLIC: { config: { access: RouteAccess } } = { config: { access: 'public' } };
export const AGENT: { config: { access: RouteAccess } } = { config: { access: 'agent' } };

/** Everyone signed in; workshop-scoped roles still see only their workshops. */
export const ANY_USER: Role[] = ['admin', 'evaluator', 'technician', 'owner'];
/** Who may look at agents and their configs. */
export const AGENT_READERS: Role[] = ['admin', 'evaluator', 'technician'];
/** Who may change agents, devices and configs: technicians in their assigned workshops. */
export const AGENT_WRITERS: Role[] = ['admin', 'technician'];

/** Adds an OpenAPI summary and tag (shown at /docs) to route options that declare access. */
export const doc = <O extends { config: { access: RouteAccess } }>(options: O, summary: string, tag = 'registry') => ({
  ...options,
  schema: { summary, tags: [tag] },
});

/**
 * Public routes that take secrets from strangers (login, enrollment): besides the failure
 * throttle in the registry, at most 60 requests a minute per client address when the app
 * registers @fastify/rate-limit (app.ts does).
 */
export const PUBLIC_LIMITED = {
  config: {
    access: 'public' as RouteAccess,
    rateLimit: {
      max: 60,
      timeWindow: 60_000,
      errorResponseBuilder: (_req: unknown, ctx: { max: number; after: string; ttl: number }) =>
        Object.assign(new Error(`rate limit: ${ctx.max} requests per ${ctx.after}; retry later`), {
          statusCode: 429,
          apiCode: 'rate_limited',
          retryAfterS: Math.max(1, Math.ceil(ctx.ttl / 1000)),
        }),
    },
  },
};
