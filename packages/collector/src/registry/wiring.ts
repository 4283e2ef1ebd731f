import type { FastifyPluginAsync } from 'fastify';
import type { BuildAppOptions } from '../app.js';
import { accessControl } from '../auth/access-plugin.js';
import { chainAgentAuthenticators, chainUserAuthenticators } from '../auth/chain.js';
import type { AgentTokenAuthenticator, RequestUserAuthenticator } from '../auth/principal.js';
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
  /** Authenticators tried after the registry's, e.g. collector.yaml's `agents:` and `apiTokens:` lists. */
  fallback: { agentAuth?: AgentTokenAuthenticator; userAuth?: RequestUserAuthenticator } = {},
): RegistryAppOptions {
  const agentAuth = new RegistryAgentAuthenticator(registry);
  const userAuth = new RegistryUserAuthenticator(registry);
  return {
    accessPlugin: accessControl as unknown as RegistryAppOptions['accessPlugin'],
    agentAuth: (fallback.agentAuth
      ? chainAgentAuthenticators(agentAuth, fallback.agentAuth)
      : agentAuth) as RegistryAppOptions['agentAuth'],
    userAuth: (fallback.userAuth
      ? chainUserAuthenticators(userAuth, fallback.userAuth)
      : userAuth) as RegistryAppOptions['userAuth'],
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
