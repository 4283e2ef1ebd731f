import type { MachineState } from '@gongbang/shared';

/** Thresholds of {@link machineStateStep}, in the watched channel's unit. */
export interface MachineStateOptions {
  /** Below this → off. */
  offBelow: number;
  /** At or above this → running; between the two → idle. */
  runningAbove: number;
  /** Leaving a state needs the value past its threshold by this much. */
  hysteresis: number;
  /** A new state must hold this long before it is reported, ms. */
  minDwellMs: number;
  /** No sample for this long → unknown (`no_data`), ms. */
  staleAfterMs: number;
}

/** What the state machine remembers between events. */
export interface MachineStateMemory {
  /** Last reported state; null before the first report. */
  state: MachineState | null;
  /** A different state seen but not yet held for `minDwellMs`. */
  candidate: MachineState | null;
  candidateSince: number;
  lastSampleTs: number | null;
}

export type MachineEvent =
  | { type: 'sample'; ts: number; value: number }
  /** The device or input stopped delivering (port gone, unit not answering, Shelly offline). */
  | { type: 'offline'; ts: number }
  /** A clock tick, to notice missing data. */
  | { type: 'tick'; ts: number };

export interface StateChange {
  ts: number;
  state: MachineState;
  reason: 'threshold' | 'no_data' | 'offline';
}

export const initialMachineState = (): MachineStateMemory => ({
  state: null,
  candidate: null,
  candidateSince: 0,
  lastSampleTs: null,
});

/** The state a value points to, given the current one (hysteresis keeps the current state near a threshold). */
export function classify(value: number, current: MachineState | null, o: MachineStateOptions): MachineState {
  const h = o.hysteresis;
  let offLine = o.offBelow;
  let runLine = o.runningAbove;
  if (current === 'off') offLine += h; // leave off only when clearly above
  if (current === 'running') runLine -= h; // leave running only when clearly below
  if (current === 'idle') {
    offLine -= h;
    runLine += h;
  }
  if (value < offLine) return 'off';
  if (value >= runLine) return 'running';
  return 'idle';
}

/** Advances the machine state by one event; returns the new memory and a change to report, if any. Pure. */
export function machineStateStep(
  mem: MachineStateMemory,
  ev: MachineEvent,
  o: MachineStateOptions,
): { mem: MachineStateMemory; change: StateChange | null } {
  if (ev.type === 'offline') {
    const next = { ...mem, candidate: null, lastSampleTs: null };
    if (mem.state === 'unknown') return { mem: next, change: null };
    return { mem: { ...next, state: 'unknown' }, change: { ts: ev.ts, state: 'unknown', reason: 'offline' } };
  }
  if (ev.type === 'tick') {
    const stale = mem.lastSampleTs === null ? mem.state !== null : ev.ts - mem.lastSampleTs >= o.staleAfterMs;
    if (!stale || mem.state === 'unknown' || mem.state === null) return { mem, change: null };
    return {
      mem: { ...mem, state: 'unknown', candidate: null },
      change: { ts: ev.ts, state: 'unknown', reason: 'no_data' },
    };
  }
  const wanted = classify(ev.value, mem.state === 'unknown' ? null : mem.state, o);
  const base = { ...mem, lastSampleTs: ev.ts };
  // From nothing or unknown, real data is reported at once: no dwell is needed to leave "no data".
  if (mem.state === null || mem.state === 'unknown') {
    return {
      mem: { ...base, state: wanted, candidate: null },
      change: { ts: ev.ts, state: wanted, reason: 'threshold' },
    };
  }
  if (wanted === mem.state) return { mem: { ...base, candidate: null }, change: null };
  const since = mem.candidate === wanted ? mem.candidateSince : ev.ts;
  if (ev.ts - since >= o.minDwellMs) {
    return {
      mem: { ...base, state: wanted, candidate: null },
      change: { ts: since, state: wanted, reason: 'threshold' },
    };
  }
  return { mem: { ...base, candidate: wanted, candidateSince: since }, change: null };
}
