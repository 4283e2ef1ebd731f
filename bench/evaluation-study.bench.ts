// The simulation study of the staggered DiD (docs/evaluation.md, "A check anyone can rerun"):
// does the estimator recover a known effect, and do its 95 % intervals cover it 95 % of the time?
// Run by name only (`npm run bench -- evaluation-study`, ~1–2 min on 2 shared cores):
//   1. 200 programmes, analytic standard errors (the acceptance figures);
//   2. 50 programmes × 199 bootstrap draws, for the uniform band over the event-time curve
//      (the bootstrap is kept to 50 programmes to bound the run time);
//   3. 50 programmes with selection on trends (steeper workshops start first): parallel trends
//      fail on purpose, to show what the check looks like when the design is wrong.
import { runStudy, type StudyOptions, type StudyReport } from '../packages/collector/src/evaluation/index.js';

export const byNameOnly = true;

const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);
const f4 = (x: number | null) => (x === null ? '–' : x.toFixed(4));

function compact(r: StudyReport) {
  const s = r.simulation;
  const pick = ({
    n,
    meanTruth,
    bias,
    biasPct,
    biasMcSe,
    rmse,
    coverage,
    meanSe,
    sdEstimate,
    sdError,
  }: StudyReport['overall']) => ({
    n,
    meanTruth,
    bias,
    biasPct,
    biasMcSe,
    rmse,
    coverage,
    meanSe,
    sdEstimate,
    sdError,
  });
  return {
    studyVersion: r.studyVersion,
    estimatorVersion: r.estimatorVersion,
    programmes: r.programmes,
    seed: r.seed,
    scenario: {
      workshops: s.workshops,
      weeks: s.weeks,
      cohorts: s.cohorts,
      neverShare: s.neverShare,
      effect: s.effect,
      noise: s.noise,
      missingShare: s.missingShare,
      trendSd: s.trendSd,
      selectionOnTrends: s.selectionOnTrends,
    },
    estimator: r.estimator,
    overall: { ...pick(r.overall), coveragePopulation: r.overall.coveragePopulation },
    events: r.events.map((e) => ({ e: e.e, ...pick({ ...e, coveragePopulation: null, populationTruth: 0 }) })),
    uniformBandCoverage: r.uniformBandCoverage,
    naive: {
      ...pick({ ...r.naive, coveragePopulation: null, populationTruth: 0 }),
      biasVsSimpleTruth: r.naive.biasVsSimpleTruth,
    },
    preTestRejection: r.preTestRejection,
    truthMismatches: r.truthMismatches,
    ms: r.ms,
  };
}

export async function run(log: (msg: string) => void): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const runs: [string, StudyOptions][] = [
    ['analytic-200', { programmes: 200, seed: 1 }],
    ['bootstrap-50x199', { programmes: 50, seed: 2, bootstrap: 199 }],
    ['selection-on-trends-50', { programmes: 50, seed: 3, selectionOnTrends: 0.5 }],
  ];
  for (const [name, options] of runs) {
    const r = runStudy(options, (k, n) => {
      if (k % 25 === 0 || k === n) log(`${name}: programme ${k} of ${n}`);
    });
    const o = r.overall;
    log(
      `${name}: overall truth ${f4(o.meanTruth)}, bias ${f4(o.bias)} (${o.biasPct?.toFixed(2)} %), RMSE ${f4(o.rmse)}, ` +
        `coverage ${pct(o.coverage)} (population ${pct(o.coveragePopulation)}), mean SE ${f4(o.meanSe)} vs sd ${f4(o.sdError)}`,
    );
    for (const e of r.events) {
      log(
        `  e = ${e.e}: truth ${f4(e.meanTruth)}, bias ${f4(e.bias)}, coverage ${pct(e.coverage)}, SE ${f4(e.meanSe)} vs sd ${f4(e.sdError)}`,
      );
    }
    log(
      `  uniform band ${pct(r.uniformBandCoverage)}; naive bias ${f4(r.naive.bias)} (${r.naive.biasPct?.toFixed(1)} %); ` +
        `pre-test rejects ${pct(r.preTestRejection)}; ${(r.ms / 1000).toFixed(1)} s`,
    );
    out[name] = compact(r);
  }
  return out;
}
