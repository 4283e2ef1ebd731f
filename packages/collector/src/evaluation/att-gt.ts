import { chiSquareSurvival } from './distributions.js';
import { clusterSums, standardError, ZERO_SE } from './influence.js';
import type { Panel } from './panel.js';
import { ESTIMATOR_VERSION } from './version.js';

/**
 * Group-time average treatment effects ATT(g,t) of Callaway & Sant'Anna (2021), "Difference-in-
 * Differences with Multiple Time Periods", Journal of Econometrics 225(2), 200–230,
 * https://doi.org/10.1016/j.jeconom.2020.12.001 — without covariates, for panel data.
 *
 * Each cell is a 2×2 DiD: the mean change of cohort g from its base period to t minus the mean
 * change of the comparison units over the same two periods. Which cells exist, their base periods
 * and comparison groups follow the did package (R/pre_process_did.R and R/compute.att_gt.R,
 * https://github.com/bcallaway11/did, version 2.5.1):
 *
 * - Periods are the distinct times of the panel. A cohort first treated after the last period
 *   (+ anticipation) counts as never treated; units treated in the first period (+ anticipation)
 *   are dropped, having no pre-period.
 * - Base period: with `base: 'varying'` the pre-period cells (t < g − anticipation) compare t with
 *   the period just before t, and the first period has no cell; every post cell uses the last
 *   period before g − anticipation. With `'universal'` every cell uses that period and the cell
 *   of the base period itself is reported as 0 (the reference).
 * - Comparison group: `'never'` the never-treated units; `'not-yet'` those plus the units of
 *   other cohorts first treated after max(t, base) + anticipation.
 * - Without never-treated units, periods from the last cohort's start (− anticipation) on are
 *   dropped; with `'never'` the last cohort then serves as never treated, with `'not-yet'` it only
 *   serves as a comparison and gets no cells of its own.
 *
 * Unbalanced panels (missing outcomes): a unit enters a cell only if its outcome is observed in
 * both the base period and t. On a balanced panel this is did's panel estimator exactly; did itself
 * either drops incomplete units or switches to a repeated cross-section estimator, which this
 * module does not do. N (units), the shares of each cohort and the influence functions count every
 * unit of the analysis, as did's do, so the aggregations and their standard errors carry over.
 *
 * Influence functions (one value per unit): for a treated unit n/n_T·(ΔYᵢ − mean ΔY_T), for a
 * comparison unit −n/n_C·(ΔYᵢ − mean ΔY_C), else 0 — DRDID's panel estimator with only an intercept,
 * rescaled by n/n₁ as did does.
 */

/** Which units form the comparison group. */
export type ControlGroup = 'not-yet' | 'never';
/** How the base period of a cell is chosen. */
export type BasePeriod = 'varying' | 'universal';

export interface AttGtOptions {
  /** Comparison group: not-yet-treated (default) or never-treated units. */
  control?: ControlGroup;
  /** Base period: `varying` (default) or `universal`. */
  base?: BasePeriod;
  /** Periods before its start in which a cohort may already react (default 0). */
  anticipation?: number;
  /** Fewest treated and fewest comparison units a cell needs to be estimated (default 2). */
  minUnits?: number;
}

/** The options as applied; stored with every result. */
export interface AttGtSettings {
  control: ControlGroup;
  base: BasePeriod;
  anticipation: number;
  minUnits: number;
}

export type NotEstimableReason = 'too-few-treated' | 'too-few-controls';

/** One ATT(g,t). `att` and `se` are null when the cell is not estimable; `se` also when it is 0. */
export interface GroupTimeEffect {
  group: number;
  time: number;
  /** The period the change is measured from. */
  baseTime: number;
  /** Event time e = t − g. */
  event: number;
  /** t ≥ g: an effect; otherwise a pre-period (placebo) estimate. */
  post: boolean;
  /** The universal base period's own cell, 0 by construction. */
  reference: boolean;
  att: number | null;
  /** Analytic (cluster-robust) standard error. */
  se: number | null;
  nTreated: number;
  nControl: number;
  estimable: boolean;
  reason?: NotEstimableReason;
}

/** What the data preparation changed, so that a reader can see it. */
export interface AttGtNote {
  code:
    | 'cohort-after-last-period'
    | 'treated-in-first-period'
    | 'no-observed-outcome'
    | 'no-never-treated'
    | 'group-without-pre-period';
  /** Units (or, for no-never-treated, the last cohort) concerned. */
  count: number;
  detail: string;
}

