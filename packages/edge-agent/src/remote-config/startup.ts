import type { Logger } from 'pino';
import { type AgentConfig, collectorTokenSource } from '../config/index.js';
import { HttpHeartbeatClient } from './client.js';
import { mergeRemoteConfig } from './merge.js';
import { LastGoodConfigStore } from './store.js';
import { type Reconfigurable, RemoteConfigSync } from './sync.js';

/**
 * The config to start with: the last good remote config if one is stored (merged with the
 * local file's agent and collector sections), else the local file.
 */
export function effectiveConfig(
  local: Readonly<AgentConfig>,
  logger: Logger,
): { config: Readonly<AgentConfig>; version: number | null } {
  const stored = new LastGoodConfigStore(local.agent.dataDir).load();
  if (!stored) return { config: local, version: null };
  try {
    return { config: mergeRemoteConfig(local, stored.config), version: stored.version };
  } catch (err) {
    logger.warn({ err, version: stored.version }, 'stored remote config unusable; running the local file');
    return { config: local, version: null };
  }
}

/**
 * Wires the remote-config sync to an agent: pulls with every heartbeat (the agent's
 * `onHeartbeat` hook). Returns undefined when the config names no collector.
 */
export function attachRemoteConfig(
  agent: Reconfigurable & { onHeartbeat(hook: () => Promise<void>): void },
  running: Readonly<AgentConfig>,
  runningVersion: number | null,
  logger: Logger,
): RemoteConfigSync | undefined {
  const c = running.collector;
  if (!c) return undefined;
  const sync = new RemoteConfigSync({
    target: agent,
    client: new HttpHeartbeatClient({ url: c.url, token: collectorTokenSource(running) }),
    store: new LastGoodConfigStore(running.agent.dataDir),
    running,
    runningVersion,
    logger,
  });
  agent.onHeartbeat(() => sync.syncOnce());
  return sync;
}
