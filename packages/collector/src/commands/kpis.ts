import { existsSync } from 'node:fs';
import { type Bilingual, both, type Lang } from '@gongbang/shared';
import type { Command } from 'commander';
import { pino } from 'pino';
import { kpiEngineFor, programmeDirectory, Registry, registryLocationFor } from '../compose/index.js';
import { type CollectorConfig, ConfigError, loadCollectorConfig } from '../config/index.js';
import {
  addDays,
  DIMENSIONS,
  type Dimension,
  FORMULA_VERSION,
  GRANULARITIES,
  type Granularity,
  kpisToCsv,
  kstDayOf,
  type OriginFilter,
  peerMedians,
  RollupStore,
  workshopKpis,
} from '../metrics/index.js';
import { createStore } from '../store/index.js';
import { renderKpiTable } from './kpis-table.js';

/** A refusal the operator can fix: printed in both languages, then the process exits with `exitCode`. */
class KpiCliError extends Error {
  constructor(
    readonly text: Bilingual,
    readonly exitCode: 1 | 2,
  ) {
    super(text.en);
  }
}

interface Common {
  config?: string;
  dataDir?: string;
  workshop: string;
  from: string;
  to: string;
  lang?: string;
}
interface ShowFlags extends Common {
  granularity: string;
  format: string;
  source: string;
  coverage?: string;
  by: string;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const list = allowed.join(' | ');
  throw new KpiCliError(
    { ko: `${flag}: ${list} 중 하나여야 합니다 ("${value}")`, en: `${flag}: expected ${list}, got "${value}"` },
    2,
  );
}

function day(flag: string, value: string): string {
  const ms = /^\d{4}-\d\d-\d\d$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new KpiCliError(
      {
        ko: `${flag}: YYYY-MM-DD 형식의 날짜가 아닙니다 ("${value}")`,
        en: `${flag}: expected a YYYY-MM-DD date, got "${value}"`,
      },
      2,
    );
  }
  return value;
}

/** The checked range and language of a command. */
function parseCommon(f: Common): { from: string; to: string; lang: Lang } {
  const lang = oneOf('--lang', f.lang ?? 'ko', ['ko', 'en'] as const);
  const from = day('--from', f.from);
  const to = day('--to', f.to);
  if (from > to) {
    throw new KpiCliError(
      { ko: `--from(${from})이 --to(${to})보다 늦습니다`, en: `--from (${from}) is after --to (${to})` },
      2,
    );
  }
  return { from, to, lang };
}

/**
 * Opens the registry of the config (and the store, when asked), checks that the workshop exists,
 * runs `fn` and closes what it opened. A missing SQLite registry is an error, not a new empty one.
 */
async function withData<T>(
  f: Common,
  needStore: boolean,
  fn: (c: {
    config: Readonly<CollectorConfig>;
    registry: Registry;
    store?: ReturnType<typeof createStore>;
  }) => Promise<T>,
): Promise<T> {
  const config = loadCollectorConfig(f.config, { overrides: { dataDir: f.dataDir } });
  const location = registryLocationFor({ registry: config.registry.url, dataDir: config.dataDir });
  if (location.kind === 'sqlite' && !existsSync(location.file)) {
    throw new KpiCliError({ ko: `레지스트리가 없습니다: ${location.file}`, en: `no registry at ${location.file}` }, 1);
  }
  const registry = new Registry({ location });
  await registry.start();
  try {
    if (!(await registry.workshops.find(f.workshop))) {
      throw new KpiCliError(
        { ko: `작업장 "${f.workshop}"을(를) 찾을 수 없습니다`, en: `workshop "${f.workshop}" not found` },
        1,
      );
    }
    if (!needStore) return await fn({ config, registry });
    const store = createStore(config, pino({ level: 'warn' }, pino.destination(2)));
    await store.start();
    try {
      return await fn({ config, registry, store });
    } finally {
      await store.stop();
    }
  } finally {
    await registry.stop();
  }
}

/** Runs an action; operator errors print in both languages and set the exit code. */
function act<F>(fn: (flags: F) => Promise<void>) {
  return async (flags: F) => {
    try {
      await fn(flags);
    } catch (err) {
      if (err instanceof KpiCliError) {
        console.error(both(err.text));
        process.exitCode = err.exitCode;
      } else if (err instanceof ConfigError) {
        console.error(both({ ko: '설정 파일 오류', en: 'invalid configuration' }));
        console.error(err.message);
        process.exitCode = 2;
      } else throw err;
    }
  };
}

