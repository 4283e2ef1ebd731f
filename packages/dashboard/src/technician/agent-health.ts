import type { AgentReading } from './api';

/** How far back the workshop page looks for health readings. */
export const HEALTH_WINDOW_MS = 15 * 60_000;
/** The window the per-input rate is counted over. */
export const RATE_WINDOW_MS = 5 * 60_000;

/** The newest health reading of each agent, by agent id. */
export function latestHealth(readings: readonly AgentReading<'health'>[]): Map<string, AgentReading<'health'>> {
  const out = new Map<string, AgentReading<'health'>>();
  for (const r of readings) {
    const had = out.get(r.agent);
    if (!had || r.ts >= had.ts) out.set(r.agent, r);
  }
  return out;
}

/**
 * Readings per minute of each (agent, source) over the window, counted from the readings route:
 * the heartbeat does not carry rates. Health and gap readings are the agent's own, not an input's.
 */
export function ratesPerMinute(readings: readonly AgentReading[], windowMs: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of readings) {
    if (r.kind === 'health' || r.kind === 'gap') continue;
    const key = rateKey(r.agent, r.source);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const perMinute = new Map<string, number>();
  for (const [k, n] of counts) perMinute.set(k, (n * 60_000) / windowMs);
  return perMinute;
}

export const rateKey = (agentId: string, source: string): string => `${agentId}\u0000${source}`;
