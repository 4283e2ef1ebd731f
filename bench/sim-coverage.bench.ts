// The evaluation's coverage of the simulator's truth over many programmes (issue #14;
// docs/simulator.md, "Coverage over many programmes"). Run by name only:
//   npm run bench -- sim-coverage
// For each seed: the simulator builds a programme, its workshops' days are taken from the
// simulator's own accounting (the collector's KPI engine computes the same figures from the
// readings: test/integration/evaluation-recovers-truth.test.ts, backfill.test.ts), summed into the
// week rows the rollups keep, and the route's analysis (`analyseProgramme`, the route's defaults)
// runs on every transition × outcome, pooled and per industry; each estimate is set beside the
// truth the estimator's way. `sim-coverage-path.test.ts` shows this path gives the route's answers.
// Two worker threads (the machine has 2 cores); seeded, so a rerun gives the same figures.
import os from 'node:os';
import { spawnModuleWorker } from '../packages/collector/src/core/index.js';
import { ESTIMATOR_VERSION } from '../packages/collector/src/evaluation/index.js';
import { SIMULATOR_VERSION } from '../packages/simulator/src/index.js';
import { wilson } from './sim-coverage-panel.js';
import type { SeedOptions, SeedRecord } from './sim-coverage-run.js';

export const byNameOnly = true;

const TO_DAY = '2026-11-01';
const OUTCOMES = ['labour_productivity', 'availability', 'performance', 'quality_ratio', 'oee'] as const;
const TRANSITIONS = ['0-1', '1-2', '2-3'] as const;
/** 999 draws, the route's default; the bootstrap is a small part of a programme's time (simulation dominates). */
const BOOTSTRAP = 999;

/** Scenario: the end-to-end test's size, and a larger programme where an industry alone can be estimated. */
const SCENARIOS = [
  { name: '20x5', workshops: 20, months: 5, seeds: Number(process.env.SIM_COVERAGE_SEEDS_SMALL ?? 100), firstSeed: 1 },
  {
    name: '40x6',
    workshops: 40,
    months: 6,
    seeds: Number(process.env.SIM_COVERAGE_SEEDS_LARGE ?? 25),
    firstSeed: 1001,
  },
];