/** Wald test that every pre-period ATT(g,t) is 0 (did's "pre-test of parallel trends"). */
export interface PreTest {
  statistic: number;
  df: number;
  pValue: number;
}

export interface AttGtResult {
  estimatorVersion: string;
  settings: AttGtSettings;
  /** Units in the analysis. */
  n: number;
  nClusters: number;
  clustered: boolean;
  unitIds: readonly string[];
  /** Cohort per unit as used (0 = never treated, after the recodings in `notes`). */
  cohort: Int32Array;
  /** Cluster index per unit. */
  cluster: Int32Array;
  /** Treated cohorts with cells, ascending. */
  groups: number[];
  /** Periods used, ascending. */
  times: number[];
  /** Share of the n units in each of `groups` (did's pg). */
  groupShare: number[];
  cells: GroupTimeEffect[];
  /** Influence function of each cell (length n), null for cells not estimable. */
  influence: (Float64Array | null)[];
  preTest: PreTest | null;
  notes: AttGtNote[];
}

export function resolveSettings(options: AttGtOptions = {}): AttGtSettings {
  const control = options.control ?? 'not-yet';
  const base = options.base ?? 'varying';
  const anticipation = options.anticipation ?? 0;
  const minUnits = options.minUnits ?? 2;
  if (control !== 'not-yet' && control !== 'never') throw new Error(`control must be not-yet | never, got ${control}`);
  if (base !== 'varying' && base !== 'universal') throw new Error(`base must be varying | universal, got ${base}`);
  if (!Number.isInteger(anticipation) || anticipation < 0) {
    throw new Error(`anticipation must be an integer ≥ 0, got ${anticipation}`);
  }
  if (!Number.isInteger(minUnits) || minUnits < 1) throw new Error(`minUnits must be an integer ≥ 1, got ${minUnits}`);
  return Object.freeze({ control, base, anticipation, minUnits });
}

/** The units, periods and cohorts the estimator works on, after did's preparation rules. */
interface Prepared {
  n: number;
  nT: number;
  times: number[];
  groups: number[];
  cohort: Int32Array;
  cluster: Int32Array;
  nClusters: number;
  unitIds: string[];
  y: Float64Array;
  notes: AttGtNote[];
}

function prepare(panel: Panel, s: AttGtSettings): Prepared {
  const notes: AttGtNote[] = [];
  const nUnits = panel.unitIds.length;
  let nT = panel.times.length;
  const lastTime = panel.times[nT - 1]!;
  const cohort = Int32Array.from(panel.cohort);
  let late = 0;
  for (let u = 0; u < nUnits; u++) {
    if (cohort[u]! > lastTime + s.anticipation) {
      cohort[u] = 0;
      late++;
    }
  }
  if (late > 0) {
    notes.push({
      code: 'cohort-after-last-period',
      count: late,
      detail: `${late} unit(s) first treated after the last period (${lastTime}) count as never treated`,
    });
  }
  let groups = [...new Set(cohort)].filter((g) => g > 0).sort((a, b) => a - b);
  if (!cohort.includes(0) && groups.length > 0) {
    const latest = groups[groups.length - 1]!;
    const cutoff = latest - s.anticipation;
    nT = panel.times.filter((t) => t < cutoff).length;
    const affected = cohort.filter((g) => g === latest).length;
    if (s.control === 'never') {
      for (let u = 0; u < nUnits; u++) if (cohort[u] === latest) cohort[u] = 0;
    }
    groups = groups.filter((g) => g !== latest);
    notes.push({
      code: 'no-never-treated',
      count: affected,
      detail:
        `no never-treated units: cohort ${latest} (${affected} units) serves only as comparison ` +
        `and periods from ${cutoff} on are dropped`,
    });
  }
  const times = panel.times.slice(0, nT);
  const first = times[0];
  const keep: number[] = [];
  let early = 0;
  let empty = 0;
  for (let u = 0; u < nUnits; u++) {
    const g = cohort[u]!;
    if (first === undefined || (g > 0 && g <= first + s.anticipation)) {
      early++;
      continue;
    }
    let observed = false;
    for (let k = 0; k < nT && !observed; k++) observed = !Number.isNaN(panel.y[u * panel.times.length + k]!);
    if (!observed) {
      empty++;
      continue;
    }
    keep.push(u);
  }
  if (early > 0) {
    notes.push({
      code: 'treated-in-first-period',
      count: early,
      detail: `${early} unit(s) already treated in the first period (${first}) dropped: no period before treatment`,
    });
  }
  if (empty > 0) {
    notes.push({ code: 'no-observed-outcome', count: empty, detail: `${empty} unit(s) without any outcome dropped` });
  }
  if (first !== undefined) groups = groups.filter((g) => g > first + s.anticipation);

  const n = keep.length;
  const y = new Float64Array(n * nT);
  const outCohort = new Int32Array(n);
  const clusterMap = new Map<number, number>();
  const cluster = new Int32Array(n);
  keep.forEach((u, i) => {
    y.set(panel.y.subarray(u * panel.times.length, u * panel.times.length + nT), i * nT);
    outCohort[i] = cohort[u]!;
    const c = panel.cluster[u]!;
    let k = clusterMap.get(c);
    if (k === undefined) {
      k = clusterMap.size;
      clusterMap.set(c, k);
    }
    cluster[i] = k;
  });
  const present = new Set(outCohort);
  groups = groups.filter((g) => present.has(g));
  return {
    n,
    nT,
    times,
    groups,
    cohort: outCohort,
    cluster,
    nClusters: clusterMap.size,
    unitIds: keep.map((u) => panel.unitIds[u]!),
    y,
    notes,
  };
}

