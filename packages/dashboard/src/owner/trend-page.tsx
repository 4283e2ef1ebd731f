import './owner.css';
import type { KpiKey } from '@gongbang/collector';
import { useMemo } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { formatDay, formatPercent, seoulToday } from '../shared/format';
import type { PageProps } from '../shared/pages';
import { ScrollBox } from '../shared/scroll-box';
import { descriptive, kstDayStartMs, peerGains, stages, weeklyKpis } from './api';
import { formatNumber, mondayWeeksBefore } from './format';
import { messages } from './messages';
import { TrendChart } from './trend-chart';
import { TrendDescriptive } from './trend-descriptive';
import { TrendGains } from './trend-gains';
import { TrendPeers } from './trend-peers';
import { useLoad } from './use-load';
import { LoadErrorNote, useWorkshop, WorkshopLine } from './workshop';

/** Weeks shown: about half a year, enough to see a stage change with weeks on either side. */
export const TREND_WEEKS = 26;

/** The KPIs of the trend: ratios first, then labour productivity (its own axis). */
export const TREND_KPIS = ['availability', 'performance', 'quality_ratio', 'oee', 'labour_productivity'] as const;

/**
 * The owner's weekly trend: A/P/Q/OEE and labour productivity over the last 26 weeks with the
 * stage changes marked, a table with N and coverage per week, the anonymous median of similar
 * workshops, and the before/after of the last stage start, labelled descriptive.
 */
export function OwnerTrendPage(props: PageProps) {
  const { t } = useI18n();
  const m = useMessages(messages);
  const { id: workshopId, mine } = useWorkshop(props);
  const today = seoulToday();
  const from = mondayWeeksBefore(today, TREND_WEEKS - 1);
  const weekly = useLoad(workshopId ? () => weeklyKpis(workshopId, from, today) : null, [workshopId, from, today]);
  const history = useLoad(workshopId ? () => stages(workshopId) : null, [workshopId]);
  const gains = useLoad(workshopId ? () => peerGains(workshopId) : null, [workshopId]);
  const current = (history.data?.stages ?? []).filter((s) => s.startedOn <= today).at(-1);
  const transition = current && current.stage >= 1 ? `${current.stage - 1}-${current.stage}` : null;
  const desc = useLoad(workshopId && transition ? () => descriptive(workshopId, transition) : null, [
    workshopId,
    transition,
  ]);
  const labels: Record<(typeof TREND_KPIS)[number], string> = {
    availability: t.availability,
    performance: t.performance,
    quality_ratio: t.quality,
    oee: t.oee,
    labour_productivity: m.labour,
  };
  const periods = weekly.data?.periods ?? [];
  const series = useMemo(
    () =>
      TREND_KPIS.map((k) => ({
        label: labels[k],
        scale: k === 'labour_productivity' ? ('rate' as const) : ('ratio' as const),
        values: periods.map((p) => (p.kpis[k].status === 'ok' ? p.kpis[k].value : null)),
      })),
    [periods, t],
  );
  const marks = useMemo(
    () => (history.data?.stages ?? []).map((s) => ({ ms: kstDayStartMs(s.startedOn), label: m.stageMark(s.stage) })),
    [history.data, m],
  );
  const weeksMs = useMemo(() => periods.map((p) => p.startMs), [periods]);

  if (!workshopId) return <p class="note">{t.noWorkshop}</p>;
  const show = (k: KpiKey, p: (typeof periods)[number]) => {
    const kpi = p.kpis[k];
    if (kpi.status !== 'ok' || kpi.value === null)
      return kpi.status === 'insufficient_data' ? t.statusInsufficient : m.none;
    return k === 'labour_productivity' ? formatNumber(t.locale, kpi.value) : formatPercent(t.locale, kpi.value);
  };

  return (
    <section aria-labelledby="trend-title" class="owner-trend">
      <h1 id="trend-title">{m.trendTitle}</h1>
      <WorkshopLine id={workshopId} mine={mine} />
      <p class="note">{m.trendRange(TREND_WEEKS)}</p>
      <LoadErrorNote error={weekly.error} path="/owner/trend" />
      {!weekly.data && !weekly.error && <p aria-live="polite">{t.loading}</p>}
      {weekly.data && periods.length === 0 && <p class="note">{m.weeksNone}</p>}
      {periods.length > 0 && (
        <TrendChart
          weeksMs={weeksMs}
          series={series}
          stages={marks}
          locale={t.locale}
          label={m.chartLabel}
          xLabel={m.week}
        />
      )}
      {history.data && (
        <section class="owner-block" aria-labelledby="stages-title">
          <h2 id="stages-title">{m.stagesTitle}</h2>
          {history.data.stages.length === 0 ? (
            <p class="note">{m.stagesNone}</p>
          ) : (
            <ul data-testid="stages">
              {history.data.stages.map((s) => (
                <li key={s.stage}>{m.stageLine(s.stage, formatDay(t.locale, s.startedOn))}</li>
              ))}
            </ul>
          )}
        </section>
      )}
      {periods.length > 0 && (
        <ScrollBox>
          <table data-testid="trend-table">
            <caption class="visually-hidden">{m.chartLabel}</caption>
            <thead>
              <tr>
                <th scope="col">{m.week}</th>
                {TREND_KPIS.map((k) => (
                  <th scope="col" key={k}>
                    {labels[k]}
                  </th>
                ))}
                <th scope="col">{m.n}</th>
                <th scope="col">{m.coverage}</th>
              </tr>
            </thead>
            <tbody>
              {periods.map((p) => (
                <tr key={p.period}>
                  <th scope="row">{p.period}</th>
                  {TREND_KPIS.map((k) => (
                    <td key={k}>{show(k, p)}</td>
                  ))}
                  <td>{p.kpis.oee.n}</td>
                  <td>
                    {p.kpis.availability.coverage === null
                      ? m.none
                      : formatPercent(t.locale, p.kpis.availability.coverage)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {weekly.data && <TrendPeers answer={weekly.data} labels={labels} />}
      {gains.data && <TrendGains answer={gains.data} labels={labels} />}
      {transition === null && history.data && <p class="note">{m.notStaged}</p>}
      {desc.data && <TrendDescriptive answer={desc.data} />}
    </section>
  );
}
