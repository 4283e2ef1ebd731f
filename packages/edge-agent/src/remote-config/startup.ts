import type { Logger } from 'pino';
import { type AgentConfig, collectorTokenSource } from '../config/index.js';
import { HttpHeartbeatClient } from './client.js';
import { overrideSummary, overrideText, readRemoteOverride } from './overrides.js';
import { LastGoodConfigStore } from './store.js';
import { type Reconfigurable, RemoteConfigSync } from './sync.js';

/**
 * The config to start with: the last good remote config if one is stored (merged with the
 * local file, see mergeRemoteConfig), else the local file. Logs which local sections the
 * remote config replaces, so nobody wonders why an edit of agent.yaml does nothing.
 */
export function effectiveConfig(
  local: Readonly<AgentConfig>,
  logger: Logger,
): { config: Readonly<AgentConfig>; version: number | null; overridden: string[] } {
  const o = readRemoteOverride(local);
  if (o.state === 'none') return { config: local, version: null, overridden: [] };
  const text = overrideText(o);
  if (o.state === 'unusable') {
    logger.warn({ remoteConfig: overrideSummary(o) }, `${text.en} / ${text.ko}`);
    return { config: local, version: null, overridden: [] };
  }
  const level = o.sections.length > 0 ? 'warn' : 'info';
  logger[level]({ remoteConfig: overrideSummary(o) }, `${text.en} / ${text.ko}`);
  return { config: o.config, version: o.version, overridden: o.sections };
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
  local: Readonly<AgentConfig> = running,
): RemoteConfigSync | undefined {
  const c = running.collector;
  if (!c) return undefined;
  const sync = new RemoteConfigSync({
    target: agent,
    client: new HttpHeartbeatClient({ url: c.url, token: collectorTokenSource(running) }),
    store: new LastGoodConfigStore(running.agent.dataDir),
    running,
    runningVersion,
    local,
    logger,
  });
  agent.onHeartbeat(() => sync.syncOnce());
  return sync;
}
