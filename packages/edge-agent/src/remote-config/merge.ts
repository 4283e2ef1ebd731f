import { describeValidationError } from '@gongbang/shared';
import { type AgentConfig, AgentConfigSchema, deepFreeze } from '../config/index.js';

/** A remote config that the agent's own schema refuses, or that is for another agent. */
export class RemoteConfigError extends Error {
  readonly code = 'GB_REMOTE_CONFIG_INVALID';
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = 'RemoteConfigError';
  }
}

/**
 * The config to run: the remote one, validated with the agent's AgentConfigSchema, with the
 * sections that only the mini PC knows kept from the local file — the agent's data folder, its
 * spool file and how to reach the collector (its URL and token never travel in a remote config).
 */
export function mergeRemoteConfig(local: Readonly<AgentConfig>, remote: unknown): Readonly<AgentConfig> {
  const r = AgentConfigSchema.safeParse(remote);
  if (!r.success) throw new RemoteConfigError(`remote config invalid:\n${describeValidationError(r.error)}`);
  if (r.data.agent.id !== local.agent.id) {
    throw new RemoteConfigError(`remote config is for agent "${r.data.agent.id}", this is "${local.agent.id}"`);
  }
  const merged: AgentConfig = {
    ...r.data,
    agent: { ...local.agent },
    collector: local.collector ? { ...local.collector } : undefined,
    // The spool file stays where it is: moving it would strand the readings not yet sent.
    spool: { ...r.data.spool, file: local.spool.file },
  };
  if (!merged.collector) delete merged.collector;
  return deepFreeze(merged);
}
