import type { FastifyInstance } from 'fastify';
import { authRoutes } from '../auth/index.js';
import { enrollmentRoutes } from '../enrollment/index.js';
import { entryRoutes } from '../metrics/index.js';
import { agentRoutes, workshopRoutes } from '../registry/index.js';
import { remoteConfigRoutes } from '../remote-config/index.js';
import { userRoutes } from '../users/index.js';
import type { Registry } from './registry.js';

/** Options of the registry's HTTP side. */
export interface RegistryRoutesOptions {
  registry: Registry;
  /** Session cookie `Secure` flag. Default true (browsers then send it over HTTPS only). */
  secureCookies?: boolean;
}

/**
 * Workshops, agents, sign-in, users, enrollment, remote-config, manual-entry and stop-reason routes. They throw
 * `HttpError`s that the app's one error handler answers (http/errors.ts); access is enforced
 * by the app's one access plugin, registered before them (app.ts).
 */
export async function registryRoutes(app: FastifyInstance, opts: RegistryRoutesOptions): Promise<void> {
  const { registry } = opts;
  await app.register(authRoutes, { registry, secureCookies: opts.secureCookies });
  await app.register(workshopRoutes, { registry });
  await app.register(agentRoutes, { registry });
  await app.register(userRoutes, { registry });
  await app.register(enrollmentRoutes, { registry });
  await app.register(remoteConfigRoutes, { registry });
  await app.register(entryRoutes, { registry });
}
