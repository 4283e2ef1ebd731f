import { readFileSync } from 'node:fs';
import { type Bilingual, both, type Lang } from '@gongbang/shared';
import type { Command } from 'commander';
import { buildPanel, type Evaluation, evaluate, PanelError, runStudy } from '../evaluation/index.js';
import { PanelCsvError, readPanelCsv } from './evaluate-csv.js';
import { renderStudy } from './evaluate-study.js';
import { renderEvaluation } from './evaluate-table.js';

/** A refusal the operator can fix: printed in both languages, exit code 2 (usage) or 1 (data). */
class EvaluateCliError extends Error {
  constructor(
    readonly text: Bilingual,
    readonly exitCode: 1 | 2,
  ) {
    super(text.en);
  }
}

interface Flags {
  panel?: string;
  unit?: string;
  time?: string;
  cohort?: string;
  outcome?: string;
  cluster?: string;
  control: string;
  base: string;
  anticipation: string;
  minUnits: string;
  bootstrap?: string;
  seed?: string;
  log?: boolean;
  json?: boolean;
  lang?: string;
  simulate?: string;
  workshops?: string;
  weeks?: string;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const list = allowed.join(' | ');
  throw new EvaluateCliError(
    { ko: `${flag}: ${list} 중 하나여야 합니다 ("${value}")`, en: `${flag}: expected ${list}, got "${value}"` },
    2,
  );
}

function wholeNumber(flag: string, value: string, min: number): number {
  const v = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(v >= min) || !Number.isSafeInteger(v)) {
    throw new EvaluateCliError(
      {
        ko: `${flag}: ${min} 이상의 정수여야 합니다 ("${value}")`,
        en: `${flag}: expected a whole number ≥ ${min}, got "${value}"`,
      },
      2,
    );
  }
  return v;
}

/** The answer of `--json`: the brief's field names, every number with its N and settings. */
export function evaluationJson(ev: Evaluation): unknown {
  const est = (e: Evaluation['attgt'][number] | NonNullable<Evaluation['aggregates']['simple']>['overall']) => ({
    att: e.att,
    se: e.se,
    se_analytic: e.seAnalytic,
    lower: e.lower,
    upper: e.upper,
    ...(e.uniformLower === undefined ? {} : { uniform_lower: e.uniformLower, uniform_upper: e.uniformUpper }),
  });
  const agg = (type: keyof Evaluation['aggregates'], key: string) => {
    const a = ev.aggregates[type];
    if (!a) return null;
    return {
      overall: {
        ...est(a.overall),
        n_treated: a.overall.nTreated,
        weights: a.overall.weights,
        term_weights: a.overall.termWeights,
      },
      terms: a.terms.map((t) => ({ [key]: t.key, ...est(t), n_treated: t.nTreated, weights: t.weights })),
      uniform_critical: a.uniformCritical,
    };
  };
  const dynamic = agg('dynamic', 'e');
  const group = agg('group', 'group');
  const calendar = agg('calendar', 'time');
  return {
    attgt: ev.attgt.map((c) => ({
      group: c.group,
      time: c.time,
      base_time: c.baseTime,
      e: c.event,
      post: c.post,
      reference: c.reference,
      ...est(c),
      n_treated: c.nTreated,
      n_control: c.nControl,
      estimable: c.estimable,
      ...(c.reason ? { reason: c.reason } : {}),
    })),
    aggregate: {
      simple: agg('simple', 'key')?.overall ?? null,
      dynamic: dynamic?.terms ?? null,
      dynamic_overall: dynamic?.overall ?? null,
      group: group?.terms ?? null,
      group_overall: group?.overall ?? null,
      calendar: calendar?.terms ?? null,
      calendar_overall: calendar?.overall ?? null,
      uniform_critical: {
        attgt: ev.attgtUniformCritical,
        dynamic: dynamic?.uniform_critical ?? null,
        group: group?.uniform_critical ?? null,
        calendar: calendar?.uniform_critical ?? null,
      },
    },
    pre_test: ev.preTest,
    n: ev.n,
    n_clusters: ev.nClusters,
    groups: ev.groups,
    times: ev.times,
    notes: ev.notes,
    settings: ev.settings,
    estimatorVersion: ev.estimatorVersion,
  };
}

/**
 * `--simulate N`: the simulation study (docs/evaluation.md, "A check anyone can rerun") instead of
 * a panel — N programmes with a known effect, the estimator run on each; progress on stderr.
 */
