import type { MachineState } from '@gongbang/shared';

/** An order open on a machine (or at the workshop, machine id ''). */
export interface OpenOrder {
  order: string;
  product: string | null;
  operation: string | null;
  startMs: number;
}

/**
 * What one day hands to the next: the state each machine was last reported in, when each agent
 * was last heard from, the open orders, the workers badged in and the last piece of each machine.
 * Computing a day is a pure function of its readings and the previous day's carry, so computing
 * every day in order from the raw readings gives exactly the stored rollups.
 */
export interface Carry {
  states: Record<string, { state: MachineState; sinceMs: number; agentId: string }>;
  lastSeen: Record<string, number>;
  orders: Record<string, OpenOrder>;
  workers: Record<string, { inSinceMs: number | null; lastOutMs: number | null; machine: string }>;
  lastPiece: Record<string, number>;
}

export function emptyCarry(): Carry {
  return { states: {}, lastSeen: {}, orders: {}, workers: {}, lastPiece: {} };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Canonical JSON of a carry (sorted keys), so that "did the carry change" is a string compare. */
export function carryJson(c: Carry): string {
  return JSON.stringify(sortKeys(c));
}
