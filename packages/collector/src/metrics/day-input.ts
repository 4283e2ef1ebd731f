import type { Reading } from '@gongbang/shared';
import type { BucketRow } from './buckets.js';
import type { Carry } from './carry.js';
import type { MachineConfig, PlannedWindow, StopReasonAssignment } from './inputs.js';

/** Tunables of the day computation; each has a default a workshop rarely needs to change. */
export interface DayOptions {
  /** An agent not heard from for this long (any reading, heartbeats included) is offline: its machines have no data, ms. Default 5 min. */
  offlineAfterMs: number;
  /** Stops shorter than this are minor stops: delay time that needs no reason, s. Default 120. */
  minorStopS: number;
  /** A reason scan this soon after a stop ended still classifies it, ms. Default 2 min. */
  reasonGraceMs: number;
  /** Longer gaps between pieces are pauses, not cycles, s. Default 3600. */
  maxCycleS: number;
  /** A worker's gaps between badge-out and badge-in shorter than this are attendance, s. Default 2 h. */
  attendanceGapS: number;
  /** A badge-in without a badge-out ends after this long (forgotten badge-out), s. Default 16 h. */
  maxWorkOpenS: number;
  /** An order open longer than this without an end scan is forgotten (not counted), days. Default 60. */
  maxOrderOpenDays: number;
}

export const DEFAULT_DAY_OPTIONS: Readonly<DayOptions> = Object.freeze({
  offlineAfterMs: 300_000,
  minorStopS: 120,
  reasonGraceMs: 120_000,
  maxCycleS: 3_600,
  attendanceGapS: 7_200,
  maxWorkOpenS: 57_600,
  maxOrderOpenDays: 60,
});

/** A stored reading as the day computation needs it. */
export interface DayReading {
  agentId: string;
  reading: Reading;
}

/** PRU (s per unit) of a product's operation; `operation` null: the product's only operation. */
export type PruLookup = (product: string | null, operation: string | null) => number | null;

export interface DayInput {
  /** The KST date computed. */
  day: string;
  /** Planned windows; those outside the day are ignored, those crossing its edges are cut. */
  windows: readonly PlannedWindow[];
  /** The day's readings of kinds machine_state, count, scan, gap and health (others are ignored). */
  readings: readonly DayReading[];
  carry: Carry;
  machines: readonly MachineConfig[];
  pru: PruLookup;
  /** Stop reasons given through the API for this workshop (any range; the overlapping ones apply). */
  reasons: readonly StopReasonAssignment[];
  options?: Partial<DayOptions>;
  /**
   * Now, UTC ms, when computing today: time after it has not happened yet, so it is neither
   * planned time without data nor running time. Absent for past days.
   */
  untilMs?: number;
}

/** A stop: delay time (ADET) of one machine, contiguous inside planned time. */
export interface StopInterval {
  machineId: string;
  startMs: number;
  endMs: number;
  /** Shorter than the minor-stop threshold: needs no reason. */
  minor: boolean;
  reason: string | null;
  reasonSource: 'scan' | 'api' | null;
  classifiedBy: string | null;
}

export interface DayResult {
  day: string;
  /** Rows per KST hour (`YYYY-MM-DDTHH`) and dimension. */
  hours: BucketRow[];
  /** Rows per shift part computed on this day (`YYYY-MM-DD#n` of the shift's start day). */
  shifts: BucketRow[];
  stops: StopInterval[];
  carry: Carry;
}
