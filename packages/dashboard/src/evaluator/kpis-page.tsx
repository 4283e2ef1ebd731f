import './evaluator.css';
import type { KpiKey } from '@gongbang/collector';
import { useState } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { seoulToday } from '../shared/format';
import type { PageProps } from '../shared/pages';
import { Link } from '../shared/router';
import { programmeKpis } from './api';
import { CsvButton } from './csv-button';
import { addDays, pct } from './format';
import { GROUPS, GroupTable, kpiText } from './group-table';
import { messages } from './messages';
import { industryName } from './names';
import { PrintButton } from './print-button';
import { useLoad } from './use-load';

/** Workshop rows per page (the server pages them; 400 with every KPI are over a megabyte). */
export const PAGE_SIZE = 50;
type Source = 'all' | 'device' | 'manual';
const GROUP_FIELD = { industry: 'byIndustry', stage: 'byStage', cluster: 'byCluster' } as const;

/** KPI tables of the programme: per industry, stage and cluster the quartiles with N; per workshop, paged. */
export function KpisPage(_props: PageProps) {
  const t = useMessages(messages);
  const { t: shell } = useI18n();
  const locale = shell.locale;
  const today = seoulToday();
  const [range, setRange] = useState({ from: addDays(today, -27), to: today, source: 'all' as Source });
  const [draft, setDraft] = useState(range);
  const [kpi, setKpi] = useState<KpiKey>('oee');
  const [offset, setOffset] = useState(0);
  const load = useLoad(`${range.from}/${range.to}/${range.source}/${offset}`, () =>
    programmeKpis({ ...range, limit: PAGE_SIZE, offset }),
  );
  const data = load.state === 'done' ? load.data : null;
  const unit =
    data?.workshops.find((w) => w.figures)?.figures?.kpis[kpi].unit ?? (kpi.includes('time') ? 's' : 'ratio');
  const statusText = (s: string) =>
    s === 'ok' ? t.statusOk : s === 'insufficient_data' ? t.statusInsufficient : t.statusNotDefined;
  const first = data ? data.page.offset + 1 : 0;
  const last = data ? data.page.offset + data.workshops.length : 0;

  return (
    <section aria-labelledby="kpis-title" class="evaluator">
      <h1 id="kpis-title">{t.kpisTitle}</h1>
      <form
        class="controls no-print"
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setRange(draft);
        }}
      >
        <span class="field">
          <label for="ev-from">{t.from}</label>{' '}
          <input
            id="ev-from"
            type="date"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
          />
        </span>
        <span class="field">
          <label for="ev-to">{t.to}</label>{' '}
          <input
            id="ev-to"
            type="date"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
          />
        </span>
        <span class="field">
          <label for="ev-source">{t.source}</label>{' '}
          <select
            id="ev-source"
            value={draft.source}
            onChange={(e) => setDraft({ ...draft, source: e.currentTarget.value as Source })}
          >
            {(['all', 'device', 'manual'] as const).map((s) => (
              <option key={s} value={s}>
                {t.sources[s]}
              </option>
            ))}
          </select>
        </span>
        <button type="submit">{t.apply}</button>
        <span class="field">
          <label for="ev-kpi">{t.kpi}</label>{' '}
          <select id="ev-kpi" value={kpi} onChange={(e) => setKpi(e.currentTarget.value as KpiKey)}>
            {(Object.keys(t.kpiNames) as KpiKey[]).map((k) => (
              <option key={k} value={k}>
                {t.kpiNames[k]}
              </option>
            ))}
          </select>
        </span>
        <PrintButton label={t.print} />
      </form>
      {load.state === 'loading' && <p aria-live="polite">{shell.loading}</p>}
      {load.state === 'failed' && (
        <p class="error" role="alert">
          {load.status === 400 ? t.badRange : t.loadError}
        </p>
      )}
      {data && (
        <>
          <p class="sub-line">
            {t.period(data.from, data.to)} · {t.sources[data.source]} · {t.formulaVersion} {data.formulaVersion} ·{' '}
            {t.coverageThreshold} {pct(locale, data.coverageThreshold)}
          </p>
          <p class="explain">{t.quartileNote}</p>
          {data.page.total === 0 && <p class="note">{t.noWorkshops}</p>}
          {data.page.total > 0 && data.byIndustry.length === 0 && (
            <p class="note" role="status">
              {t.noDataYet}
            </p>
          )}
          {GROUPS.map((by) => (
            <GroupTable
              key={by}
              by={by}
              groups={data[GROUP_FIELD[by]]}
              kpi={kpi}
              unit={unit}
              answer={data}
              t={t}
              locale={locale}
            />
          ))}
          <section aria-labelledby="kpi-workshops-title" class="block">
            <h2 id="kpi-workshops-title">{t.workshopTable}</h2>
            <div class="table-wrap">
              <table data-testid="kpi-workshops">
                <caption>{t.workshopCaption(t.kpiNames[kpi], first, last, data.page.total)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t.workshop}</th>
                    <th scope="col">{t.industry}</th>
                    <th scope="col">{t.stage}</th>
                    <th scope="col">{t.value}</th>
                    <th scope="col">{t.status}</th>
                    <th scope="col">{t.coverage}</th>
                    <th scope="col">{t.n}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.workshops.map((w) => {
                    const k = w.figures?.kpis[kpi];
                    return (
                      <tr key={w.id}>
                        <th scope="row">
                          <Link href={`/evaluator/workshops/${encodeURIComponent(w.id)}`}>{w.id}</Link>
                        </th>
                        <td>{industryName(t, w.industry)}</td>
                        <td>{t.stageName(w.stage)}</td>
                        <td class="num">{k && k.status === 'ok' ? kpiText(locale, k.unit, k.value) : t.dash}</td>
                        <td>{k ? statusText(k.status) : t.noFigures}</td>
                        <td class="num">
                          {!k
                            ? t.dash
                            : k.coverage === null && k.sources.includes('manual')
                              ? t.cellsManual
                              : pct(locale, k.coverage)}
                        </td>
                        <td class="num">{k ? k.n : t.dash}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div class="pager no-print">
              <button
                type="button"
                disabled={data.page.offset === 0}
                onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
              >
                {t.previous}
              </button>
              <span aria-live="polite">{t.pageOf(first, last, data.page.total)}</span>
              <button type="button" disabled={last >= data.page.total} onClick={() => setOffset(offset + PAGE_SIZE)}>
                {t.next}
              </button>
              <CsvButton
                filename={`programme-kpis-workshops-${data.from}-${data.to}-${first}-${last}.csv`}
                label={t.csvThisPage}
                describedBy="kpi-workshops-title"
                header={[
                  'workshop',
                  'industry',
                  'cluster',
                  'stage',
                  'kpi',
                  'value',
                  'status',
                  'n',
                  'coverage',
                  'formula_version',
                ]}
                rows={() =>
                  data.workshops.flatMap((w) =>
                    w.figures
                      ? (Object.keys(w.figures.kpis) as KpiKey[]).map((key) => {
                          const f = w.figures?.kpis[key];
                          return [
                            w.id,
                            w.industry,
                            w.cluster,
                            w.stage,
                            key,
                            f?.value,
                            f?.status,
                            f?.n,
                            f?.coverage,
                            data.formulaVersion,
                          ];
                        })
                      : [
                          [
                            w.id,
                            w.industry,
                            w.cluster,
                            w.stage,
                            null,
                            null,
                            'no_data',
                            null,
                            null,
                            data.formulaVersion,
                          ],
                        ],
                  )
                }
              />
            </div>
          </section>
        </>
      )}
    </section>
  );
}
