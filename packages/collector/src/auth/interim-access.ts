import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from '../http/errors.js';
import type { AgentAuthenticator, AgentIdentity } from './agent-token.js';
import type { RouteAccess } from './route-access.js';
import { bearerToken, type UserAuthenticator, type UserIdentity } from './user-auth.js';

/** What an access plugin gets from buildApp (the registry's `accessControl` takes the same). */
export interface AccessOptions {
  agentAuth: AgentAuthenticator;
  userAuth: UserAuthenticator;
  /** Prefixes whose undeclared routes (third-party plugins such as Swagger UI) are public. */
  publicPrefixes?: readonly string[];
}

// The same request properties the registry's access plugin sets, read through these helpers
// so either plugin can run in front of the collector's routes.
type WithIdentity = { agentIdentity?: AgentIdentity; principal?: UserIdentity };

/** The authenticated agent of an `access: 'agent'` route. */
export const agentOf = (request: FastifyRequest): AgentIdentity | undefined => (request as WithIdentity).agentIdentity;

/** The authenticated user of an `access: { roles }` route. */
export const userOf = (request: FastifyRequest): UserIdentity | undefined => (request as WithIdentity).principal;

/**
 * The interim access plugin: enforces each route's `config.access` with the token lists of
 * collector.yaml until the registry's plugin (users, sessions, enrolled agents) replaces it.
 * A route without a declaration is refused when it is registered.
 */
async function interimAccess(app: FastifyInstance, opts: AccessOptions): Promise<void> {
  const publicPrefixes = opts.publicPrefixes ?? [];
  app.decorateRequest('agentIdentity', undefined);
  app.decorateRequest('principal', undefined);
  app.addHook('onRoute', (route) => {
    if (route.config?.access !== undefined) return;
    if (publicPrefixes.some((p) => route.url.startsWith(p))) {
      route.config = { ...route.config, access: 'public' };
      return;
    }
    throw new Error(`route ${route.method} ${route.url} declares no config.access (see auth/route-access.ts)`);
  });
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const rule = request.routeOptions.config?.access as RouteAccess | undefined;
    if (rule === undefined || rule === 'public') return;
    if (rule === 'agent') {
      const token = bearerToken(request);
      const agent = token === undefined ? null : await opts.agentAuth.authenticate(token);
      if (!agent) throw new HttpError('unauthorized', 'missing or unknown agent token (Authorization: Bearer …)');
      (request as WithIdentity).agentIdentity = agent;
      return;
    }
    const user = await opts.userAuth.authenticate(request);
    if (!user) throw new HttpError('unauthorized', 'sign in or send an API token (Authorization: Bearer …)');
    if (!rule.roles.includes(user.role)) throw new HttpError('forbidden', `role ${user.role} may not use this route`);
    (request as WithIdentity).principal = user;
  });
}

export const interimAccessPlugin = fp(interimAccess, { name: 'gongbang-interim-access' });
