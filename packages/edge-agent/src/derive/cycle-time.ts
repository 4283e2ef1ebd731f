/** Options of {@link countCycleStep}. */
export interface CountCycleOptions {
  /** Gaps longer than this are breaks, not cycles, s. */
  maxCycleS: number;
}

export interface CountCycleMemory {
  lastIncrementTs: number | null;
}

/**
 * Cycle time per piece from count increments: time since the previous increment divided by
 * the pieces in this one. The first increment and gaps over `maxCycleS` give no value. Pure.
 */
export function countCycleStep(
  mem: CountCycleMemory,
  ts: number,
  delta: number,
  o: CountCycleOptions,
): { mem: CountCycleMemory; seconds: number | null } {
  if (delta <= 0) return { mem, seconds: null };
  const prev = mem.lastIncrementTs;
  const next = { lastIncrementTs: ts };
  if (prev === null || ts <= prev) return { mem: next, seconds: null };
  const seconds = (ts - prev) / 1000 / delta;
  return { mem: next, seconds: seconds * delta > o.maxCycleS ? null : seconds };
}

/** Options of {@link scanCycleStep}. */
export interface ScanCycleOptions {
  startRules: readonly string[];
  finishRules: readonly string[];
  /** Field naming the work order. */
  key: string;
  /** Open cycles older than this are forgotten, s. */
  maxOpenS: number;
  /**
   * Most open cycles remembered; past it the oldest start is forgotten. Default
   * {@link DEFAULT_MAX_OPEN_CYCLES}. Without it the memory grew with every start scan that
   * never got its finish (a mistyped finish rule, a scanner in a loop) for `maxOpenS`.
   */
  maxOpen?: number;
}

/** Open work orders remembered per scanner unless `maxOpen` says otherwise. */
export const DEFAULT_MAX_OPEN_CYCLES = 1_000;

/** Open work orders: key → start time (ms). */
export type ScanCycleMemory = ReadonlyMap<string, number>;

/**
 * Cycle time from a start scan and a finish scan of the same work order. A second start
 * restarts the cycle; a finish without a start gives nothing. Pure.
 */
export function scanCycleStep(
  mem: ScanCycleMemory,
  scan: { ts: number; rule: string | null; fields: Record<string, string> },
  o: ScanCycleOptions,
): { mem: ScanCycleMemory; seconds: number | null; order?: string } {
  const order = scan.fields[o.key];
  if (scan.rule === null || order === undefined) return { mem, seconds: null };
  const next = new Map(mem);
  for (const [k, t] of next) if (scan.ts - t > o.maxOpenS * 1000) next.delete(k);
  if (o.startRules.includes(scan.rule)) {
    // Re-inserted so that the Map's insertion order stays the order of starts, oldest first.
    next.delete(order);
    next.set(order, scan.ts);
    const max = o.maxOpen ?? DEFAULT_MAX_OPEN_CYCLES;
    for (const k of next.keys()) {
      if (next.size <= max) break;
      next.delete(k);
    }
    return { mem: next, seconds: null, order };
  }
  if (o.finishRules.includes(scan.rule)) {
    const started = next.get(order);
    if (started === undefined || scan.ts < started) return { mem: next, seconds: null, order };
    next.delete(order);
    return { mem: next, seconds: (scan.ts - started) / 1000, order };
  }
  return { mem, seconds: null };
}
