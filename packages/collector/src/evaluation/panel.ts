/**
 * A panel for the staggered difference-in-differences estimator: one row per unit and period,
 * as columnar plain arrays, checked once and turned into a unit × period grid.
 *
 * - `unit`: the unit (workshop) id of each row.
 * - `time`: the period of each row as an integer (a year, an ISO-week index, …). Periods need not
 *   be consecutive; "the period before" is the previous period present in the panel.
 * - `cohort`: the first period in which the unit is treated, 0 for never treated. Constant per unit.
 * - `outcome`: the outcome, or null/undefined when missing (e.g. a week below the coverage
 *   threshold). Missing is never zero: a zero is a measured zero.
 * - `cluster` (optional): the cluster of each unit for the bootstrap and the clustered standard
 *   errors, constant per unit; by default each unit is its own cluster.
 */

/** The columns of a long panel, one entry per row. */
export interface PanelColumns {
  unit: readonly (string | number)[];
  time: readonly number[];
  cohort: readonly number[];
  outcome: readonly (number | null | undefined)[];
  cluster?: readonly (string | number)[];
}

/** A checked panel as a grid: units in order of first appearance, periods ascending. */
export interface Panel {
  /** Unit ids, in order of first appearance. */
  readonly unitIds: readonly string[];
  /** The distinct periods, ascending. */
  readonly times: readonly number[];
  /** Cohort per unit (0 = never treated). */
  readonly cohort: Int32Array;
  /** Cluster index per unit, into `clusterIds`. */
  readonly cluster: Int32Array;
  readonly clusterIds: readonly string[];
  /** Whether clusters were given (false: each unit is its own cluster). */
  readonly clustered: boolean;
  /** Outcomes, unit-major (`y[u * times.length + k]`); NaN where missing or absent. */
  readonly y: Float64Array;
  /** Number of input rows. */
  readonly rows: number;
}

export type PanelErrorCode =
  | 'PANEL_LENGTHS'
  | 'PANEL_EMPTY'
  | 'PANEL_UNIT'
  | 'PANEL_TIME'
  | 'PANEL_COHORT'
  | 'PANEL_OUTCOME'
  | 'PANEL_CLUSTER'
  | 'PANEL_DUPLICATE'
  | 'PANEL_COHORT_CHANGES'
  | 'PANEL_CLUSTER_CHANGES';

/** A panel that cannot be used; `row` is the 0-based input row, `field` the column at fault. */
export class PanelError extends Error {
  constructor(
    readonly code: PanelErrorCode,
    message: string,
    readonly row?: number,
    readonly field?: keyof PanelColumns,
  ) {
    super(message);
    this.name = 'PanelError';
  }
}

const MAX_INT32 = 2 ** 31 - 1;

/** Checks the columns and builds the grid; throws a `PanelError` naming the first bad row. */
export function buildPanel(columns: PanelColumns): Panel {
  const { unit, time, cohort, outcome, cluster } = columns;
  const rows = unit.length;
  for (const [name, col] of [
    ['time', time],
    ['cohort', cohort],
    ['outcome', outcome],
    ['cluster', cluster],
  ] as const) {
    if (col !== undefined && col.length !== rows) {
      throw new PanelError('PANEL_LENGTHS', `column ${name} has ${col.length} rows, unit has ${rows}`, undefined, name);
    }
  }
  if (rows === 0) throw new PanelError('PANEL_EMPTY', 'the panel has no rows');

  const unitIndex = new Map<string, number>();
  const unitIds: string[] = [];
  const cohortOf: number[] = [];
  const clusterOf: string[] = [];
  const rowUnit = new Int32Array(rows);
  const timeSet = new Set<number>();
  for (let r = 0; r < rows; r++) {
    const id = unit[r];
    if ((typeof id !== 'string' && typeof id !== 'number') || String(id) === '') {
      throw new PanelError('PANEL_UNIT', `row ${r}: unit id is empty`, r, 'unit');
    }
    const t = time[r]!;
    if (!Number.isInteger(t) || Math.abs(t) > MAX_INT32) {
      throw new PanelError('PANEL_TIME', `row ${r}: time must be an integer period, got ${t}`, r, 'time');
    }
    const g = cohort[r]!;
    if (!Number.isInteger(g) || g < 0 || g > MAX_INT32) {
      throw new PanelError(
        'PANEL_COHORT',
        `row ${r}: cohort must be 0 (never treated) or the first treated period, got ${g}`,
        r,
        'cohort',
      );
    }
    const y = outcome[r];
    if (y !== null && y !== undefined && !(typeof y === 'number' && Number.isFinite(y))) {
      throw new PanelError(
        'PANEL_OUTCOME',
        `row ${r}: outcome must be a finite number or missing, got ${y}`,
        r,
        'outcome',
      );
    }
    const c = cluster === undefined ? String(id) : cluster[r];
    if (cluster !== undefined && ((typeof c !== 'string' && typeof c !== 'number') || String(c) === '')) {
      throw new PanelError('PANEL_CLUSTER', `row ${r}: cluster is empty`, r, 'cluster');
    }
    const key = String(id);
    let u = unitIndex.get(key);
    if (u === undefined) {
      u = unitIds.length;
      unitIndex.set(key, u);
      unitIds.push(key);
      cohortOf.push(g);
      clusterOf.push(String(c));
    } else if (cohortOf[u] !== g) {
      throw new PanelError(
        'PANEL_COHORT_CHANGES',
        `row ${r}: unit ${key} has cohort ${g} here but ${cohortOf[u]} in an earlier row; a unit's cohort never changes`,
        r,
        'cohort',
      );
    } else if (clusterOf[u] !== String(c)) {
      throw new PanelError(
        'PANEL_CLUSTER_CHANGES',
        `row ${r}: unit ${key} is in cluster ${String(c)} here but ${clusterOf[u]} in an earlier row`,
        r,
        'cluster',
      );
    }
    rowUnit[r] = u;
    timeSet.add(t);
  }

  const times = [...timeSet].sort((a, b) => a - b);
  const timeIndex = new Map(times.map((t, k) => [t, k]));
  const nT = times.length;
  const y = new Float64Array(unitIds.length * nT).fill(Number.NaN);
  const seen = new Int32Array(unitIds.length * nT).fill(-1);
  for (let r = 0; r < rows; r++) {
    const cell = rowUnit[r]! * nT + timeIndex.get(time[r]!)!;
    if (seen[cell]! >= 0) {
      throw new PanelError(
        'PANEL_DUPLICATE',
        `row ${r}: unit ${unitIds[rowUnit[r]!]} at time ${time[r]} appears twice (first in row ${seen[cell]})`,
        r,
        'time',
      );
    }
    seen[cell] = r;
    const v = outcome[r];
    if (typeof v === 'number') y[cell] = v;
  }

  const clusterIndex = new Map<string, number>();
  const clusterIds: string[] = [];
  const clusterArr = new Int32Array(unitIds.length);
  clusterOf.forEach((c, u) => {
    let k = clusterIndex.get(c);
    if (k === undefined) {
      k = clusterIds.length;
      clusterIndex.set(c, k);
      clusterIds.push(c);
    }
    clusterArr[u] = k;
  });

  return {
    unitIds,
    times,
    cohort: Int32Array.from(cohortOf),
    cluster: clusterArr,
    clusterIds,
    clustered: cluster !== undefined,
    y,
    rows,
  };
}
