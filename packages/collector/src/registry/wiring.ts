import type { FastifyPluginAsync } from 'fastify';
import type { BuildAppOptions } from '../app.js';
import { accessControl } from '../auth/access-plugin.js';
import { RegistryAgentAuthenticator, RegistryUserAuthenticator } from '../auth/registry-authenticators.js';
import { type RegistryHttpOptions, registryRoutes } from './http.js';
import type { Registry } from './registry.js';

/** The part of buildApp's options the registry provides. */
export type RegistryAppOptions = Required<
  Pick<BuildAppOptions, 'accessPlugin' | 'agentAuth' | 'userAuth' | 'plugins' | 'readinessChecks'>
>;

/**
 * What buildApp (app.ts) needs to run on the registry: its access plugin and registry-backed
 * authenticators instead of the interim token lists, the registry routes as an extra plugin,
 * and a /readyz check. Spread into buildApp's options:
 *   buildApp({ config, ...registryAppOptions(registry) })
 */
export function registryAppOptions(
  registry: Registry,
  http: Omit<RegistryHttpOptions, 'registry'> = {},
): RegistryAppOptions {
  return {
    accessPlugin: accessControl as unknown as RegistryAppOptions['accessPlugin'],
    agentAuth: new RegistryAgentAuthenticator(registry),
    userAuth: new RegistryUserAuthenticator(registry),
    plugins: [
      { plugin: registryRoutes as FastifyPluginAsync<RegistryHttpOptions>, options: { ...http, registry } },
    ] as unknown as RegistryAppOptions['plugins'],
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