/** Index of the last period before g − anticipation (did's pret for post cells), or −1. */
function baseIndexFor(times: readonly number[], g: number, anticipation: number): number {
  let idx = -1;
  for (let k = 0; k < times.length; k++) if (times[k]! + anticipation < g) idx = k;
  return idx;
}

/** Estimates every ATT(g,t) of the panel with its influence function and analytic standard error. */
export function attGt(panel: Panel, options: AttGtOptions = {}): AttGtResult {
  const settings = resolveSettings(options);
  const p = prepare(panel, settings);
  const { n, nT, times, cohort, cluster, nClusters, y } = p;
  const cells: GroupTimeEffect[] = [];
  const influence: (Float64Array | null)[] = [];
  const groups: number[] = [];
  const dy = new Float64Array(n);
  const role = new Int8Array(n); // 1 treated, −1 comparison, 0 neither

  for (const g of p.groups) {
    const gBase = baseIndexFor(times, g, settings.anticipation);
    if (gBase < 0) {
      p.notes.push({
        code: 'group-without-pre-period',
        count: 1,
        detail: `cohort ${g} has no period before it starts`,
      });
      continue;
    }
    groups.push(g);
    for (let k = settings.base === 'varying' ? 1 : 0; k < nT; k++) {
      const t = times[k]!;
      const post = g <= t;
      const b = settings.base === 'universal' || post ? gBase : k - 1;
      const cell: GroupTimeEffect = {
        group: g,
        time: t,
        baseTime: times[b]!,
        event: t - g,
        post,
        reference: b === k,
        att: null,
        se: null,
        nTreated: 0,
        nControl: 0,
        estimable: false,
      };
      if (b === k) {
        // The universal base period's own cell: 0 by definition, no variance (did reports 0).
        for (let i = 0; i < n; i++) {
          if (cohort[i] === g && !Number.isNaN(y[i * nT + k]!)) cell.nTreated++;
        }
        cells.push({ ...cell, att: 0, estimable: true });
        influence.push(new Float64Array(n));
        continue;
      }
      const threshold = Math.max(t, times[b]!) + settings.anticipation;
      let sumT = 0;
      let sumC = 0;
      for (let i = 0; i < n; i++) {
        const ci = cohort[i]!;
        const treated = ci === g;
        const control = settings.control === 'never' ? ci === 0 : ci === 0 || (ci > threshold && ci !== g);
        role[i] = 0;
        if (!treated && !control) continue;
        const d = y[i * nT + k]! - y[i * nT + b]!;
        if (Number.isNaN(d)) continue;
        dy[i] = d;
        if (treated) {
          role[i] = 1;
          cell.nTreated++;
          sumT += d;
        } else {
          role[i] = -1;
          cell.nControl++;
          sumC += d;
        }
      }
      if (cell.nTreated < settings.minUnits || cell.nControl < settings.minUnits) {
        cell.reason = cell.nTreated < settings.minUnits ? 'too-few-treated' : 'too-few-controls';
        cells.push(cell);
        influence.push(null);
        continue;
      }
      const meanT = sumT / cell.nTreated;
      const meanC = sumC / cell.nControl;
      const inf = new Float64Array(n);
      const wT = n / cell.nTreated;
      const wC = n / cell.nControl;
      for (let i = 0; i < n; i++) {
        if (role[i] === 1) inf[i] = wT * (dy[i]! - meanT);
        else if (role[i] === -1) inf[i] = -wC * (dy[i]! - meanC);
      }
      cell.att = meanT - meanC;
      cell.se = standardError(inf, cluster, nClusters);
      cell.estimable = true;
      cells.push(cell);
      influence.push(inf);
    }
  }

  const groupShare = groups.map((g) => cohort.filter((c) => c === g).length / n);
  return {
    estimatorVersion: ESTIMATOR_VERSION,
    settings,
    n,
    nClusters,
    clustered: panel.clustered,
    unitIds: p.unitIds,
    cohort,
    cluster,
    groups,
    times,
    groupShare,
    cells,
    influence,
    preTest: preTest(cells, influence, cluster, nClusters, n),
    notes: p.notes,
  };
}

