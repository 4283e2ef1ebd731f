/**
 * What the KPI engine reads besides readings, in the shapes the registry hands it. The
 * repositories that store these live in registry/ (machines, calendars, products) and
 * metrics/ (manual entries, stop reasons); the engine itself only sees these plain values.
 */

/** One planned window in UTC: a shift (or the part of it between breaks). */
export interface PlannedWindow {
  /** The KST date the shift starts on (a night shift crossing midnight keeps its start date). */
  shiftDay: string;
  /** Index of the shift within its day's list, 0-based. */
  shift: number;
  /** UTC ms, start inclusive, end exclusive. */
  startMs: number;
  endMs: number;
}

/** What a count channel counts. */
export const COUNT_MEANINGS = ['produced', 'scrap', 'rework'] as const;
export type CountMeaning = (typeof COUNT_MEANINGS)[number];

/** A machine of a workshop and how readings map to it. */
export interface MachineConfig {
  id: string;
  name: string;
  /** PRU (s per unit) when no order names a product with a known operation. */
  defaultPruS: number | null;
  /** Count channels of this machine: `source` and `channel` of the count readings, and what they count. */
  counts: { source: string; channel: string; meaning: CountMeaning }[];
  /** Scanner sources at this machine: their badge, order, piece, scrap/rework and reason scans belong to it. */
  scanners: string[];
}

/** A stop reason given later through the API: it classifies the stop time of `machineId` in [startMs, endMs). */
export interface StopReasonAssignment {
  machineId: string;
  startMs: number;
  endMs: number;
  /** Reason code, e.g. `breakdown`, `setup`, `material_wait`, `no_order` (see reasons.ts). */
  reason: string;
  /** Who classified it (user id) and when (ISO-8601). */
  by: string;
  at: string;
}

/**
 * A hand-kept figure (the paper log of a stage-0 workshop, or a count no device sees), for
 * one KST day, optionally one shift, machine, product and worker.
 */
export interface ManualEntry {
  id: string;
  day: string;
  shift: number | null;
  machineId: string | null;
  productId: string | null;
  workerId: string | null;
  pq: number;
  sq: number;
  rq: number;
  /** Hours worked, in seconds (becomes APAT and APWT of the worker or of the workshop). */
  workS: number | null;
  note: string | null;
  enteredBy: string;
  enteredAt: string;
}
