import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { accessControl } from '../auth/access-plugin.js';
import { errorBody } from '../auth/errors.js';
import { RegistryAgentAuthenticator, RegistryUserAuthenticator } from '../auth/registry-authenticators.js';
import { authRoutes } from '../auth/routes.js';
import { enrollmentRoutes } from '../enrollment/routes.js';
import { remoteConfigRoutes } from '../remote-config/routes.js';
import { userRoutes } from '../users/routes.js';
import { RegistryError } from './errors.js';
import type { Registry } from './registry.js';
import { agentRoutes } from './routes/agents.js';
import { workshopRoutes } from './routes/workshops.js';

/** Options of the registry's HTTP side. */
export interface RegistryHttpOptions {
  registry: Registry;
  /** Session cookie `Secure` flag. Default true (browsers then send it over HTTPS only). */
  secureCookies?: boolean;
  /** Prefixes whose undeclared routes are public (third-party plugins such as `/docs`). Default none. */
  publicPrefixes?: readonly string[];
  /** Stop the registry when the app closes (the registry was opened for this app). Default false. */
  stopRegistryOnClose?: boolean;
}

/**
 * Cookie parsing and the access plugin with registry-backed authenticators, for the whole
 * app. Register before any route: routes registered later without `config.access` are refused.
 */
export const registryAccess = fp<RegistryHttpOptions>(
  async (app, opts) => {
    await app.register(accessControl, {
      agentAuth: new RegistryAgentAuthenticator(opts.registry),
      userAuth: new RegistryUserAuthenticator(opts.registry),
      publicPrefixes: opts.publicPrefixes,
    });
  },
  { name: 'gongbang-registry-access', fastify: '5.x' },
);

/** Registry, login, enrollment and remote-config routes, with their own typed error answers. */
export async function registryRoutes(app: FastifyInstance, opts: RegistryHttpOptions): Promise<void> {
  app.setErrorHandler((err: FastifyError | RegistryError, _request, reply) => {
    if (err instanceof RegistryError) {
      if (err.details?.retryAfterS) reply.header('retry-after', String(err.details.retryAfterS));
      const extra: Record<string, unknown> = {};
      if (err.details?.issues) extra.issues = err.details.issues;
      if (err.details?.retryAfterS) extra.retryAfterS = err.details.retryAfterS;
      return reply.code(err.status).send(errorBody(err.code, err.message, err.retryable, extra));
    }
    // Everything else (the access plugin's HttpError, body parsing) goes to the app's handler.
    throw err;
  });
  if (opts.stopRegistryOnClose) app.addHook('onClose', async () => await opts.registry.stop());
  await app.register(authRoutes, { registry: opts.registry, secureCookies: opts.secureCookies });
  await app.register(workshopRoutes, { registry: opts.registry });
  await app.register(agentRoutes, { registry: opts.registry });
  await app.register(userRoutes, { registry: opts.registry });
  await app.register(enrollmentRoutes, { registry: opts.registry });
  await app.register(remoteConfigRoutes, { registry: opts.registry });
}

/** Both: the access plugin for the app, then the registry routes. */
export async function registerRegistry(app: FastifyInstance, opts: RegistryHttpOptions): Promise<void> {
  await app.register(registryAccess, opts);
  await app.register(registryRoutes, opts);
}
