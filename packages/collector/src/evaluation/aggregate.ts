import type { AttGtResult, AttGtSettings } from './att-gt.js';
import { standardError } from './influence.js';

/**
 * Aggregations of the ATT(g,t) (Callaway & Sant'Anna 2021, §3; did's aggte(),
 * R/compute.aggte.R, https://github.com/bcallaway11/did, version 2.5.1). Only estimable cells
 * enter (did's na.rm = TRUE). Cells are weighted by their cohort's share of units, pg = n_g / n:
 *
 * - `simple`: Σ pg·ATT(g,t) / Σ pg over all post cells (t ≥ g).
 * - `dynamic`: per event time e = t − g (pre-periods e < 0 included, as the placebo check), the
 *   pg-weighted mean of the cells with t − g = e; overall = the plain mean over e ≥ 0.
 * - `group`: per cohort, the plain mean of its post cells; overall = Σ pg·θ(g) / Σ pg.
 * - `calendar`: per period t (from the first cohort's start), the pg-weighted mean of the post
 *   cells at t; overall = the plain mean over those periods.
 *
 * Because the pg are estimated, an estimate weighted by them gets did's extra influence-function
 * term wif (R/utility_functions.R, wif()): for weights wₖ = pgₖ / S, S = Σ pgₖ,
 * ∂/∂ gives Σₖ ATTₖ·[(1{Gᵢ = gₖ} − pgₖ)/S − pgₖ/S² · Σⱼ (1{Gᵢ = gⱼ} − pgⱼ)]. Plain means (fixed
 * weights) need none.
 */

export type AggregationType = 'simple' | 'dynamic' | 'group' | 'calendar';
export const AGGREGATION_TYPES: readonly AggregationType[] = ['simple', 'dynamic', 'group', 'calendar'];

/** The weight of one ATT(g,t) in an estimate. */
export interface CellWeight {
  group: number;
  time: number;
  weight: number;
}

/** One aggregated estimate with what it is made of. */
export interface AggregateEstimate {
  /** e for dynamic, the cohort for group, the period for calendar; absent for an overall estimate. */
  key?: number;
  att: number;
  /** Analytic (cluster-robust) standard error; null when it is 0. */
  se: number | null;
  /** Weight of each cell; they sum to 1. */
  weights: CellWeight[];
  /** Whether the weights are estimated (pg-based), so that `influence` includes their part. */
  estimatedWeights: boolean;
  /** For an overall estimate made of terms: each term's weight. */
  termWeights?: { key: number; weight: number }[];
  /** Units treated in the cells it averages (distinct units of the cohorts concerned). */
  nTreated: number;
  influence: Float64Array;
}

export interface AggregateResult {
  estimatorVersion: string;
  type: AggregationType;
  settings: AttGtSettings;
  n: number;
  overall: AggregateEstimate;
  /** Per e, cohort or period; empty for `simple`. */
  terms: AggregateEstimate[];
}

interface Cell {
  j: number;
  group: number;
  time: number;
  att: number;
  pg: number;
}

/** Σₖ wₖ ψₖ (+ wif·ATT when the weights are estimated): the influence function of a weighted mean of cells. */
function combine(
  r: AttGtResult,
  cells: readonly Cell[],
  estimated: boolean,
): { att: number; inf: Float64Array; weights: CellWeight[] } {
  const n = r.n;
  const inf = new Float64Array(n);
  const sumPg = cells.reduce((s, c) => s + c.pg, 0);
  const w = cells.map((c) => (estimated ? c.pg / sumPg : 1 / cells.length));
  let att = 0;
  cells.forEach((c, k) => {
    att += w[k]! * c.att;
    const psi = r.influence[c.j]!;
    for (let i = 0; i < n; i++) inf[i]! += w[k]! * psi[i]!;
  });
  if (estimated) addWif(r, cells, sumPg, inf);
  return { att, inf, weights: cells.map((c, k) => ({ group: c.group, time: c.time, weight: w[k]! })) };
}

/** Adds did's wif()·ATT to `inf`; wif depends on a unit only through its cohort. */
function addWif(
  r: AttGtResult,
  items: readonly { group: number; att: number; pg: number }[],
  sumPg: number, // Σⱼ pgⱼ over `items`, repeats included
  inf: Float64Array,
): void {
  const attPg = items.reduce((s, c) => s + c.att * c.pg, 0);
  const perCohort = new Map<number, number>();
  for (const g of new Set(r.cohort)) {
    let a = 0;
    let count = 0;
    for (const c of items) {
      if (c.group === g) {
        a += c.att;
        count++;
      }
    }
    // Σₖ ATTₖ(1{G=gₖ} − pgₖ)/S − (Σₖ ATTₖ pgₖ / S²)·Σⱼ (1{G=gⱼ} − pgⱼ)
    perCohort.set(g, (a - attPg) / sumPg - (attPg / (sumPg * sumPg)) * (count - sumPg));
  }
  for (let i = 0; i < r.n; i++) inf[i]! += perCohort.get(r.cohort[i]!)!;
}

