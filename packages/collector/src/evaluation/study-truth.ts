import type { ControlGroup } from './att-gt.js';
import type { SimulatedProgramme } from './study-simulate.js';

/**
 * What is true in a simulated programme, defined as the same estimand as the estimator's
 * aggregations (att-gt.ts, aggregate.ts; not-yet or never-treated comparisons, varying base, no
 * anticipation), but computed from the simulated true effects instead of the outcomes:
 *
 * - True ATT(g,t), t ≥ g: the mean true effect in week t of the cohort-g workshops that enter the
 *   cell, i.e. observed in the base week g − 1 and in t (the estimator's rule for missing weeks).
 *   The cell counts only if the estimator can estimate it (≥ minUnits treated and comparison
 *   workshops observed in both weeks). Pre-period cells (t < g) are 0 by construction.
 * - simple: Σ pg·ATT(g,t) / Σ pg over those post cells, pg = n_g / n the cohort's share of the
 *   workshops in the analysis, exactly the estimator's weights.
 * - dynamic(e): the pg-weighted mean over the cells with t − g = e; overall = mean over e ≥ 0.
 * - population: the same estimands in expectation over programmes (mean effect, expected cohort
 *   shares) — what the intervals' standard errors, which include the spread of the workshops'
 *   effects and of the cohort shares, are built for.
 *
 * And the naive before/after (no comparison group): per treated workshop, the mean outcome of its
 * observed weeks from the start on minus the mean before, averaged over workshops with both; its own
 * truth is the same average of the true effects of the observed weeks after the start.
 */

export interface TrueCell {
  group: number;
  time: number;
  att: number;
  nTreated: number;
  nControl: number;
}

export interface TrueEffects {
  /** Estimable post cells with their true ATT(g,t). */
  cells: TrueCell[];
  /** Weight of each cell in `simple` (pg / Σ pg), in the order of `cells`. */
  simpleWeights: number[];
  simple: number;
  /** True event-time curve: e → value, for every event time with an estimable cell (0 for e < 0). */
  dynamic: Map<number, number>;
  dynamicOverall: number;
  population: { simple: number; dynamic: (e: number) => number };
}

export interface TruthSettings {
  control?: ControlGroup;
  minUnits?: number;
}

/** True effects of `sim` as the estimator with `settings` (anticipation 0, varying base) defines them. */
export function trueEffects(sim: SimulatedProgramme, settings: TruthSettings = {}): TrueEffects {
  const control = settings.control ?? 'not-yet';
  const minUnits = settings.minUnits ?? 2;
  const { weeks: W, workshops: n0 } = sim.options;
  const y = sim.columns.outcome;
  const seen = (i: number, t: number) => y[i * W + t - 1] !== null;
  // Workshops in the analysis: at least one observed week (cohorts start at week ≥ 2).
  const units: number[] = [];
  for (let i = 0; i < n0; i++) {
    let any = false;
    for (let t = 1; t <= W && !any; t++) any = seen(i, t);
    if (any) units.push(i);
  }
  const n = units.length;
  if (!units.some((i) => sim.cohort[i] === 0)) {
    throw new Error('trueEffects: the programme has no never-treated workshop (the study needs some)');
  }
  const groups = [...new Set(units.map((i) => sim.cohort[i]!))].filter((g) => g > 0).sort((a, b) => a - b);
  const pg = new Map(groups.map((g) => [g, units.filter((i) => sim.cohort[i] === g).length / n]));

  const cells: TrueCell[] = [];
  const preEvents = new Set<number>();
  for (const g of groups) {
    const b = g - 1;
    for (let t = 2; t <= W; t++) {
      const base = t >= g ? b : t - 1;
      let nT = 0;
      let nC = 0;
      let sum = 0;
      for (const i of units) {
        const c = sim.cohort[i]!;
        const isControl = control === 'never' ? c === 0 : c === 0 || (c > Math.max(t, base) && c !== g);
        if (c !== g && !isControl) continue;
        if (!seen(i, t) || !seen(i, base)) continue;
        if (c === g) {
          nT++;
          sum += sim.effect[i * W + t - 1]!;
        } else nC++;
      }
      if (nT < minUnits || nC < minUnits) continue;
      if (t < g) preEvents.add(t - g);
      else cells.push({ group: g, time: t, att: sum / nT, nTreated: nT, nControl: nC });
    }
  }
  if (cells.length === 0) throw new Error('trueEffects: no estimable cell after a start');

  const weighted = (list: readonly TrueCell[]) => {
    const s = list.reduce((a, c) => a + pg.get(c.group)!, 0);
    return { value: list.reduce((a, c) => a + (pg.get(c.group)! / s) * c.att, 0), total: s };
  };
  const { value: simple, total } = weighted(cells);
  const dynamic = new Map<number, number>();
  for (const e of preEvents) dynamic.set(e, 0);
  const after = [...new Set(cells.map((c) => c.time - c.group))].sort((a, b) => a - b);
  for (const e of after) dynamic.set(e, weighted(cells.filter((c) => c.time - c.group === e)).value);
  const dynamicOverall = after.reduce((a, e) => a + dynamic.get(e)!, 0) / after.length;

  // Expectation over programmes: every cohort equally likely, every post cell estimable.
  const { mean, rampWeeks } = sim.options.effect;
  const ramp = (e: number) => (e < 0 ? 0 : mean * Math.min(1, (e + 1) / rampWeeks));
  let num = 0;
  let den = 0;
  for (const g of sim.options.cohorts) {
    for (let t = g; t <= W; t++) {
      num += ramp(t - g);
      den++;
    }
  }
  return {
    cells,
    simpleWeights: cells.map((c) => pg.get(c.group)! / total),
    simple,
    dynamic: new Map([...dynamic].sort((a, b) => a[0] - b[0])),
    dynamicOverall,
    population: { simple: num / den, dynamic: ramp },
  };
}

/** The naive before/after estimate of a programme and its own truth. */
export function naiveBeforeAfter(sim: SimulatedProgramme): { estimate: number; truth: number; units: number } {
  const { weeks: W, workshops: n } = sim.options;
  const y = sim.columns.outcome;
  let est = 0;
  let truth = 0;
  let units = 0;
  for (let i = 0; i < n; i++) {
    const g = sim.cohort[i]!;
    if (g === 0) continue;
    let pre = 0;
    let nPre = 0;
    let post = 0;
    let nPost = 0;
    let eff = 0;
    for (let t = 1; t <= W; t++) {
      const v = y[i * W + t - 1];
      if (v === null || v === undefined) continue;
      if (t < g) {
        pre += v;
        nPre++;
      } else {
        post += v;
        eff += sim.effect[i * W + t - 1]!;
        nPost++;
      }
    }
    if (nPre === 0 || nPost === 0) continue;
    est += post / nPost - pre / nPre;
    truth += eff / nPost;
    units++;
  }
  if (units === 0) throw new Error('naiveBeforeAfter: no treated workshop observed before and after its start');
  return { estimate: est / units, truth: truth / units, units };
}