interface Summary {
  transition: string;
  outcome: string;
  industry: string;
  programmes: number;
  estimable: number;
  covered: number;
  coverage: number | null;
  coverageWilson: { lower: number; upper: number } | null;
  meanTruth: number | null;
  meanEstimate: number | null;
  bias: number | null;
  biasMcSe: number | null;
  rmse: number | null;
  meanWidth: number | null;
  meanSe: number | null;
  sdError: number | null;
  /** sd of the errors over the mean standard error: above 1, the intervals are too narrow. */
  sdOverSe: number | null;
  /** The estimator on expected values (design only) minus the truth: its mean and its sd over programmes. */
  designBias: number | null;
  designErrorSd: number | null;
  /** Coverage of the estimates whose every cell has fewer than 5 comparison workshops at its thinnest, and of the rest. */
  byControls: { fewerThan5: { n: number; coverage: number | null }; atLeast5: { n: number; coverage: number | null } };
  meanNTreated: number | null;
  preTests: number;
  preTestRejection: number | null;
  coverageIfPreTestPasses: number | null;
  preTestPasses: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const sd = (xs: number[]) => {
  const m = mean(xs);
  return m === null || xs.length < 2 ? null : Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};
const round = (x: number | null, d = 5) => (x === null ? null : Number(x.toFixed(d)));

export function summarise(records: readonly SeedRecord[], programmes: number): Summary[] {
  const groups = new Map<string, SeedRecord[]>();
  for (const r of records) {
    const key = `${r.transition}\u0000${r.outcome}\u0000${r.industry ?? 'all'}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const out: Summary[] = [];
  for (const [key, list] of groups) {
    const [transition, outcome, industry] = key.split('\u0000') as [string, string, string];
    const est = list.filter((r) => r.att !== null && r.truth !== null && r.lower !== null && r.upper !== null);
    const covered = est.filter((r) => r.lower! <= r.truth! && r.truth! <= r.upper!);

    const errors = est.map((r) => r.att! - r.truth!);
    const tested = est.filter((r) => r.preTestP !== null);
    const passes = tested.filter((r) => r.preTestP! >= 0.05);
    const design = est.filter((r) => r.attExpected !== null).map((r) => r.attExpected! - r.truth!);
    const isCovered = (r: SeedRecord) => r.lower! <= r.truth! && r.truth! <= r.upper!;
    const share = (xs: SeedRecord[]) => ({
      n: xs.length,
      coverage: xs.length ? round(xs.filter(isCovered).length / xs.length, 4) : null,
    });
    const meanSe = mean(est.map((r) => r.se!));
    const sdErr = sd(errors);
    out.push({
      transition,
      outcome,
      industry,
      programmes,
      estimable: est.length,
      covered: covered.length,
      coverage: est.length ? round(covered.length / est.length, 4) : null,
      coverageWilson: est.length
        ? (({ lower, upper }) => ({ lower: round(lower, 4)!, upper: round(upper, 4)! }))(
            wilson(covered.length, est.length),
          )
        : null,
      meanTruth: round(mean(est.map((r) => r.truth!))),
      meanEstimate: round(mean(est.map((r) => r.att!))),
      bias: round(mean(errors)),
      biasMcSe: round(est.length > 1 ? sd(errors)! / Math.sqrt(est.length) : null),
      rmse: round(est.length ? Math.sqrt(mean(errors.map((e) => e * e))!) : null),
      meanWidth: round(mean(est.map((r) => r.upper! - r.lower!))),
      meanSe: round(meanSe),
      sdError: round(sdErr),
      sdOverSe: sdErr !== null && meanSe ? round(sdErr / meanSe, 3) : null,
      designBias: round(mean(design)),
      designErrorSd: round(sd(design)),
      byControls: {
        fewerThan5: share(est.filter((r) => r.nControlMin < 5)),
        atLeast5: share(est.filter((r) => r.nControlMin >= 5)),
      },
      meanNTreated: round(mean(est.map((r) => r.nTreated)), 2),
      preTests: tested.length,
      preTestRejection: tested.length ? round((tested.length - passes.length) / tested.length, 4) : null,
      coverageIfPreTestPasses: passes.length
        ? round(passes.filter((r) => r.lower! <= r.truth! && r.truth! <= r.upper!).length / passes.length, 4)
        : null,
      preTestPasses: passes.length,
    });
  }
  return out;
}

/** Runs the seeds on `threads` worker threads, in order of seed in the result. */
async function runSeeds(jobs: SeedOptions[], threads: number, onDone: (done: number) => void): Promise<SeedRecord[][]> {
  const results: SeedRecord[][] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const one = async () => {
    const worker = spawnModuleWorker(import.meta.url, 'sim-coverage-worker');
    try {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await new Promise<SeedRecord[]>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.postMessage(jobs[i]);
        });
        worker.removeAllListeners('error');
        onDone(++done);
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: threads }, one));
  return results;
}

export async function run(log: (msg: string) => void): Promise<Record<string, unknown>> {
  const threads = Math.max(1, Math.min(2, os.cpus().length));
  const scenarios: Record<string, unknown>[] = [];
  for (const s of SCENARIOS) {
    const started = performance.now();
    const jobs: SeedOptions[] = Array.from({ length: s.seeds }, (_, i) => ({
      workshops: s.workshops,
      months: s.months,
      seed: s.firstSeed + i,
      toDay: TO_DAY,
      transitions: TRANSITIONS,
      outcomes: OUTCOMES,
      byIndustry: true,
      bootstrap: BOOTSTRAP,
    }));
    const results = await runSeeds(jobs, threads, (k) => {
      if (k % 10 === 0 || k === s.seeds)
        log(`${s.name}: programme ${k} of ${s.seeds} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    });
    const records = results.flat();
    const summaries = summarise(
      records.filter((r) => r.industry === null),
      s.seeds,
    );
    // Within industries: every industry's analysis of a programme counts once (up to 5 a programme).
    const within = summarise(
      records.filter((r) => r.industry !== null).map((r) => ({ ...r, industry: 'each' })),
      s.seeds,
    )
      .filter((x) => x.estimable > 0)
      .map((x) => {
        const perIndustry: Record<string, string> = {};
        for (const r of records) {
          if (r.industry === null || r.transition !== x.transition || r.outcome !== x.outcome || r.att === null)
            continue;
          const [c, n] = (perIndustry[r.industry] ?? '0/0').split('/').map(Number) as [number, number];
          const hit = r.lower! <= r.truth! && r.truth! <= r.upper!;
          perIndustry[r.industry] = `${c + (hit ? 1 : 0)}/${n + 1}`;
        }
        return { ...x, perIndustry };
      });
    const elapsedS = (performance.now() - started) / 1000;
    for (const x of summaries.filter((y) => y.industry === 'all' && y.estimable > 0)) {
      log(
        `${s.name} ${x.transition} ${x.outcome}: coverage ${x.coverage} [${x.coverageWilson?.lower}, ${x.coverageWilson?.upper}] of ${x.estimable}, bias ${x.bias}, rmse ${x.rmse}, width ${x.meanWidth}, sd/SE ${x.sdOverSe}, design bias ${x.designBias} (sd ${x.designErrorSd}), pre-test rejects ${x.preTestRejection}`,
      );
    }
    scenarios.push({
      name: s.name,
      workshops: s.workshops,
      months: s.months,
      seeds: [s.firstSeed, s.firstSeed + s.seeds - 1],
      toDay: TO_DAY,
      elapsedS: round(elapsedS, 1),
      pooled: summaries,
      /** `industry=` each industry alone; `perIndustry`: covered/estimable per industry. */
      withinIndustry: within,
    });
  }
  return {
    simulatorVersion: SIMULATOR_VERSION,
    estimatorVersion: ESTIMATOR_VERSION,
    settings: {
      control: 'not-yet',
      base: 'varying',
      anticipation: 0,
      log: true,
      source: 'all',
      coverageThreshold: 0.8,
      bootstrap: BOOTSTRAP,
      bootstrapSeed: 20_211,
      alpha: 0.05,
      truth:
        'the estimand: per post cell (g, t) the mean true log effect of the cohort-g workshops observed in g − 1 and t, weighted as the simple aggregation weighs the cell',
    },
    threads,
    scenarios,
  };
}