async function recompute(f: Common): Promise<void> {
  const { from, lang, to: asked } = parseCommon(f);
  let to = asked;
  const today = kstDayOf(Date.now());
  if (from > today) {
    throw new KpiCliError(
      { ko: `--from(${from})이 오늘(${today}) 이후입니다`, en: `--from (${from}) is after today (${today})` },
      2,
    );
  }
  const say = (t: Bilingual) => console.log(t[lang]);
  if (to > today) {
    say({ ko: `--to를 오늘(${today})로 줄였습니다`, en: `--to cut to today (${today})` });
    to = today;
  }
  await withData(f, true, async ({ config, registry, store }) => {
    const log = pino({ level: config.log.level === 'info' ? 'warn' : config.log.level }, pino.destination(2));
    const engine = kpiEngineFor(registry, store!, { ...config.metrics, intervalMs: 0 }, log, Date.now);
    // Each day carries on from the day before: days after `to` computed before are rebuilt too,
    // so that none waits, stale, for a running collector to pick up its mark.
    const last = (await engine.rollups.lastComputedDays()).find((d) => d.workshopId === f.workshop)?.day;
    const end = last && last > to ? ([last, today].sort()[0] as string) : to;
    if (end > to) {
      say({
        ko: `${addDays(to, 1)} ~ ${end}도 다시 계산합니다 (각 날은 전날의 이월 값을 이어받으므로)`,
        en: `also computing ${addDays(to, 1)} to ${end} again (each day carries on from the day before)`,
      });
    }
    let total = 0;
    for (let d = from; d <= end; d = addDays(d, 1)) total++;
    let done = 0;
    let shownTenth = -1;
    const started = Date.now();
    await engine.recompute(f.workshop, from, end, (d) => {
      done++;
      const tenth = Math.floor((done * 10) / total);
      if (tenth === shownTenth && done < total) return;
      shownTenth = tenth;
      const pct = Math.round((done * 100) / total);
      say({
        ko: `${d} 계산 완료 (${done}/${total}일, ${pct}%)`,
        en: `computed ${d} (day ${done} of ${total}, ${pct}%)`,
      });
    });
    const s = ((Date.now() - started) / 1000).toFixed(1);
    say({
      ko: `재계산 완료: ${f.workshop}, ${from} ~ ${end}, ${total}일, ${s}초`,
      en: `recomputed ${f.workshop}, ${from} to ${end}: ${total} days in ${s} s`,
    });
  });
}

async function show(f: ShowFlags): Promise<void> {
  const { from, to, lang } = parseCommon(f);
  const granularity = oneOf<Granularity>('--granularity', f.granularity, GRANULARITIES);
  const format = oneOf('--format', f.format, ['table', 'json', 'csv'] as const);
  const source = oneOf<OriginFilter>('--source', f.source, ['all', 'device', 'manual']);
  const dim = oneOf<Dimension>('--by', f.by, DIMENSIONS);
  const given = f.coverage === undefined ? undefined : Number(f.coverage);
  if (given !== undefined && !(given >= 0 && given <= 1)) {
    throw new KpiCliError(
      {
        ko: `--coverage: 0과 1 사이여야 합니다 ("${f.coverage}")`,
        en: `--coverage: expected 0 to 1, got "${f.coverage}"`,
      },
      2,
    );
  }
  await withData(f, false, async ({ config, registry }) => {
    const coverage = given ?? config.metrics.coverageThreshold;
    const rollups = new RollupStore(() => registry.db);
    const q = {
      workshopId: f.workshop,
      fromDay: from,
      toDay: to,
      granularity,
      dim,
      dimId: dim === 'workshop' ? '' : undefined,
      origin: source,
      coverageThreshold: coverage,
    };
    const { periods, total } = await workshopKpis(rollups, q);
    const pendingDays = await rollups.dirtyDays(f.workshop, from, to);
    if (format === 'csv') {
      process.stdout.write(kpisToCsv(periods.map((p) => ({ workshop: f.workshop, ...p }))));
      return;
    }
    if (format === 'table') {
      const t = { workshop: f.workshop, from, to, dim, periods, total, pendingDays, coverageThreshold: coverage };
      process.stdout.write(renderKpiTable({ ...t, formulaVersion: FORMULA_VERSION }, lang));
      return;
    }
    const peers =
      dim === 'workshop'
        ? await peerMedians(rollups, programmeDirectory(registry), f.workshop, from, to, { source, coverage })
        : null;
    const answer = {
      workshop: f.workshop,
      from,
      to,
      granularity,
      dim,
      source,
      coverageThreshold: coverage,
      formulaVersion: FORMULA_VERSION,
      pendingDays,
      periods,
      total,
      peers,
    };
    process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  });
}

