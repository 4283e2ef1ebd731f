// Pure helpers of the sim-coverage benchmark (bench/sim-coverage.bench.ts): the week rows the
// collector's rollups would hold for a simulated programme, built from the simulator's own
// accounting, and the truth of an estimate "the estimator's way". No I/O.

import type { AggregateEstimate } from '../packages/collector/src/evaluation/aggregate.js';
import type { PackedWeekRows } from '../packages/collector/src/evaluation/index.js';
import { type Elements, emptyElements } from '../packages/collector/src/metrics/elements.js';
import { sumElements } from '../packages/collector/src/metrics/formulas.js';
import { isoWeekMonday, kstDayStartMs } from '../packages/collector/src/metrics/periods.js';
import type { Origin } from '../packages/collector/src/metrics/rollup-store.js';
import type { DayAccounting, SimDay } from '../packages/simulator/src/index.js';

/**
 * The collector's elements of one observed workshop-day (origin `device`) from the simulator's
 * accounting. packages/simulator/test/integration/evaluation-recovers-truth.test.ts and
 * backfill.test.ts show that the collector's KPI engine computes these very figures from the
 * readings; test/integration/sim-coverage-path.test.ts checks the whole path to the estimate.
 */
export function deviceDayElements(t: DayAccounting['total'], counting: 'counter' | 'scan'): Elements {
  return {
    ...emptyElements(),
    pbt_s: t.pbtS,
    apt_s: t.aptS,
    asut_s: t.asutS,
    adet_s: t.adetS,
    adot_s: t.adotS,
    no_data_s: t.noDataS,
    pq: t.pq,
    sq: t.sq,
    rq: t.rq,
    pru_pq_s: t.pruPqS,
    apat_s: t.apatS,
    time_sources: ['device'],
    qty_sources: [counting === 'scan' ? 'scan' : 'device'],
    // Badge scans at the door.
    people_sources: t.apatS > 0 ? ['scan'] : [],
  };
}

/**
 * The collector's elements of one paper-log day (origin `manual`), as it books an imported
 * 작업일지 line without machine or product: quantities without PRU, hours as whole seconds of
 * attendance and work (metrics/manual-rows.ts, manual-entries-csv.ts).
 */
export function manualDayElements(m: NonNullable<SimDay['manual']>): Elements {
  const workS = Math.round(m.hours * 3600);
  return {
    ...emptyElements(),
    pq: m.pq,
    sq: m.sq,
    rq: m.rq,
    pq_without_pru: m.pq,
    apat_s: workS,
    apwt_s: workS,
    qty_sources: ['manual'],
    people_sources: ['manual'],
  };
}

/** One day row of a workshop, before the week sums. */
export interface DayRow {
  workshopId: string;
  origin: Origin;
  day: string;
  elements: Elements;
}

/**
 * Day rows summed per workshop, ISO week and origin (as the rollups keep week rows) and packed
 * as `packedWeekRows` packs what it reads, so `analyseProgramme` gets exactly what the route
 * hands its worker.
 */
export function packWeekRows(days: readonly DayRow[]): PackedWeekRows {
  const weeks = new Map<string, { workshopId: string; origin: Origin; startMs: number; list: Elements[] }>();
  for (const d of days) {
    const monday = isoWeekMonday(d.day);
    const key = `${d.workshopId}\u0000${d.origin}\u0000${monday}`;
    const w = weeks.get(key);
    if (w) w.list.push(d.elements);
    else
      weeks.set(key, {
        workshopId: d.workshopId,
        origin: d.origin,
        startMs: kstDayStartMs(monday),
        list: [d.elements],
      });
  }
  const rows = [...weeks.values()].sort((a, b) => a.startMs - b.startMs);
  return {
    workshopId: rows.map((r) => r.workshopId),
    origin: rows.map((r) => r.origin),
    startMs: rows.map((r) => r.startMs),
    elements: rows.length
      ? [new TextEncoder().encode(rows.map((r) => JSON.stringify(sumElements(r.list))).join('\n'))]
      : [],
  };
}

/** A workshop of an analysed panel: its cohort, its observed weeks and its true effect per week. */
export interface TruthUnit {
  cohort: number;
  observed: ReadonlySet<number>;
  /** True effect (on the analysis' scale) in a week at the next stage. */
  effect: (week: number) => number;
}

/**
 * The truth of an aggregate estimate as the estimator defines it (cf. the collector's
 * study-truth.ts): each post cell (g, t) it weighs is the mean true effect in week t of the
 * cohort-g workshops observed in the base week g − 1 and in t, weighted as the estimate weighs
 * the cell. Pure.
 */
export function estimandTruth(weights: AggregateEstimate['weights'], units: readonly TruthUnit[]): number {
  let total = 0;
  let weightSum = 0;
  for (const cell of weights) {
    if (cell.weight === 0) continue;
    const inCell = units.filter(
      (u) => u.cohort === cell.group && u.observed.has(cell.group - 1) && u.observed.has(cell.time),
    );
    if (inCell.length === 0) throw new Error(`no workshop in cell (${cell.group}, ${cell.time})`);
    total += (cell.weight * inCell.reduce((s, u) => s + u.effect(cell.time), 0)) / inCell.length;
    weightSum += cell.weight;
  }
  if (weightSum === 0) throw new Error('the estimate weighs no cell');
  return total / weightSum;
}

/** Wilson's score interval of a binomial proportion (Wilson 1927), at normal quantile `z`. */
export function wilson(successes: number, n: number, z = 1.959963984540054): { lower: number; upper: number } {
  if (!(n > 0) || successes < 0 || successes > n) throw new Error(`wilson: ${successes} of ${n}`);
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}
