import { chainAgentAuthenticators, chainUserAuthenticators } from '../auth/chain.js';
import { RegistryAgentAuthenticator, RegistryUserAuthenticator } from '../auth/registry-authenticators.js';
import { TokenListAgentAuthenticator, TokenListUserAuthenticator } from '../auth/token-lists.js';
import type { CollectorConfig } from '../config/index.js';
import type { AgentAuthenticator, UserAuthenticator } from '../core/index.js';
import type { Registry } from './registry.js';

/**
 * The collector's one authenticator chain: the registry first (enrolled agents; users'
 * sessions and API tokens), then collector.yaml's `agents:` and `apiTokens:` lists as fallback.
 */
export function authenticatorsFor(
  registry: Registry,
  config: Pick<CollectorConfig, 'agents' | 'apiTokens'>,
): { agentAuth: AgentAuthenticator; userAuth: UserAuthenticator } {
  return {
    agentAuth: chainAgentAuthenticators(
      new RegistryAgentAuthenticator(registry),
      new TokenListAgentAuthenticator(config.agents),
    ),
    userAuth: chainUserAuthenticators(
      new RegistryUserAuthenticator(registry),
      new TokenListUserAuthenticator(config.apiTokens),
    ),
  };
}
