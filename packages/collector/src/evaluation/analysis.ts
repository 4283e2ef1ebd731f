import { AGGREGATION_TYPES, type AggregateEstimate, type AggregationType, aggregate } from './aggregate.js';
import {
  type AttGtOptions,
  type AttGtResult,
  type AttGtSettings,
  attGt,
  type GroupTimeEffect,
  type PreTest,
} from './att-gt.js';
import { bootstrapSe, multiplierDraws, uniformCritical } from './bootstrap.js';
import { normalQuantile } from './distributions.js';
import type { Panel } from './panel.js';
import { mulberry32, type Rng } from './random.js';

/**
 * A full analysis as an evaluator reads it: every ATT(g,t), the four aggregations, and — when
 * asked — the multiplier bootstrap for standard errors and uniform bands. Intervals use the
 * bootstrap standard errors when there is a bootstrap (as did does), the analytic ones otherwise.
 */

export interface EvaluateOptions extends AttGtOptions {
  /** 1 − coverage of every interval and band (default 0.05). */
  alpha?: number;
  /** Multiplier bootstrap; omitted = analytic standard errors and pointwise intervals only. */
  bootstrap?: { draws?: number; seed: number; rng?: Rng };
}

export interface EvaluationSettings extends AttGtSettings {
  alpha: number;
  /** Where `se`, `lower` and `upper` come from. */
  se: 'analytic' | 'bootstrap';
  bootstrap: {
    draws: number;
    seed: number;
    weights: 'rademacher';
    clusters: number;
    clusteredBy: 'unit' | 'cluster';
  } | null;
}

/** An estimate with its intervals: pointwise always, uniform over its family when bootstrapped. */
export interface Interval {
  att: number | null;
  se: number | null;
  seAnalytic: number | null;
  lower: number | null;
  upper: number | null;
  uniformLower?: number | null;
  uniformUpper?: number | null;
}

export type EvaluatedCell = GroupTimeEffect & Interval;
export type EvaluatedEstimate = Omit<AggregateEstimate, 'influence' | 'att' | 'se'> &
  Interval & {
    /** Comparison units of the cells it averages (weight > 0): the fewest and the most of any cell. */
    nControlMin: number;
    nControlMax: number;
  };

export interface EvaluatedAggregate {
  overall: EvaluatedEstimate;
  terms: EvaluatedEstimate[];
  /** Critical value of the uniform band over `terms` (bootstrap only). */
  uniformCritical: number | null;
}

export interface Evaluation {
  estimatorVersion: string;
  settings: EvaluationSettings;
  n: number;
  nClusters: number;
  groups: number[];
  times: number[];
  notes: AttGtResult['notes'];
  preTest: PreTest | null;
  attgt: EvaluatedCell[];
  /** Critical value of the uniform band over all ATT(g,t) (bootstrap only). */
  attgtUniformCritical: number | null;
  aggregates: Record<AggregationType, EvaluatedAggregate | null>;
}

function interval(
  att: number | null,
  se: number | null,
  seAnalytic: number | null,
  z: number,
  crit?: number | null,
): Interval {
  const out: Interval = {
    att,
    se,
    seAnalytic,
    lower: att !== null && se !== null ? att - z * se : null,
    upper: att !== null && se !== null ? att + z * se : null,
  };
  if (crit !== undefined) {
    out.uniformLower = att !== null && se !== null && crit !== null ? att - crit * se : null;
    out.uniformUpper = att !== null && se !== null && crit !== null ? att + crit * se : null;
  }
  return out;
}

/** Runs attGt, every aggregation and (optionally) the bootstrap on one panel. */
export function evaluate(panel: Panel, options: EvaluateOptions = {}): Evaluation {
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new Error(`alpha must be in (0, 1), got ${alpha}`);
  const z = normalQuantile(1 - alpha / 2);
  const r = attGt(panel, options);
  const aggs = {} as Record<AggregationType, ReturnType<typeof aggregate> | null>;
  for (const type of AGGREGATION_TYPES) {
    try {
      aggs[type] = aggregate(r, type);
    } catch {
      aggs[type] = null; // no estimable post cell: nothing to aggregate
    }
  }

  // One set of draws for every estimate: the cells, then each aggregation's terms and overall.
  const columns: (Float64Array | null)[] = r.cells.map((c, j) => (c.reference ? null : r.influence[j]!));
  const slots = {} as Record<AggregationType, { terms: number[]; overall: number } | null>;
  for (const type of AGGREGATION_TYPES) {
    const a = aggs[type];
    if (!a) {
      slots[type] = null;
      continue;
    }
    const terms = a.terms.map((t) => columns.push(t.influence) - 1);
    slots[type] = { terms, overall: columns.push(a.overall.influence) - 1 };
  }
  let bootSe: (number | null)[] | null = null;
  let crit: (family: number[]) => number | null = () => null;
  let boot: EvaluationSettings['bootstrap'] = null;
  if (options.bootstrap) {
    const rng = options.bootstrap.rng ?? mulberry32(options.bootstrap.seed);
    const draws = multiplierDraws(columns, r.cluster, r.nClusters, { draws: options.bootstrap.draws, rng });
    const se = bootstrapSe(draws);
    bootSe = se;
    crit = (family) => uniformCritical(draws, se, family, alpha);
    boot = {
      draws: draws.draws,
      seed: options.bootstrap.seed,
      weights: 'rademacher',
      clusters: r.nClusters,
      clusteredBy: r.clustered ? 'cluster' : 'unit',
    };
  }
  const seAt = (j: number, analytic: number | null) => (bootSe ? bootSe[j]! : analytic);

  const cellFamily = r.cells.map((_, j) => j).filter((j) => columns[j] !== null);
  const cellCrit = bootSe ? crit(cellFamily) : null;
  const attgt = r.cells.map((c, j) => ({
    ...c,
    ...interval(c.att, c.reference ? null : seAt(j, c.se), c.se, z, bootSe ? cellCrit : undefined),
  }));

  const cellOf = new Map(r.cells.map((c) => [`${c.group}:${c.time}`, c]));
  const aggregates = {} as Record<AggregationType, EvaluatedAggregate | null>;
  for (const type of AGGREGATION_TYPES) {
    const a = aggs[type];
    const slot = slots[type];
    if (!a || !slot) {
      aggregates[type] = null;
      continue;
    }
    const c = bootSe && slot.terms.length > 0 ? crit(slot.terms) : null;
    const strip = (e: AggregateEstimate, j: number, uniform?: number | null): EvaluatedEstimate => {
      const { influence: _inf, att, se, ...rest } = e;
      const controls = e.weights
        .filter((w) => w.weight > 0)
        .map((w) => cellOf.get(`${w.group}:${w.time}`)?.nControl ?? 0);
      return {
        ...rest,
        ...interval(att, seAt(j, se), se, z, uniform),
        nControlMin: controls.length ? Math.min(...controls) : 0,
        nControlMax: controls.length ? Math.max(...controls) : 0,
      };
    };
    aggregates[type] = {
      overall: strip(a.overall, slot.overall),
      terms: a.terms.map((t, k) => strip(t, slot.terms[k]!, bootSe ? c : undefined)),
      uniformCritical: c,
    };
  }

  return {
    estimatorVersion: r.estimatorVersion,
    settings: { ...r.settings, alpha, se: bootSe ? 'bootstrap' : 'analytic', bootstrap: boot },
    n: r.n,
    nClusters: r.nClusters,
    groups: r.groups,
    times: r.times,
    notes: r.notes,
    preTest: r.preTest,
    attgt,
    attgtUniformCritical: cellCrit,
    aggregates,
  };
}