/**
 * did's Wald pre-test (R/att_gt.R): W = b′ Σ⁻¹ b over the pre-period cells (g > t) with a non-zero
 * standard error, Σ the (cluster-robust) covariance of those estimates from their influence
 * functions, p from χ² with as many degrees of freedom as cells. Null without such cells or when
 * Σ is singular (always so with at least as many cells as clusters).
 */
function preTest(
  cells: readonly GroupTimeEffect[],
  influence: readonly (Float64Array | null)[],
  cluster: Int32Array,
  nClusters: number,
  n: number,
): PreTest | null {
  const idx = cells
    .map((_c, j) => j)
    .filter((j) => {
      const c = cells[j]!;
      return c.group > c.time && c.estimable && c.se !== null && c.se > ZERO_SE;
    });
  const q = idx.length;
  // Each influence function sums to 0 over the clusters, so Σ has rank ≤ clusters − 1: with as many
  // restrictions it is singular (did then warns and reports no test). Also bounds the work below.
  if (q === 0 || q >= nClusters) return null;
  const sums = idx.map((j) => clusterSums(influence[j]!, cluster, nClusters));
  const a = new Float64Array(q * (q + 1)); // augmented [Σ | b]
  for (let r = 0; r < q; r++) {
    for (let c = 0; c < q; c++) {
      let s = 0;
      for (let k = 0; k < nClusters; k++) s += sums[r]![k]! * sums[c]![k]!;
      a[r * (q + 1) + c] = s / (n * n);
    }
    a[r * (q + 1) + q] = cells[idx[r]!]!.att!;
  }
  const x = solve(a, q);
  if (x === null) return null;
  let w = 0;
  for (let r = 0; r < q; r++) w += cells[idx[r]!]!.att! * x[r]!;
  return { statistic: w, df: q, pValue: chiSquareSurvival(w, q) };
}

/** Solves the q × q system in the augmented matrix by Gaussian elimination with partial pivoting; null if singular. */
function solve(a: Float64Array, q: number): Float64Array | null {
  const w = q + 1;
  let scale = 0;
  for (let r = 0; r < q; r++) scale = Math.max(scale, Math.abs(a[r * w + r]!));
  for (let col = 0; col < q; col++) {
    let pivot = col;
    for (let r = col + 1; r < q; r++) if (Math.abs(a[r * w + col]!) > Math.abs(a[pivot * w + col]!)) pivot = r;
    if (!(Math.abs(a[pivot * w + col]!) > scale * 1e-13)) return null;
    if (pivot !== col) {
      for (let c = 0; c < w; c++) {
        const tmp = a[col * w + c]!;
        a[col * w + c] = a[pivot * w + c]!;
        a[pivot * w + c] = tmp;
      }
    }
    for (let r = col + 1; r < q; r++) {
      const f = a[r * w + col]! / a[col * w + col]!;
      if (f === 0) continue;
      for (let c = col; c < w; c++) a[r * w + c]! -= f * a[col * w + c]!;
    }
  }
  const x = new Float64Array(q);
  for (let r = q - 1; r >= 0; r--) {
    let s = a[r * w + q]!;
    for (let c = r + 1; c < q; c++) s -= a[r * w + c]! * x[c]!;
    x[r] = s / a[r * w + r]!;
  }
  return x;
}
