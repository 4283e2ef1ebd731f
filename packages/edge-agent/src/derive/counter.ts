import type { CountReading } from '@gongbang/shared';

/** Options of {@link countStep}. */
export interface CountOptions {
  /** Counter modulus (65536 for 16 bits); absent: any drop is a reset. */
  rolloverAt?: number;
}

export interface CountMemory {
  /** Last raw counter value seen; null before the first. */
  last: number | null;
  /** Pieces counted by the agent since it started. */
  total: number;
}

export interface CountOut {
  delta: number;
  total: number;
  counterEvent?: CountReading['counterEvent'];
}

export const initialCount = (): CountMemory => ({ last: null, total: 0 });

/**
 * Turns a raw device counter into piece deltas and a running total. A drop is a rollover when
 * the counter was in the top half of its range and is now in the bottom half (a wrap), else a
 * reset (power cycle): then the new value counts as pieces made since the reset. Pure.
 */
export function countStep(mem: CountMemory, raw: number, o: CountOptions): { mem: CountMemory; out: CountOut | null } {
  const value = Math.max(0, Math.floor(raw));
  if (mem.last === null) return { mem: { ...mem, last: value }, out: null };
  let delta: number;
  let counterEvent: CountOut['counterEvent'];
  if (value >= mem.last) delta = value - mem.last;
  else if (o.rolloverAt !== undefined && mem.last >= o.rolloverAt / 2 && value < o.rolloverAt / 2) {
    delta = o.rolloverAt - mem.last + value;
    counterEvent = 'rollover';
  } else {
    delta = value;
    counterEvent = 'reset';
  }
  const total = mem.total + delta;
  const next = { last: value, total };
  if (delta === 0 && !counterEvent) return { mem: next, out: null };
  return { mem: next, out: counterEvent ? { delta, total, counterEvent } : { delta, total } };
}