const WHERE: [string, string][] = [
  ['-c, --config <file>', 'collector.yaml: its registry and store / 수집 서버 설정 (레지스트리, 저장소)'],
  ['--data-dir <dir>', 'data folder (default ./data, as for serve) / 데이터 폴더 (기본 ./data)'],
];
const RANGE: [string, string][] = [
  ['--from <YYYY-MM-DD>', 'first KST day / 시작일 (한국 시간)'],
  ['--to <YYYY-MM-DD>', 'last KST day, included / 마지막 날 (포함)'],
];

export function registerKpis(program: Command): void {
  const kpis = program
    .command('kpis')
    .description('ISO 22400-2 KPIs: compute again, show / KPI 다시 계산, 보기 (docs/metrics.md)');

  const rc = kpis
    .command('recompute')
    .description(
      "Compute a workshop's days again from the stored readings / 저장된 측정값으로 작업장의 날들을 다시 계산",
    )
    .requiredOption('--workshop <id>', 'workshop id / 작업장 ID');
  for (const [flag, text] of RANGE) rc.requiredOption(flag, text);
  for (const [flag, text] of WHERE) rc.option(flag, text);
  rc.option('--lang <lang>', 'ko | en (default ko) / 출력 언어 (기본 ko)')
    .addHelpText(
      'after',
      `
Run it after changing a calendar, machines or products: those changes apply to the days
computed after them, and this rebuilds history. Days after --to that were computed before are
computed again too. With a SQLite registry, stop \`serve\` first (the per-workshop lock is per
process there); on PostgreSQL an advisory lock orders this and running collectors day by day.
달력·설비·제품을 바꾼 뒤 실행하십시오. 변경은 그 뒤에 계산되는 날부터 적용되며, 이 명령이 지난
날들을 다시 계산합니다. --to 이후에 이미 계산된 날도 함께 다시 계산합니다. SQLite 레지스트리면
serve를 먼저 멈추십시오.

Example / 예:
  gongbang-collector kpis recompute --workshop ws-1 --from 2026-03-01 --to 2026-03-31`,
    )
    .action(act((f: Common) => recompute(f)));

  const sh = kpis
    .command('show')
    .description("Show a workshop's KPIs per period / 작업장의 기간별 KPI 보기")
    .requiredOption('--workshop <id>', 'workshop id / 작업장 ID');
  for (const [flag, text] of RANGE) sh.requiredOption(flag, text);
  for (const [flag, text] of WHERE) sh.option(flag, text);
  sh.option('--granularity <g>', `${GRANULARITIES.join(' | ')} / 기간 단위`, 'day')
    .option('--by <dim>', `${DIMENSIONS.join(' | ')} / 나눠 보기`, 'workshop')
    .option('--source <s>', 'all | device | manual / 출처', 'all')
    .option(
      '--coverage <0-1>',
      'coverage threshold (default: metrics.coverageThreshold, 0.8) / 수집률 기준 (기본: 설정값 0.8)',
    )
    .option('--format <f>', 'table | json | csv / 출력 형식', 'table')
    .option('--lang <lang>', 'ko | en (default ko; table only) / 표 언어 (기본 ko)')
    .addHelpText(
      'after',
      `
The table shows availability, performance, quality, OEE, PQ, GQ and coverage; json is the
answer of GET /api/v1/workshops/:id/kpis, csv its CSV (every element and KPI).
표: 시간가동률, 성능가동률, 양품률, OEE, 생산·양품 수량, 수집률. json/csv는 API와 같습니다.

Example / 예:
  gongbang-collector kpis show --workshop ws-1 --from 2026-03-01 --to 2026-03-31 --granularity week`,
    )
    .action(act((f: ShowFlags) => show(f)));
}