function treatedUnits(r: AttGtResult, groups: Iterable<number>): number {
  const set = new Set(groups);
  let k = 0;
  for (let i = 0; i < r.n; i++) if (set.has(r.cohort[i]!)) k++;
  return k;
}

function estimate(r: AttGtResult, cells: readonly Cell[], estimated: boolean, key?: number): AggregateEstimate {
  const { att, inf, weights } = combine(r, cells, estimated);
  return {
    ...(key === undefined ? {} : { key }),
    att,
    se: standardError(inf, r.cluster, r.nClusters),
    weights,
    estimatedWeights: estimated,
    nTreated: treatedUnits(
      r,
      cells.map((c) => c.group),
    ),
    influence: inf,
  };
}

/** An overall estimate as a weighted mean of terms (fixed weights, or pg-weighted for `group`). */
function overallOf(
  r: AttGtResult,
  terms: readonly AggregateEstimate[],
  pg: readonly number[] | null,
): AggregateEstimate {
  const n = r.n;
  const sumPg = pg ? pg.reduce((s, x) => s + x, 0) : 0;
  const w = terms.map((_, k) => (pg ? pg[k]! / sumPg : 1 / terms.length));
  const inf = new Float64Array(n);
  let att = 0;
  terms.forEach((t, k) => {
    att += w[k]! * t.att;
    for (let i = 0; i < n; i++) inf[i]! += w[k]! * t.influence[i]!;
  });
  if (pg) {
    addWif(
      r,
      terms.map((t, k) => ({ group: t.key!, att: t.att, pg: pg[k]! })),
      sumPg,
      inf,
    );
  }
  const weights = new Map<string, CellWeight>();
  terms.forEach((t, k) => {
    for (const cw of t.weights) {
      const id = `${cw.group}:${cw.time}`;
      const prev = weights.get(id);
      if (prev) prev.weight += w[k]! * cw.weight;
      else weights.set(id, { ...cw, weight: w[k]! * cw.weight });
    }
  });
  return {
    att,
    se: standardError(inf, r.cluster, r.nClusters),
    weights: [...weights.values()],
    estimatedWeights: pg !== null,
    termWeights: terms.map((t, k) => ({ key: t.key!, weight: w[k]! })),
    nTreated: treatedUnits(
      r,
      terms.flatMap((t) => t.weights.map((cw) => cw.group)),
    ),
    influence: inf,
  };
}

/** Aggregates the ATT(g,t) of `result` as did's aggte(type) does. Throws if no post cell is estimable. */
export function aggregate(result: AttGtResult, type: AggregationType): AggregateResult {
  const pgOf = new Map(result.groups.map((g, k) => [g, result.groupShare[k]!]));
  const cells: Cell[] = [];
  result.cells.forEach((c, j) => {
    if (c.estimable && c.att !== null)
      cells.push({ j, group: c.group, time: c.time, att: c.att, pg: pgOf.get(c.group)! });
  });
  const post = cells.filter((c) => c.group <= c.time);
  if (post.length === 0 && type !== 'dynamic') {
    throw new Error(`aggregate(${type}): no estimable ATT(g,t) after treatment`);
  }
  const head = { estimatorVersion: result.estimatorVersion, type, settings: result.settings, n: result.n };

  if (type === 'simple') return { ...head, overall: estimate(result, post, true), terms: [] };

  if (type === 'dynamic') {
    const es = [...new Set(cells.map((c) => c.time - c.group))].sort((a, b) => a - b);
    const terms = es.map((e) =>
      estimate(
        result,
        cells.filter((c) => c.time - c.group === e),
        true,
        e,
      ),
    );
    const after = terms.filter((t) => t.key! >= 0);
    if (after.length === 0) throw new Error('aggregate(dynamic): no estimable ATT(g,t) after treatment');
    return { ...head, overall: overallOf(result, after, null), terms };
  }

  if (type === 'group') {
    const gs = [...new Set(post.map((c) => c.group))].sort((a, b) => a - b);
    const terms = gs.map((g) =>
      estimate(
        result,
        post.filter((c) => c.group === g),
        false,
        g,
      ),
    );
    return {
      ...head,
      overall: overallOf(
        result,
        terms,
        gs.map((g) => pgOf.get(g)!),
      ),
      terms,
    };
  }

  const ts = [...new Set(post.map((c) => c.time))].sort((a, b) => a - b);
  const terms = ts.map((t) =>
    estimate(
      result,
      post.filter((c) => c.time === t),
      true,
      t,
    ),
  );
  return { ...head, overall: overallOf(result, terms, null), terms };
}
