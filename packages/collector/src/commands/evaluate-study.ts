import type { Bilingual, Lang } from '@gongbang/shared';
import type { EstimateSummary, StudyReport } from '../evaluation/index.js';
import { table } from './evaluate-table.js';

/** The readable report of `gongbang-collector evaluate --simulate N` (docs/evaluation.md, "A check anyone can rerun"). */

const T = {
  title: {
    ko: '모의 실험: 알려진 효과를 추정량이 되찾는지 확인',
    en: 'Simulation study: does the estimator recover a known effect?',
  },
  programmes: { ko: '모의 프로그램', en: 'simulated programmes' },
  seed: { ko: '시드', en: 'seed' },
  workshops: { ko: '작업장', en: 'workshops' },
  weeks: { ko: '주', en: 'weeks' },
  cohorts: { ko: '코호트 시작 주', en: 'cohort start weeks' },
  never: { ko: '미처리 비율', en: 'never treated' },
  effect: { ko: '작업장별 참 효과 (로그)', en: 'true effect per workshop (log points)' },
  ramp: { ko: '주에 걸쳐 도달', en: 'weeks to reach it' },
  noise: { ko: '잡음', en: 'noise' },
  missing: { ko: '결측 주', en: 'missing weeks' },
  selection: { ko: '추세에 따른 선택', en: 'selection on trends' },
  estimator: {
    ko: '추정: 아직 미처리 + 미처리 비교, 직전 시점 기준(varying)',
    en: 'estimator: not-yet + never treated comparisons, varying base',
  },
  analytic: { ko: '해석적 표준오차', en: 'analytic standard errors' },
  bootstrap: { ko: '승수 부트스트랩', en: 'multiplier bootstrap' },
  draws: { ko: '회', en: 'draws' },
  version: { ko: '버전', en: 'versions' },
  estimate: { ko: '추정 대상', en: 'estimate' },
  truth: { ko: '참값', en: 'truth' },
  bias: { ko: '편향', en: 'bias' },
  biasPct: { ko: '편향 %', en: 'bias %' },
  rmse: { ko: 'RMSE', en: 'RMSE' },
  meanSe: { ko: '평균 SE', en: 'mean SE' },
  sd: { ko: '오차 sd', en: 'sd of error' },
  coverage: { ko: '95% 구간 포함률', en: '95% coverage' },
  overall: { ko: '전체 효과 (simple)', en: 'overall (simple)' },
  overallPop: { ko: '전체 효과, 기댓값 기준', en: 'overall vs expected truth' },
  event: { ko: '경과 e', en: 'event time e' },
  naive: { ko: '단순 전후 비교 (비교집단 없음)', en: 'naive before/after (no comparison)' },
  band: { ko: '경과 곡선 전체를 덮는 동시 구간 비율', en: 'uniform band covering the whole event-time curve' },
  bandNone: { ko: '동시 구간: --bootstrap을 주면 계산합니다', en: 'uniform band: computed with --bootstrap' },
  preTest: { ko: '사전 추세 검정 기각 비율 (유의수준 5%)', en: 'pre-trend test rejected at 5 %' },
  mismatch: { ko: '참값과 추정 대상의 칸·가중치 불일치', en: 'truth vs estimand cell/weight mismatches' },
  time: { ko: '소요', en: 'time' },
} satisfies Record<string, Bilingual>;

const num = (v: number | null, d = 4) => (v === null ? '-' : v.toFixed(d));
const pct = (v: number | null) => (v === null ? '-' : `${(100 * v).toFixed(1)}%`);

export function renderStudy(r: StudyReport, lang: Lang): string {
  const say = (b: Bilingual) => b[lang];
  const s = r.simulation;
  const row = (label: string, e: EstimateSummary, coverage = e.coverage, truth = e.meanTruth) => [
    label,
    num(truth),
    num(e.bias),
    e.biasPct === null ? '-' : e.biasPct.toFixed(1),
    num(e.rmse),
    num(e.meanSe),
    num(e.sdError),
    pct(coverage),
  ];
  const rows = [
    row(say(T.overall), r.overall),
    row(say(T.overallPop), r.overall, r.overall.coveragePopulation, r.overall.populationTruth),
    ...r.events.map((e) => row(`${say(T.event)} = ${e.e}`, e)),
    row(say(T.naive), r.naive),
  ];
  const se =
    r.estimator.se === 'bootstrap'
      ? `${say(T.bootstrap)} ${r.estimator.draws}${lang === 'ko' ? '' : ' '}${say(T.draws)}`
      : say(T.analytic);
  const out = [
    say(T.title),
    `${say(T.programmes)} ${r.programmes}, ${say(T.seed)} ${r.seed}; ${say(T.workshops)} ${s.workshops} × ${s.weeks}${lang === 'ko' ? '' : ' '}${say(T.weeks)}`,
    `${say(T.cohorts)} ${s.cohorts.join(', ')}; ${say(T.never)} ${pct(s.neverShare)}; ${say(T.missing)} ${pct(s.missingShare)}`,
    `${say(T.effect)}: N(${s.effect.mean}, ${s.effect.sd}²), ${s.effect.rampWeeks}${lang === 'ko' ? '' : ' '}${say(T.ramp)}; ` +
      `${say(T.noise)} sd ${s.noise.sd}, AR(1) ${s.noise.ar}; ${say(T.selection)} ${s.selectionOnTrends}`,
    `${say(T.estimator)}; ${se}; ${say(T.version)} ${r.estimatorVersion}, ${r.studyVersion}`,
    '',
    table(
      [
        say(T.estimate),
        say(T.truth),
        say(T.bias),
        say(T.biasPct),
        say(T.rmse),
        say(T.meanSe),
        say(T.sd),
        say(T.coverage),
        '',
      ],
      rows.map((r) => [...r, '']),
      1,
    ),
    '',
    r.uniformBandCoverage === null ? say(T.bandNone) : `${say(T.band)}: ${pct(r.uniformBandCoverage)}`,
    `${say(T.preTest)}: ${pct(r.preTestRejection)}`,
    `${say(T.mismatch)}: ${r.truthMismatches}; ${say(T.time)} ${(r.ms / 1000).toFixed(1)} s`,
  ];
  return `${out.join('\n')}\n`;
}
