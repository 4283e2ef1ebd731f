import type { Reading } from '@gongbang/shared';
import {
  type SimulatedConfig,
  SimulatedConfigSchema,
  simulatedDrafts,
  tickAtOrBefore,
} from '../../src/inputs/simulated/index.js';

/**
 * Compares what a receiver stored for a simulated input with what the input produces for
 * ticks `fromTick..toTick`: returns the problems (missing, extra or repeated readings, wrong
 * content). An empty list proves every reading arrived exactly once.
 */
export function exactlyOnceProblems(
  stored: Iterable<Reading>,
  config: Record<string, unknown>,
  fromTick: number,
  toTick: number,
  exclude: (r: Reading) => boolean = () => false,
): string[] {
  const cfg: SimulatedConfig = SimulatedConfigSchema.parse(config);
  const key = (r: { kind: string; ts: number; [k: string]: unknown }) => {
    const { seq: _s, ...rest } = r as Record<string, unknown>;
    return JSON.stringify(rest, Object.keys(rest).sort());
  };
  const seen = new Map<string, number>();
  for (const r of stored) {
    if (r.source !== cfg.id || r.kind === 'gap' || exclude(r)) continue;
    const k = key(r as never);
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const problems: string[] = [];
  let expected = 0;
  for (let k = fromTick; k <= toTick; k++) {
    for (const d of simulatedDrafts(cfg, k)) {
      if (exclude(d as Reading)) continue;
      expected++;
      const n = seen.get(key(d as never)) ?? 0;
      if (n !== 1) problems.push(`tick ${k} ${d.kind}: arrived ${n} times`);
      seen.delete(key(d as never));
    }
  }
  for (const [k, n] of seen) problems.push(`unexpected reading (${n}x): ${k.slice(0, 200)}`);
  if (expected === 0) problems.push('no readings expected: the range is empty');
  return problems.slice(0, 20);
}

export function tickOf(config: Record<string, unknown>, ts: number): number {
  return tickAtOrBefore(SimulatedConfigSchema.parse(config).ratePerS, ts);
}
