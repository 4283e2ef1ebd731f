import type { FastifyPluginAsync } from 'fastify';
import { type AccessControlOptions, accessControl } from '../auth/access-plugin.js';
import { RegistryAgentAuthenticator, RegistryUserAuthenticator } from '../auth/registry-authenticators.js';
import { type RegistryHttpOptions, registryRoutes } from './http.js';
import type { Registry } from './registry.js';

/**
 * What buildApp (app.ts) needs to run on the registry: its access plugin and registry-backed
 * authenticators instead of the interim token lists, the registry routes as an extra plugin,
 * and a /readyz check. Spread into buildApp's options:
 *   buildApp({ config, ...registryAppOptions(registry) })
 */
export function registryAppOptions(
  registry: Registry,
  http: Omit<RegistryHttpOptions, 'registry'> = {},
): {
  accessPlugin: FastifyPluginAsync<AccessControlOptions>;
  agentAuth: RegistryAgentAuthenticator;
  userAuth: RegistryUserAuthenticator;
  plugins: { plugin: FastifyPluginAsync<RegistryHttpOptions>; options: RegistryHttpOptions }[];
  readinessChecks: { name: string; check: () => Promise<void> }[];
} {
  return {
    accessPlugin: accessControl as unknown as FastifyPluginAsync<AccessControlOptions>,
    agentAuth: new RegistryAgentAuthenticator(registry),
    userAuth: new RegistryUserAuthenticator(registry),
    plugins: [{ plugin: registryRoutes, options: { ...http, registry } }],
    readinessChecks: [
      {
        name: 'registry',
        check: async () => {
          if (!(await registry.ping())) throw new Error(`registry (${registry.dialect}) unreachable`);
        },
      },
    ],
  };
}
