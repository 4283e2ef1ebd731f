import { useEffect, useState } from 'preact/hooks';
import { type Messages, useI18n } from '../i18n/index';
import { ApiError, dayKpis, type Kpi, type KpiAnswer } from '../shared/api';
import { formatCount, formatDay, formatPercent, formatTime, seoulToday } from '../shared/format';
import type { PageProps } from '../shared/pages';

/** How often the page asks again, ms. */
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

/** The owner's today: pieces made and good, availability, performance, quality and OEE of today (KST). */
export function OwnerTodayPage(props: PageProps) {
  const { t } = useI18n();
  const ids = props.user.workshopIds === 'all' ? [] : props.user.workshopIds;
  const [workshopId, setWorkshopId] = useState(ids[0] ?? null);
  const [answer, setAnswer] = useState<KpiAnswer | null>(null);
  const [fetchedAt, setFetchedAt] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!workshopId) return;
    let live = true;
    const load = async () => {
      try {
        const a = await dayKpis(workshopId, seoulToday());
        if (!live) return;
        setAnswer(a);
        setFetchedAt(Date.now());
        setFailed(false);
      } catch (err) {
        if (!live) return;
        // A 401 ends the session in the app (shared/api.ts); anything else is said here.
        if (!(err instanceof ApiError && err.status === 401)) setFailed(true);
      }
    };
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [workshopId]);

  if (!workshopId) return <p class="note">{t.noWorkshop}</p>;
  const day = answer?.total[0];

  return (
    <section aria-labelledby="today-title" class="today">
      <h1 id="today-title">
        {t.todayTitle}
        {answer && <span class="sub"> · {formatDay(t.locale, answer.from)}</span>}
      </h1>
      {ids.length > 1 ? (
        <label class="workshop">
          {t.workshop}{' '}
          <select value={workshopId} onChange={(e) => setWorkshopId(e.currentTarget.value)}>
            {ids.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p class="workshop">
          {t.workshop}: <span data-testid="workshop-id">{workshopId}</span>
        </p>
      )}
      {failed && (
        <p class="error" role="alert">
          {t.loadError}
        </p>
      )}
      {!answer && !failed && <p aria-live="polite">{t.loading}</p>}
      {answer && !day && <p class="note">{t.noFigures}</p>}
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
      {fetchedAt !== null && (
        <p class="foot">
          {t.updatedAt} {formatTime(t.locale, fetchedAt)} · {t.timeZoneNote} · {t.refreshNote}
          {answer && ` · ${t.formulaVersion} ${answer.formulaVersion}`}
        </p>
      )}
    </section>
  );
}
