import { evaluate } from './analysis.js';
import { buildPanel } from './panel.js';
import { mulberry32 } from './random.js';
import { resolveSimulation, type SimulationOptions, simulateProgramme } from './study-simulate.js';
import { naiveBeforeAfter, trueEffects } from './study-truth.js';
import { ESTIMATOR_VERSION } from './version.js';

/**
 * The simulation study (docs/evaluation.md, "A check anyone can rerun"): simulate many programmes
 * with a known truth (study-simulate.ts), run the estimator on each exactly as an evaluator would
 * (not-yet-treated comparisons, varying base, 95 % intervals; analytic standard errors, or the
 * multiplier bootstrap when asked) and report how often the intervals cover the truth, the bias,
 * the RMSE and the standard errors against the spread of the estimates — for the overall (simple)
 * effect, a few points of the event-time curve, the whole curve (uniform band, bootstrap only), and
 * the naive before/after without a comparison group. Pure and seeded: one seed gives the same report.
 */

export const STUDY_VERSION = 'did-study/1.0.0';

export interface StudyOptions extends SimulationOptions {
  /** Simulated programmes (default 200). */
  programmes?: number;
  /** Seed of the whole study; programme k's simulation and bootstrap seeds are drawn from it. */
  seed: number;
  /** Multiplier bootstrap draws per programme; omitted = analytic standard errors. */
  bootstrap?: number;
  /** Event times reported on their own (default −4, 0, 4, 12, 26, kept where they exist). */
  events?: readonly number[];
  /** 1 − coverage of the intervals (default 0.05). */
  alpha?: number;
}

/** How one estimate behaved over the programmes. */
export interface EstimateSummary {
  /** Programmes where the estimate exists. */
  n: number;
  meanTruth: number;
  meanEstimate: number;
  /** Mean of estimate − truth. */
  bias: number;
  /** Bias as a % of the mean truth (null when the truth is 0). */
  biasPct: number | null;
  /** Monte Carlo standard error of the bias. */
  biasMcSe: number;
  rmse: number;
  /** Share of programmes whose interval contains the truth (null without intervals). */
  coverage: number | null;
  meanSe: number | null;
  /** Sd of the estimates over programmes, and of estimate − truth. */
  sdEstimate: number;
  sdError: number;
}

export interface StudyReport {
  studyVersion: string;
  estimatorVersion: string;
  programmes: number;
  seed: number;
  simulation: ReturnType<typeof resolveSimulation>;
  estimator: { control: 'not-yet'; base: 'varying'; alpha: number; se: 'analytic' | 'bootstrap'; draws: number | null };
  overall: EstimateSummary & {
    /** Coverage of the population (expected) simple effect. */
    coveragePopulation: number | null;
    populationTruth: number;
  };
  events: (EstimateSummary & { e: number })[];
  /** Share of programmes whose uniform band covers the whole true event-time curve (bootstrap only). */
  uniformBandCoverage: number | null;
  naive: EstimateSummary & { biasVsSimpleTruth: number };
  /** Share of programmes where the pre-test rejects parallel trends at alpha. */
  preTestRejection: number | null;
  /** Programmes where the estimator's cells or weights differed from the truth's (should be 0). */
  truthMismatches: number;
  ms: number;
}

interface Row {
  est: number;
  truth: number;
  se: number | null;
  lower: number | null;
  upper: number | null;
}

function summarise(rows: readonly Row[]): EstimateSummary {
  const n = rows.length;
  const mean = (f: (r: Row) => number) => rows.reduce((a, r) => a + f(r), 0) / n;
  const sd = (f: (r: Row) => number) => {
    const m = mean(f);
    return n > 1 ? Math.sqrt(rows.reduce((a, r) => a + (f(r) - m) ** 2, 0) / (n - 1)) : 0;
  };
  const meanTruth = mean((r) => r.truth);
  const bias = mean((r) => r.est - r.truth);
  const sdError = sd((r) => r.est - r.truth);
  const withCi = rows.filter((r) => r.lower !== null && r.upper !== null);
  const withSe = rows.filter((r) => r.se !== null);
  return {
    n,
    meanTruth,
    meanEstimate: mean((r) => r.est),
    bias,
    biasPct: Math.abs(meanTruth) > 1e-12 ? (100 * bias) / meanTruth : null,
    biasMcSe: sdError / Math.sqrt(n),
    rmse: Math.sqrt(mean((r) => (r.est - r.truth) ** 2)),
    coverage:
      withCi.length === 0
        ? null
        : withCi.filter((r) => r.lower! <= r.truth && r.truth <= r.upper!).length / withCi.length,
    meanSe: withSe.length === 0 ? null : withSe.reduce((a, r) => a + r.se!, 0) / withSe.length,
    sdEstimate: sd((r) => r.est),
    sdError,
  };
}

