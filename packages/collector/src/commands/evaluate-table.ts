import type { Bilingual, Lang } from '@gongbang/shared';
import type { AggregationType, EvaluatedAggregate, Evaluation } from '../evaluation/index.js';
import { displayWidth } from './kpis-table.js';

const T = {
  title: {
    ko: "단계 도입 효과 (Callaway & Sant'Anna 2021 이중차분)",
    en: "Stage effect (Callaway & Sant'Anna 2021 difference-in-differences)",
  },
  units: { ko: '단위', en: 'units' },
  clusters: { ko: '군집', en: 'clusters' },
  control: { ko: '비교집단', en: 'comparison' },
  notYet: { ko: '아직 미처리 + 미처리', en: 'not yet treated + never treated' },
  never: { ko: '미처리', en: 'never treated' },
  base: { ko: '기준 시점', en: 'base period' },
  varying: { ko: '직전 시점(varying)', en: 'varying' },
  universal: { ko: '처리 직전 고정(universal)', en: 'universal' },
  anticipation: { ko: '예상 효과 기간', en: 'anticipation' },
  se: { ko: '표준오차', en: 'standard errors' },
  analytic: { ko: '해석적', en: 'analytic' },
  bootstrap: { ko: '승수 부트스트랩', en: 'multiplier bootstrap' },
  draws: { ko: '회', en: 'draws' },
  seed: { ko: '시드', en: 'seed' },
  preTest: { ko: '사전 추세 검정 (처리 전 ATT = 0)', en: 'pre-trend test (all pre-period ATT = 0)' },
  noPreTest: { ko: '사전 추세 검정: 처리 전 칸이 없습니다', en: 'pre-trend test: no pre-period cells' },
  attgt: { ko: '코호트·시점별 효과 ATT(g,t)', en: 'Group-time effects ATT(g,t)' },
  group: { ko: '코호트', en: 'cohort' },
  time: { ko: '시점', en: 'time' },
  baseTime: { ko: '기준', en: 'base' },
  att: { ko: '효과', en: 'ATT' },
  seCol: { ko: '표준오차', en: 'SE' },
  ci: { ko: '95% 구간', en: '95% interval' },
  band: { ko: '동시 구간', en: 'uniform band' },
  nT: { ko: '처리 N', en: 'N treated' },
  nC: { ko: '비교 N', en: 'N control' },
  note: { ko: '비고', en: 'note' },
  pre: { ko: '처리 전(위약)', en: 'pre (placebo)' },
  reference: { ko: '기준(0)', en: 'reference (0)' },
  tooFewTreated: { ko: '처리 단위 부족', en: 'too few treated' },
  tooFewControls: { ko: '비교 단위 부족', en: 'too few controls' },
  overall: { ko: '전체', en: 'overall' },
  event: { ko: '경과 시점 e', en: 'event time e' },
  none: { ko: '추정할 칸이 없습니다', en: 'nothing to estimate' },
  version: { ko: '추정식 버전', en: 'estimator version' },
} satisfies Record<string, Bilingual>;

const AGG: Record<AggregationType, Bilingual> = {
  simple: { ko: '전체 평균 효과 (simple)', en: 'Overall effect (simple)' },
  dynamic: {
    ko: '경과 시점별 효과 (dynamic, 전체 = e ≥ 0의 평균)',
    en: 'Event-time effects (dynamic; overall = mean over e ≥ 0)',
  },
  group: { ko: '코호트별 효과 (group)', en: 'Effects by cohort (group)' },
  calendar: { ko: '달력 시점별 효과 (calendar)', en: 'Effects by calendar period (calendar)' },
};

const NOTE_KO: Record<Evaluation['notes'][number]['code'], (count: number) => string> = {
  'cohort-after-last-period': (k) => `마지막 시점 이후에 처리가 시작된 단위 ${k}개는 미처리로 봅니다`,
  'treated-in-first-period': (k) => `첫 시점에 이미 처리된 단위 ${k}개 제외 (처리 전 시점이 없음)`,
  'no-observed-outcome': (k) => `결과값이 하나도 없는 단위 ${k}개 제외`,
  'no-never-treated': (k) => `미처리 단위가 없어 마지막 코호트(${k}개 단위)는 비교에만 쓰고, 그 시작 이후 시점은 제외`,
  'group-without-pre-period': () => '처리 전 시점이 없는 코호트 제외',
};

