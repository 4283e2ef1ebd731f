import './evaluator.css';
import type { CoverageWorkshop } from '@gongbang/collector';
import { useCallback, useMemo, useState } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { seoulToday } from '../shared/format';
import type { PageProps } from '../shared/pages';
import { Link } from '../shared/router';
import { programmeCoverage } from './api';
import { CoverageHeatmap, CoverageLegend } from './coverage-heatmap';
import { type Crosstab, crosstab, tallyCoverage } from './crosstab';
import { CsvButton } from './csv-button';
import { addDays, pct, shortDay } from './format';
import { type EvaluatorMessages, messages } from './messages';
import { industryName } from './names';
import { PrintButton } from './print-button';
import { useLoad } from './use-load';

const WEEK_CHOICES = [13, 26, 52, 104] as const;

type T = ReturnType<typeof useMessages<EvaluatorMessages>>;

function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

function CountsTable(props: {
  id: string;
  caption: string;
  head: string;
  table: Crosstab;
  t: T;
  label: (k: string) => string;
}) {
  const { t, table } = props;
  const header = [props.head, ...table.stages.map((s) => t.stageName(s)), t.total];
  return (
    <section aria-labelledby={props.id} class="block">
      <h2 id={props.id}>{props.caption}</h2>
      <div class="table-wrap">
        <table data-testid={props.id}>
          <thead>
            <tr>
              {header.map((h) => (
                <th scope="col" key={h}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{props.label(r.key)}</th>
                {r.counts.map((n, i) => (
                  <td class="num" key={String(table.stages[i])}>
                    {n}
                  </td>
                ))}
                <td class="num">{r.total}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t.total}</th>
              {table.totals.map((n, i) => (
                <td class="num" key={String(table.stages[i])}>
                  {n}
                </td>
              ))}
              <td class="num">{table.total}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <CsvButton
        filename={`${props.id}.csv`}
        label={t.csv}
        describedBy={props.id}
        header={header}
        rows={() => [
          ...table.rows.map((r) => [props.label(r.key), ...r.counts, r.total]),
          [t.total, ...table.totals, table.total],
        ]}
      />
    </section>
  );
}

/** The programme at a glance: who is at which stage, per industry and cluster, and the data coverage heatmap. */
export function ProgrammePage(_props: PageProps) {
  const t = useMessages(messages);
  const { lang, t: shell } = useI18n();
  const locale = shell.locale;
  const [weeks, setWeeks] = useState<number>(52);
  const to = seoulToday();
  const from = addDays(mondayOf(to), -7 * (weeks - 1));
  const load = useLoad(`${from}/${to}`, () => programmeCoverage({ from, to }));
  const [pick, setPick] = useState('');

  const data = load.state === 'done' ? load.data : null;
  const byIndustry = useMemo(() => (data ? crosstab(data.workshops, (w) => w.industry) : null), [data]);
  const byCluster = useMemo(() => (data ? crosstab(data.workshops, (w) => w.cluster ?? '') : null), [data]);
  const tally = useMemo(() => (data ? tallyCoverage(data, (w) => w.industry) : null), [data]);
  const rowLabel = useCallback((r: number) => data?.workshops[r]?.id ?? '', [data]);
  const groupLabel = useCallback((r: number) => industryName(t, data?.workshops[r]?.industry ?? ''), [data, t]);
  const weekLabel = useCallback((w: string) => w.slice(5), []);
  const threshold = data ? pct(locale, data.coverageThreshold) : '';
  const all = tally?.reduce(
    (s, x) => ({
      cells: s.cells + x.cells,
      ok: s.ok + x.ok,
      low: s.low + x.low,
      manual: s.manual + x.manual,
      empty: s.empty + x.empty,
    }),
    { cells: 0, ok: 0, low: 0, manual: 0, empty: 0 },
  );
  const clusterName = (k: string) => (k === '' ? t.noCluster : k);
  const workshopName = (w: CoverageWorkshop) => `${w.id} · ${lang === 'en' ? w.nameEn : w.nameKo}`;

  return (
    <section aria-labelledby="programme-title" class="evaluator">
      <h1 id="programme-title">{t.programmeTitle}</h1>
      <div class="controls no-print">
        <span class="field">
          <label for="ev-weeks">{t.weeks}</label>{' '}
          <select id="ev-weeks" value={weeks} onChange={(e) => setWeeks(Number(e.currentTarget.value))}>
            {WEEK_CHOICES.map((n) => (
              <option key={n} value={n}>
                {t.weeksOption(n)}
              </option>
            ))}
          </select>
        </span>
        <PrintButton label={t.print} />
      </div>
      {load.state === 'loading' && <p aria-live="polite">{shell.loading}</p>}
      {load.state === 'failed' && (
        <p class="error" role="alert">
          {load.status === 400 ? t.badRange : t.loadError}
        </p>
      )}
      {data && byIndustry && byCluster && tally && all && (
        <>
          <p class="sub-line">
            {t.programmeIntro(data.workshops.length, shortDay(locale, data.from), shortDay(locale, data.to))}
          </p>
          {data.workshops.length === 0 && <p class="note">{t.noWorkshops}</p>}
          {data.workshops.length > 0 && all.cells === all.empty && (
            <p class="note" role="status">
              {t.noDataYet}
            </p>
          )}
          <CountsTable
            id="by-industry-stage"
            caption={t.byIndustryStage}
            head={t.industry}
            table={byIndustry}
            t={t}
            label={(k) => industryName(t, k)}
          />
          <CountsTable
            id="by-cluster-stage"
            caption={t.byClusterStage}
            head={t.cluster}
            table={byCluster}
            t={t}
            label={clusterName}
          />
          <section aria-labelledby="coverage-title" class="block">
            <h2 id="coverage-title">{t.coverageTitle}</h2>
            <p class="explain">{t.coverageExplain}</p>
            <CoverageLegend title={t.legend} noData={t.legendNoData} manual={t.legendManual} locale={locale} />
            <CoverageHeatmap
              answer={data}
              label={`${t.coverageChart(data.workshops.length, data.weeks.length)}. ${t.coverageSummary(all.cells, all.ok, all.low, all.manual, all.empty, threshold)}`}
              rowLabel={rowLabel}
              groupLabel={groupLabel}
              weekLabel={weekLabel}
              cellTitle={(r, k) => {
                const cell = data.cells[r]?.[k] ?? null;
                const what = cell === null ? t.legendNoData : cell === 'manual' ? t.legendManual : pct(locale, cell);
                return `${data.workshops[r]?.id ?? ''} · ${shortDay(locale, data.weeks[k] ?? '')} · ${what}`;
              }}
            />
            <p data-testid="coverage-summary">
              {t.coverageSummary(all.cells, all.ok, all.low, all.manual, all.empty, threshold)}
            </p>
            <div class="table-wrap">
              <table data-testid="coverage-by-industry">
                <caption>{t.coverageByIndustry}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t.industry}</th>
                    <th scope="col">{t.workshops}</th>
                    <th scope="col">{t.cellsOk(threshold)}</th>
                    <th scope="col">{t.cellsLow(threshold)}</th>
                    <th scope="col">{t.cellsManual}</th>
                    <th scope="col">{t.cellsEmpty}</th>
                    <th scope="col">{t.meanCoverage}</th>
                  </tr>
                </thead>
                <tbody>
                  {tally.map((x) => (
                    <tr key={x.key}>
                      <th scope="row">{industryName(t, x.key)}</th>
                      <td class="num">{x.workshops}</td>
                      <td class="num">{x.ok}</td>
                      <td class="num">{x.low}</td>
                      <td class="num">{x.manual}</td>
                      <td class="num">{x.empty}</td>
                      <td class="num">{pct(locale, x.mean)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <CsvButton
              filename={`coverage-${data.from}-${data.to}.csv`}
              label={t.csv}
              describedBy="coverage-title"
              header={['workshop', 'industry', 'cluster', 'stage', 'week', 'coverage']}
              rows={() =>
                data.workshops.flatMap((w, r) =>
                  data.weeks.map((week, k) => [w.id, w.industry, w.cluster, w.stage, week, data.cells[r]?.[k] ?? null]),
                )
              }
            />
          </section>
          {data.workshops.length > 0 && (
            <form
              class="controls no-print block"
              onSubmit={(e) => {
                e.preventDefault();
              }}
            >
              <span class="field">
                <label for="ev-openWorkshop">{t.openWorkshop}</label>{' '}
                <select id="ev-openWorkshop" value={pick} onChange={(e) => setPick(e.currentTarget.value)}>
                  <option value="">—</option>
                  {data.workshops.map((w) => (
                    <option key={w.id} value={w.id}>
                      {workshopName(w)}
                    </option>
                  ))}
                </select>
              </span>
              {pick && <Link href={`/evaluator/workshops/${encodeURIComponent(pick)}`}>{t.open}</Link>}
            </form>
          )}
        </>
      )}
    </section>
  );
}