function simulate(f: Flags, lang: Lang): void {
  const given = (['panel', 'unit', 'time', 'cohort', 'outcome', 'cluster'] as const).filter((k) => f[k] !== undefined);
  if (given.length > 0) {
    const list = given.map((k) => `--${k}`).join(', ');
    throw new EvaluateCliError(
      { ko: `--simulate에는 패널 옵션을 쓰지 않습니다 (${list})`, en: `--simulate takes no panel options (${list})` },
      2,
    );
  }
  // The study runs the estimator as evaluators do by default; other settings are not simulated.
  const changed = [
    f.control !== 'not-yet' && '--control',
    f.base !== 'varying' && '--base',
    f.anticipation !== '0' && '--anticipation',
    f.minUnits !== '2' && '--min-units',
    f.log && '--log',
  ].filter((x): x is string => typeof x === 'string');
  if (changed.length > 0) {
    const list = changed.join(', ');
    throw new EvaluateCliError(
      {
        ko: `--simulate는 기본 설정(아직 미처리 비교, varying 기준)으로만 실행합니다: ${list} 제외`,
        en: `--simulate runs the default settings only (not-yet, varying base): drop ${list}`,
      },
      2,
    );
  }
  const programmes = wholeNumber('--simulate', f.simulate!, 2);
  const seed = f.seed === undefined ? 1 : wholeNumber('--seed', f.seed, 0);
  const draws = f.bootstrap === undefined ? undefined : wholeNumber('--bootstrap', f.bootstrap, 2);
  const workshops = f.workshops === undefined ? undefined : wholeNumber('--workshops', f.workshops, 40);
  const weeks = f.weeks === undefined ? undefined : wholeNumber('--weeks', f.weeks, 12);
  const tty = process.stderr.isTTY === true;
  let report: ReturnType<typeof runStudy>;
  try {
    report = runStudy(
      {
        programmes,
        seed,
        ...(draws === undefined ? {} : { bootstrap: draws }),
        ...(workshops === undefined ? {} : { workshops }),
        ...(weeks === undefined ? {} : { weeks }),
      },
      (k, n) => {
        // One line per 10 % when stderr is a file; an updating line on a terminal.
        if (tty) process.stderr.write(`\r${lang === 'ko' ? `프로그램 ${k}/${n}` : `programme ${k} of ${n}`}`);
        else if (k === n || k % Math.max(1, Math.round(n / 10)) === 0) {
          process.stderr.write(`${lang === 'ko' ? `프로그램 ${k}/${n}` : `programme ${k} of ${n}`}\n`);
        }
      },
    );
  } catch (err) {
    throw new EvaluateCliError(
      {
        ko: `모의 실험을 마치지 못했습니다: ${(err as Error).message}`,
        en: `the simulation study failed: ${(err as Error).message}`,
      },
      1,
    );
  } finally {
    if (tty) process.stderr.write('\n');
  }
  if (f.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(renderStudy(report, lang));
}

async function run(f: Flags): Promise<void> {
  const lang = oneOf<Lang>('--lang', f.lang ?? 'ko', ['ko', 'en']);
  if (f.simulate !== undefined) return simulate(f, lang);
  for (const k of ['workshops', 'weeks'] as const) {
    if (f[k] !== undefined) {
      throw new EvaluateCliError({ ko: `--${k}는 --simulate와 함께 씁니다`, en: `--${k} goes with --simulate` }, 2);
    }
  }
  const missing = (['panel', 'unit', 'time', 'cohort', 'outcome'] as const).filter((k) => f[k] === undefined);
  if (missing.length > 0) {
    const list = missing.map((k) => `--${k}`).join(', ');
    throw new EvaluateCliError(
      {
        ko: `필수 옵션이 없습니다: ${list} (또는 --simulate N)`,
        en: `required option(s) missing: ${list} (or --simulate N)`,
      },
      2,
    );
  }
  const panelFile = f.panel!;
  const control = oneOf('--control', f.control, ['not-yet', 'never'] as const);
  const base = oneOf('--base', f.base, ['varying', 'universal'] as const);
  const anticipation = wholeNumber('--anticipation', f.anticipation, 0);
  const minUnits = wholeNumber('--min-units', f.minUnits, 1);
  if (f.seed !== undefined && f.bootstrap === undefined) {
    throw new EvaluateCliError({ ko: '--seed는 --bootstrap과 함께 씁니다', en: '--seed goes with --bootstrap' }, 2);
  }
  const draws = f.bootstrap === undefined ? undefined : wholeNumber('--bootstrap', f.bootstrap, 2);
  const seed = f.seed === undefined ? 1 : wholeNumber('--seed', f.seed, 0);
  let text: string;
  try {
    text = readFileSync(panelFile, 'utf8');
  } catch (err) {
    throw new EvaluateCliError(
      {
        ko: `패널 파일을 읽을 수 없습니다: ${panelFile}`,
        en: `cannot read the panel file ${panelFile}: ${(err as Error).message}`,
      },
      1,
    );
  }
  const cols = {
    unit: f.unit!,
    time: f.time!,
    cohort: f.cohort!,
    outcome: f.outcome!,
    ...(f.cluster ? { cluster: f.cluster } : {}),
  };
  const { columns, lineOfRow } = readPanelCsv(text, cols, f.log === true);
  let panel: ReturnType<typeof buildPanel>;
  try {
    panel = buildPanel(columns);
  } catch (err) {
    if (err instanceof PanelError) {
      const line = err.row === undefined ? undefined : lineOfRow[err.row];
      const col = err.field ? (cols as Record<string, string | undefined>)[err.field] : undefined;
      const where = `${line === undefined ? '' : `line ${line}`}${col ? `, column "${col}"` : ''}`;
      const whereKo = `${line === undefined ? '' : `${line}행`}${col ? ` "${col}" 열` : ''}`;
      throw new EvaluateCliError({ ko: `${whereKo}: 패널 오류 — ${err.message}`, en: `${where}: ${err.message}` }, 1);
    }
    throw err;
  }
  const ev = evaluate(panel, {
    control,
    base,
    anticipation,
    minUnits,
    ...(draws === undefined ? {} : { bootstrap: { draws, seed } }),
  });
  if (f.json) process.stdout.write(`${JSON.stringify(evaluationJson(ev), null, 2)}\n`);
  else process.stdout.write(renderEvaluation(ev, lang));
}

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description(
      "Staggered difference-in-differences on a panel CSV (Callaway & Sant'Anna 2021) / 패널 CSV로 단계 도입 효과 추정 (docs/evaluation.md)",
    )
    .option('--panel <file.csv>', 'long panel: one row per unit and period (required) / 단위·시점별 한 행의 CSV (필수)')
    .option('--unit <col>', 'unit id column (required) / 단위 ID 열 (필수)')
    .option('--time <col>', 'integer period column (required) / 정수 시점 열 (필수)')
    .option('--cohort <col>', 'first treated period, 0 = never (required) / 처리 시작 시점 열, 0 = 미처리 (필수)')
    .option('--outcome <col>', 'outcome column; empty = missing (required) / 결과 열, 빈 칸 = 결측 (필수)')
    .option('--cluster <col>', 'cluster column (default: each unit) / 군집 열 (기본: 단위별)')
    .option('--control <c>', 'not-yet | never / 비교집단', 'not-yet')
    .option('--base <b>', 'varying | universal / 기준 시점', 'varying')
    .option('--anticipation <n>', 'periods of anticipation / 예상 효과 기간', '0')
    .option('--min-units <n>', 'fewest treated and control units per cell / 칸별 최소 단위 수', '2')
    .option('--bootstrap <draws>', 'multiplier bootstrap draws, e.g. 999 / 부트스트랩 반복 수')
    .option('--seed <s>', 'bootstrap (or --simulate) seed (default 1) / 부트스트랩·모의 실험 시드 (기본 1)')
    .option('--log', 'natural log of the outcome (effects ≈ relative change) / 결과에 자연로그')
    .option('--json', 'JSON instead of tables / 표 대신 JSON')
    .option('--lang <lang>', 'ko | en (default ko; tables only) / 표 언어 (기본 ko)')
    .option(
      '--simulate <programmes>',
      'instead of a panel: the simulation study, e.g. 200 / 패널 대신 모의 실험 (예: 200 프로그램)',
    )
    .option('--workshops <n>', 'with --simulate: workshops per programme (default 400, ≥ 40) / 프로그램당 작업장 수')
    .option('--weeks <n>', 'with --simulate: weeks per programme (default 104, ≥ 12) / 프로그램당 주 수')
    .addHelpText(
      'after',
      `
Compares each cohort's change from the period before it starts with the change of the comparison
units over the same periods; aggregates to an overall effect, an event-time curve (pre-periods are
the placebo check), per cohort and per calendar period. Method and reading: docs/evaluation.md.
각 코호트의 시작 직전 대비 변화를 같은 기간 비교 단위의 변화와 비교합니다.

With --simulate N it checks the method instead: N simulated programmes with a known effect
(docs/evaluation.md, "A check anyone can rerun"); --bootstrap D adds the uniform band (slower).
--simulate N: 알려진 효과를 넣은 모의 프로그램 N개로 방법 자체를 확인합니다.

Example / 예:
  gongbang-collector evaluate --panel mpdta.csv --unit countyreal --time year \\
    --cohort first.treat --outcome lemp --control never --bootstrap 999 --seed 1
  gongbang-collector evaluate --simulate 200 --seed 1 [--workshops 400 --weeks 104] [--json]`,
    )
    .action(async (f: Flags) => {
      try {
        await run(f);
      } catch (err) {
        if (err instanceof EvaluateCliError) {
          console.error(both(err.text));
          process.exitCode = err.exitCode;
        } else if (err instanceof PanelCsvError) {
          console.error(both(err.text));
          process.exitCode = 1;
        } else throw err;
      }
    });
}
