import type { MachineState } from '@gongbang/shared';
import { aliveRuns, type Intervals, inIntervals, type StateChange } from './timeline.js';

/**
 * A machine's state as the owner sees it: what the agent reported, or `no_data` when the agent
 * was not heard from (offline), a gap reading says the readings were lost, or the state was
 * `unknown`. A gap is never shown as `off` (DOMAIN.md: a gap in the data is "no data").
 */
export type ShownMachineState = Exclude<MachineState, 'unknown'> | 'no_data';

/** A stretch of one machine's time in one shown state, UTC ms, [startMs, endMs). */
export interface StateSegment {
  startMs: number;
  endMs: number;
  state: ShownMachineState;
}

/** What {@link stateSegments} reads. */
export interface StateTimelineInput {
  /** Range shown, UTC ms: the KST day, ending now when it is today. */
  fromMs: number;
  toMs: number;
  /** The machine's state changes sorted by ts; the first may predate the range (the state carried in). */
  changes: readonly StateChange[];
  /** Per agent: the instants it was heard from (any reading), sorted; the last one before the range first. */
  seen: ReadonlyMap<string, readonly number[]>;
  /** Per agent: spans its gap readings say were lost, [from, to). */
  gaps: ReadonlyMap<string, Intervals>;
  /** An agent silent this long is offline, ms. */
  offlineAfterMs: number;
}

/**
 * One machine's day as contiguous state segments (adjacent equal states merged), cut wherever
 * the state, the agent's liveness or a gap changes. Pure; the same rules as the KPI engine's
 * timeline (timeline.ts), without the planned-time classes the owner does not need here.
 */
export function stateSegments(i: StateTimelineInput): StateSegment[] {
  if (i.toMs <= i.fromMs) return [];
  const alive = new Map<string, Intervals>([...i.seen].map(([a, ts]) => [a, aliveRuns(ts, i.offlineAfterMs)]));
  const cuts = new Set<number>([i.fromMs, i.toMs]);
  for (const c of i.changes) cuts.add(c.ts);
  for (const list of [...alive.values(), ...i.gaps.values()]) for (const [a, b] of list) cuts.add(a).add(b);
  const points = [...cuts].filter((t) => t >= i.fromMs && t <= i.toMs).sort((a, b) => a - b);
  const out: StateSegment[] = [];
  let ci = -1;
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k] as number;
    const b = points[k + 1] as number;
    while (ci + 1 < i.changes.length && (i.changes[ci + 1] as StateChange).ts <= a) ci++;
    const change = i.changes[ci];
    const known =
      change !== undefined &&
      change.state !== 'unknown' &&
      inIntervals(alive.get(change.agentId) ?? [], a) &&
      !inIntervals(i.gaps.get(change.agentId) ?? [], a);
    const state: ShownMachineState = known ? (change.state as ShownMachineState) : 'no_data';
    const last = out[out.length - 1];
    if (last && last.state === state && last.endMs === a) last.endMs = b;
    else out.push({ startMs: a, endMs: b, state });
  }
  return out;
}

/** One machine in the answer of `GET /api/v1/workshops/:id/machine-states`. */
export interface MachineStates {
  machineId: string;
  /** The registry's name of the machine; null for a machine only readings name. */
  name: string | null;
  /** The state at the end of the range: now, for today. */
  state: ShownMachineState;
  /** Since when the machine is in `state` (may be before the day), UTC ms. */
  sinceMs: number;
  /** The day's segments, from the day's start to its end (now, for today). */
  segments: StateSegment[];
}

/** The answer of `GET /api/v1/workshops/:id/machine-states`. */
export interface MachineStatesAnswer {
  workshop: string;
  /** The KST day shown. */
  day: string;
  /** UTC ms: the day's start, and its end or now. */
  fromMs: number;
  toMs: number;
  /** An agent silent this long counts as offline (its machines: no data), s. */
  offlineAfterS: number;
  machines: MachineStates[];
}

/** The state and since-when at the end of a machine's segments, reaching back into the carried state. */
export function currentState(
  segments: readonly StateSegment[],
  carried: StateChange | undefined,
  fromMs: number,
): { state: ShownMachineState; sinceMs: number } {
  const last = segments[segments.length - 1];
  if (!last) return { state: 'no_data', sinceMs: fromMs };
  // A state that already held when the day began started when it was reported.
  const since =
    last.startMs === fromMs && carried && carried.state === last.state && carried.ts < fromMs
      ? carried.ts
      : last.startMs;
  return { state: last.state, sinceMs: since };
}