const num = (v: number | null | undefined, digits = 4): string =>
  v === null || v === undefined ? '-' : v.toFixed(digits);
const range = (lo: number | null | undefined, hi: number | null | undefined): string =>
  lo === null || lo === undefined || hi === null || hi === undefined ? '-' : `[${num(lo)}, ${num(hi)}]`;

export function table(head: string[], rows: string[][], rightFrom: number): string {
  const widths = head.map((h, k) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[k] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, k) => {
        const fill = ' '.repeat(Math.max(0, widths[k]! - displayWidth(c)));
        return k >= rightFrom && k < cells.length - 1 ? fill + c : c + fill;
      })
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function aggregateBlock(type: AggregationType, a: EvaluatedAggregate | null, boot: boolean, lang: Lang): string {
  const say = (b: Bilingual) => b[lang];
  if (!a) return `${say(AGG[type])}\n${say(T.none)}`;
  const keyHead =
    type === 'dynamic' ? say(T.event) : type === 'group' ? say(T.group) : type === 'calendar' ? say(T.time) : '';
  const head = [keyHead, say(T.att), say(T.seCol), say(T.ci), ...(boot ? [say(T.band)] : []), say(T.nT), ''];
  const row = (key: string, e: EvaluatedAggregate['overall']) => [
    key,
    num(e.att),
    num(e.se),
    range(e.lower, e.upper),
    ...(boot ? [range(e.uniformLower, e.uniformUpper)] : []),
    String(e.nTreated),
    '',
  ];
  const rows = [...a.terms.map((t) => row(String(t.key), t)), row(say(T.overall), a.overall)];
  return `${say(AGG[type])}\n${table(head, rows, 1)}`;
}

/** The readable report of `gongbang-collector evaluate` (without --json). */
export function renderEvaluation(ev: Evaluation, lang: Lang): string {
  const say = (b: Bilingual) => b[lang];
  const s = ev.settings;
  const boot = s.bootstrap !== null;
  const out: string[] = [];
  out.push(say(T.title));
  out.push(
    `${say(T.units)} N = ${ev.n}, ${say(T.clusters)} ${ev.nClusters}; ${say(T.control)}: ${say(s.control === 'never' ? T.never : T.notYet)}; ` +
      `${say(T.base)}: ${say(s.base === 'varying' ? T.varying : T.universal)}; ${say(T.anticipation)}: ${s.anticipation}`,
  );
  out.push(
    `${say(T.se)}: ${
      s.bootstrap
        ? `${say(T.bootstrap)} (${s.bootstrap.draws}${lang === 'ko' ? '' : ' '}${say(T.draws)}, Rademacher, ${say(T.seed)} ${s.bootstrap.seed})`
        : say(T.analytic)
    }; ${say(T.version)}: ${ev.estimatorVersion}`,
  );
  out.push(
    ev.preTest
      ? `${say(T.preTest)}: W = ${ev.preTest.statistic.toFixed(3)}, df = ${ev.preTest.df}, p = ${ev.preTest.pValue.toFixed(5)}`
      : say(T.noPreTest),
  );
  for (const note of ev.notes) out.push(`* ${lang === 'ko' ? NOTE_KO[note.code](note.count) : note.detail}`);
  out.push('');
  const reason = (c: Evaluation['attgt'][number]): string => {
    if (c.reason === 'too-few-treated') return say(T.tooFewTreated);
    if (c.reason === 'too-few-controls') return say(T.tooFewControls);
    if (c.reference) return say(T.reference);
    return c.post ? '' : say(T.pre);
  };
  out.push(say(T.attgt));
  out.push(
    table(
      [
        say(T.group),
        say(T.time),
        say(T.baseTime),
        say(T.att),
        say(T.seCol),
        say(T.ci),
        ...(boot ? [say(T.band)] : []),
        say(T.nT),
        say(T.nC),
        say(T.note),
      ],
      ev.attgt.map((c) => [
        String(c.group),
        String(c.time),
        String(c.baseTime),
        num(c.att),
        num(c.se),
        range(c.lower, c.upper),
        ...(boot ? [range(c.uniformLower, c.uniformUpper)] : []),
        String(c.nTreated),
        String(c.nControl),
        reason(c),
      ]),
      1,
    ),
  );
  for (const type of ['simple', 'dynamic', 'group', 'calendar'] as const) {
    out.push('');
    out.push(aggregateBlock(type, ev.aggregates[type], boot, lang));
  }
  return `${out.join('\n')}\n`;
}
