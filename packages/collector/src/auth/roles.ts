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
