import type { HealthReading } from '@gongbang/shared';
import type { AgentStatus } from '../status/model.js';
import { AGENT_VERSION } from '../version.js';

/** The health reading the heartbeat job spools, built from the agent's status. */
export function healthDraft(s: AgentStatus, now: number): Omit<HealthReading, 'seq'> {
  return {
    ts: now,
    timeSource: 'agent',
    source: 'agent',
    kind: 'health',
    agentVersion: AGENT_VERSION,
    uptimeS: Math.max(0, Math.round(s.uptimeS)),
    spoolDepth: s.spool.depth,
    spoolOldestAgeMs: s.spool.oldestAgeMs,
    deadLetters: s.spool.deadLetters,
    clockOffsetMs: s.forwarder?.clockOffsetMs ?? null,
    inputs: s.inputs.slice(0, 256),
  };
}