/** Runs the study; `onProgress(k, n)` after programme k of n. */
export function runStudy(options: StudyOptions, onProgress?: (k: number, n: number) => void): StudyReport {
  const started = performance.now();
  const programmes = options.programmes ?? 200;
  if (!Number.isInteger(programmes) || programmes < 2) {
    throw new Error(`study: programmes must be an integer ≥ 2, got ${programmes}`);
  }
  if (options.bootstrap !== undefined && (!Number.isInteger(options.bootstrap) || options.bootstrap < 2)) {
    throw new Error(`study: bootstrap draws must be an integer ≥ 2, got ${options.bootstrap}`);
  }
  const alpha = options.alpha ?? 0.05;
  const sim = resolveSimulation(options);
  const wanted = options.events ?? [-4, 0, 4, 12, 26];
  const seeds = mulberry32(options.seed);

  const overall: Row[] = [];
  const population: Row[] = [];
  const naive: Row[] = [];
  const byEvent = new Map<number, Row[]>(wanted.map((e) => [e, []]));
  let bandCovered = 0;
  let bands = 0;
  let rejected = 0;
  let tests = 0;
  let mismatches = 0;
  for (let k = 0; k < programmes; k++) {
    const simSeed = seeds.nextUint32();
    const bootSeed = seeds.nextUint32();
    const p = simulateProgramme(sim, simSeed);
    const truth = trueEffects(p, { control: 'not-yet' });
    const ev = evaluate(buildPanel(p.columns), {
      control: 'not-yet',
      base: 'varying',
      alpha,
      ...(options.bootstrap === undefined ? {} : { bootstrap: { draws: options.bootstrap, seed: bootSeed } }),
    });
    const simple = ev.aggregates.simple;
    const dynamic = ev.aggregates.dynamic;
    if (!simple || !dynamic || simple.overall.att === null) throw new Error(`study: programme ${k} has no effect`);

    // The truth's cells and weights must be the estimator's, else the comparison is meaningless.
    const w = simple.overall.weights;
    const same =
      w.length === truth.cells.length &&
      w.every(
        (c, j) =>
          c.group === truth.cells[j]!.group &&
          c.time === truth.cells[j]!.time &&
          Math.abs(c.weight - truth.simpleWeights[j]!) < 1e-12,
      );
    if (!same) mismatches++;

    const o = simple.overall;
    overall.push({ est: o.att!, truth: truth.simple, se: o.se, lower: o.lower, upper: o.upper });
    population.push({ est: o.att!, truth: truth.population.simple, se: o.se, lower: o.lower, upper: o.upper });
    for (const e of wanted) {
      const term = dynamic.terms.find((t) => t.key === e);
      const tv = truth.dynamic.get(e);
      if (!term || term.att === null || tv === undefined) continue;
      byEvent.get(e)!.push({ est: term.att, truth: tv, se: term.se, lower: term.lower, upper: term.upper });
    }
    if (options.bootstrap !== undefined) {
      const banded = dynamic.terms.filter((t) => t.uniformLower != null && t.uniformUpper != null);
      if (banded.length > 0) {
        bands++;
        const covers = banded.every((t) => {
          const tv = truth.dynamic.get(t.key!) ?? 0;
          return t.uniformLower! <= tv && tv <= t.uniformUpper!;
        });
        if (covers) bandCovered++;
      }
    }
    if (ev.preTest) {
      tests++;
      if (ev.preTest.pValue < alpha) rejected++;
    }
    const nv = naiveBeforeAfter(p);
    naive.push({ est: nv.estimate, truth: nv.truth, se: null, lower: null, upper: null });
    onProgress?.(k + 1, programmes);
  }

  const overallSummary = summarise(overall);
  const naiveSummary = summarise(naive);
  return {
    studyVersion: STUDY_VERSION,
    estimatorVersion: ESTIMATOR_VERSION,
    programmes,
    seed: options.seed,
    simulation: sim,
    estimator: {
      control: 'not-yet',
      base: 'varying',
      alpha,
      se: options.bootstrap === undefined ? 'analytic' : 'bootstrap',
      draws: options.bootstrap ?? null,
    },
    overall: {
      ...overallSummary,
      coveragePopulation: summarise(population).coverage,
      populationTruth: population[0]!.truth,
    },
    events: wanted.filter((e) => byEvent.get(e)!.length > 0).map((e) => ({ e, ...summarise(byEvent.get(e)!) })),
    uniformBandCoverage: bands === 0 ? null : bandCovered / bands,
    naive: { ...naiveSummary, biasVsSimpleTruth: naiveSummary.meanEstimate - overallSummary.meanTruth },
    preTestRejection: tests === 0 ? null : rejected / tests,
    truthMismatches: mismatches,
    ms: Math.round(performance.now() - started),
  };
}
