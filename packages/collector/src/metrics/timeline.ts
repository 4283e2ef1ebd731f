import type { MachineState } from '@gongbang/shared';
import type { PlannedWindow, StopReasonAssignment } from './inputs.js';
import type { OrderIndex } from './orders.js';

/** How a stretch of one machine's time counts. `outside`: not planned and not running. */
export type TimeClass = 'apt' | 'asut' | 'adet' | 'adot' | 'no_data' | 'unplanned_apt' | 'outside';

/** A stretch of one machine's time over which nothing that matters changes. */
export interface Segment {
  startMs: number;
  endMs: number;
  cls: TimeClass;
  window: PlannedWindow | null;
  product: string | null;
  /** The stop reason that applies, once stops are classified. */
  reason?: string;
  reasonSource?: 'scan' | 'api';
  reasonBy?: string;
}

export interface StateChange {
  ts: number;
  state: MachineState;
  agentId: string;
}

/** Half-open intervals [start, end) sorted by start. */
export type Intervals = readonly (readonly [number, number])[];

export function inIntervals(list: Intervals, t: number): boolean {
  // Lists are short per day (liveness runs, gaps): a scan is cheaper than keeping an index.
  for (const [a, b] of list) {
    if (a > t) return false;
    if (t < b) return true;
  }
  return false;
}

/** Merges [t, t + ttl) of sorted instants into runs. */
export function aliveRuns(seen: readonly number[], ttlMs: number): [number, number][] {
  const out: [number, number][] = [];
  for (const t of seen) {
    const last = out[out.length - 1];
    if (last && t <= last[1]) last[1] = Math.max(last[1], t + ttlMs);
    else out.push([t, t + ttlMs]);
  }
  return out;
}

export interface TimelineInput {
  machine: string;
  dayStartMs: number;
  dayEndMs: number;
  /** State changes sorted by ts; the first may predate the day (the carried state). */
  changes: readonly StateChange[];
  /** Per agent: when it was heard from (runs), and the spans its gap readings say were lost. */
  alive: ReadonlyMap<string, Intervals>;
  gaps: ReadonlyMap<string, Intervals>;
  windows: readonly PlannedWindow[];
  orders: OrderIndex;
  reasons: readonly StopReasonAssignment[];
}

function classify(state: StateChange | undefined, t: number, i: TimelineInput, planned: boolean): TimeClass {
  const known =
    state !== undefined &&
    state.state !== 'unknown' &&
    inIntervals(i.alive.get(state.agentId) ?? [], t) &&
    !inIntervals(i.gaps.get(state.agentId) ?? [], t);
  if (!planned) return known && state?.state === 'running' ? 'unplanned_apt' : 'outside';
  if (!known || !state) return 'no_data';
  switch (state.state) {
    case 'running':
      return 'apt';
    case 'setup':
      return 'asut';
    case 'fault':
      return 'adet';
    default:
      return i.orders.at(i.machine, t) ? 'adet' : 'adot';
  }
}

/**
 * Cuts one machine's day at every instant where its class can change (state changes, agent
 * liveness, gaps, orders, planned windows, hours, API reasons) and classifies each piece. Pure.
 */
export function machineSegments(i: TimelineInput): Segment[] {
  const cuts = new Set<number>([i.dayStartMs, i.dayEndMs]);
  for (let h = i.dayStartMs; h < i.dayEndMs; h += 3_600_000) cuts.add(h);
  for (const c of i.changes) cuts.add(c.ts);
  for (const list of [...i.alive.values(), ...i.gaps.values()]) for (const [a, b] of list) cuts.add(a).add(b);
  for (const w of i.windows) cuts.add(w.startMs).add(w.endMs);
  for (const t of i.orders.edges(i.machine)) cuts.add(t);
  for (const r of i.reasons) if (r.machineId === i.machine) cuts.add(r.startMs).add(r.endMs);
  const points = [...cuts].filter((t) => t >= i.dayStartMs && t <= i.dayEndMs).sort((a, b) => a - b);

  const out: Segment[] = [];
  let ci = -1;
  let wi = 0;
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k] as number;
    const b = points[k + 1] as number;
    while (ci + 1 < i.changes.length && (i.changes[ci + 1] as StateChange).ts <= a) ci++;
    while (wi < i.windows.length && (i.windows[wi] as PlannedWindow).endMs <= a) wi++;
    const w = i.windows[wi];
    const window = w && w.startMs <= a ? w : null;
    const cls = classify(i.changes[ci], a, i, window !== null);
    if (cls === 'outside') continue;
    out.push({ startMs: a, endMs: b, cls, window, product: i.orders.at(i.machine, a)?.product ?? null });
  }
  return out;
}

/** Groups contiguous delay segments into stops (indices into `segments`). */
export function stopRuns(segments: readonly Segment[]): number[][] {
  const runs: number[][] = [];
  let current: number[] | null = null;
  segments.forEach((s, k) => {
    const prev = segments[k - 1];
    if (s.cls !== 'adet') {
      current = null;
      return;
    }
    if (current && prev && prev.cls === 'adet' && prev.endMs === s.startMs) current.push(k);
    else {
      current = [k];
      runs.push(current);
    }
  });
  return runs;
}
