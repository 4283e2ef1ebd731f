import './owner.css';
import type { Kpi } from '@gongbang/collector';
import { useMemo } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import { type Messages, useI18n } from '../i18n/index';
import { ApiError } from '../shared/api';
import { formatCount, formatDay, formatPercent, formatTime, seoulToday } from '../shared/format';
import type { PageProps } from '../shared/pages';
import { dayKpis, machineKpis, machineStates, plan } from './api';
import { CycleBlock } from './cycle-block';
import { MachinesNow } from './machines-now';
import { messages } from './messages';
import { PlanBlock } from './plan-block';
import { StateTimeline } from './state-timeline';
import { useLoad } from './use-load';
import { LoadErrorNote, useWorkshop, WorkshopLine } from './workshop';

/** How often the page asks again, ms (the issue: machine states live within 10 s). */
export const REFRESH_MS = 10_000;

const RATIOS = [
  ['availability', 'availability'],
  ['performance', 'performance'],
  ['quality_ratio', 'quality'],
  ['oee', 'oee'],
] as const satisfies ReadonlyArray<readonly [string, keyof Messages]>;

function statusLabel(t: Messages, kpi: Kpi): string {
  if (kpi.status === 'ok') return t.statusOk;
  if (kpi.status === 'insufficient_data') return t.statusInsufficient;
  return t.statusNotApplicable;
}

/**
 * The owner's today (KST): pieces made and good, each machine's state now and its day as a
 * timeline, output against the plan, cycle times, and availability, performance, quality and
 * OEE with their coverage. Asks again every 10 s.
 */
export function OwnerTodayPage(props: PageProps) {
  const { t } = useI18n();
  const m = useMessages(messages);
  const { id: workshopId, mine } = useWorkshop(props);
  const today = seoulToday();
  const kpis = useLoad(workshopId ? () => dayKpis(workshopId, today) : null, [workshopId, today], REFRESH_MS);
  const states = useLoad(workshopId ? () => machineStates(workshopId, today) : null, [workshopId, today], REFRESH_MS);
  const cycles = useLoad(workshopId ? () => machineKpis(workshopId, today) : null, [workshopId, today], REFRESH_MS);
  // A workshop without a calendar answers 404 here: that means "no target", not "not yours".
  const planned = useLoad(
    workshopId
      ? () =>
          plan(workshopId, today, today).then(
            (a) => ({ day: a.days[0] ?? null, missing: false }),
            (err: unknown) => {
              if (err instanceof ApiError && err.status === 404) return { day: null, missing: true };
              throw err;
            },
          )
      : null,
    [workshopId, today],
  );
  const names = useMemo(
    () => new Map((states.data?.machines ?? []).map((mc) => [mc.machineId, mc.name ?? mc.machineId])),
    [states.data],
  );

  if (!workshopId) return <p class="note">{t.noWorkshop}</p>;
  const answer = kpis.data;
  const day = answer?.total[0];
  const error = kpis.error ?? states.error;

  return (
    <section aria-labelledby="today-title" class="today">
      <h1 id="today-title">
        {t.todayTitle}
        {answer && <span class="sub"> · {formatDay(t.locale, answer.from)}</span>}
      </h1>
      <WorkshopLine id={workshopId} mine={mine} />
      <LoadErrorNote error={error} path="/owner/today" />
      {!answer && !error && <p aria-live="polite">{t.loading}</p>}
      {answer && !day && (
        <p class="note">
          {t.noFigures} {m.noDataHint}
        </p>
      )}
      {answer && answer.pendingDays.length > 0 && <p class="note">{t.pending}</p>}
      {day && (
        <dl class="figures" aria-live="polite" data-testid="today-figures">
          <div class="figure" data-kpi="pq">
            <dt>{t.pq}</dt>
            <dd class="value">{formatCount(t.locale, day.elements.pq)}</dd>
          </div>
          <div class="figure" data-kpi="gq">
            <dt>{t.gq}</dt>
            <dd class="value">{formatCount(t.locale, day.elements.gq)}</dd>
          </div>
        </dl>
      )}
      {states.data && <MachinesNow answer={states.data} />}
      {states.data && states.data.machines.length > 0 && <StateTimeline answer={states.data} />}
      {cycles.data && planned.data && (
        <PlanBlock machines={cycles.data} names={names} plan={planned.data.day} planMissing={planned.data.missing} />
      )}
      {cycles.data && <CycleBlock answer={cycles.data} names={names} />}
      {day && (
        <dl class="figures" aria-live="polite" data-testid="today-ratios">
          {RATIOS.map(([key, label]) => {
            const kpi = day.kpis[key];
            return (
              <div class="figure" data-kpi={key} data-status={kpi.status} key={key}>
                <dt>{t[label]}</dt>
                <dd class="value">
                  {kpi.status === 'ok' && kpi.value !== null ? formatPercent(t.locale, kpi.value) : statusLabel(t, kpi)}
                </dd>
                <dd class="meta">
                  {t.status}: {statusLabel(t, kpi)} · {t.coverage}:{' '}
                  {kpi.coverage === null ? '—' : formatPercent(t.locale, kpi.coverage)}
                </dd>
              </div>
            );
          })}
        </dl>
      )}
      {kpis.at !== null && (
        <p class="foot">
          {t.updatedAt} {formatTime(t.locale, kpis.at)} · {t.timeZoneNote} · {t.refreshNote}
          {answer && ` · ${t.formulaVersion} ${answer.formulaVersion}`}
        </p>
      )}
    </section>
  );
}
