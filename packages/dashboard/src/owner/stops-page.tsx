import './owner.css';
import type { StopInterval } from '@gongbang/collector';
import { useMemo, useState } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { formatDay, seoulToday } from '../shared/format';
import type { PageProps } from '../shared/pages';
import { navigate, useLocation } from '../shared/router';
import { classifyStop, machineStates, type StopReasonCode, stopReasons, stops } from './api';
import { formatClock, formatDuration } from './format';
import { messages } from './messages';
import { useLoad } from './use-load';
import { LoadErrorNote, useWorkshop, WorkshopLine } from './workshop';

/** How often the list asks again, ms: new stops appear as the KPI engine computes today (every minute by default). */
export const STOPS_REFRESH_MS = 30_000;

/** A stop with the reason it has now: one given through the API wins until the day is computed again. */
interface ShownStop extends StopInterval {
  shownReason: string | null;
}

function withReasons(
  list: readonly StopInterval[],
  given: readonly { machineId: string; startMs: number; endMs: number; reason: string; at: string }[],
): ShownStop[] {
  return list.map((s) => {
    const own = given
      .filter((g) => g.machineId === s.machineId && g.startMs < s.endMs && s.startMs < g.endMs)
      .sort((a, b) => (a.at < b.at ? -1 : 1))
      .pop();
    return { ...s, shownReason: own?.reason ?? s.reason };
  });
}

/**
 * The day's stops, those without a reason first, each with one-tap reason buttons (the reason
 * card's codes); minor stops shown apart, needing no reason. A reason is saved with
 * `PUT …/stops/reason` and shown at once from `GET …/stop-reasons`.
 */
export function OwnerStopsPage(props: PageProps) {
  const { t } = useI18n();
  const m = useMessages(messages);
  const { id: workshopId, mine } = useWorkshop(props);
  const { query } = useLocation();
  const day = query.get('day') ?? seoulToday();
  const list = useLoad(workshopId ? () => stops(workshopId, day) : null, [workshopId, day], STOPS_REFRESH_MS);
  const given = useLoad(workshopId ? () => stopReasons(workshopId, day) : null, [workshopId, day], STOPS_REFRESH_MS);
  const states = useLoad(workshopId ? () => machineStates(workshopId, day) : null, [workshopId, day]);
  const [status, setStatus] = useState<{ ok: boolean; say: (c: typeof m) => string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const names = useMemo(
    () => new Map((states.data?.machines ?? []).map((mc) => [mc.machineId, mc.name ?? mc.machineId])),
    [states.data],
  );

  if (!workshopId) return <p class="note">{t.noWorkshop}</p>;
  const shown = withReasons(list.data?.stops ?? [], given.data?.reasons ?? []);
  const major = shown.filter((s) => !s.minor);
  const todo = major.filter((s) => !s.shownReason);
  const done = major.filter((s) => s.shownReason);
  const minor = shown.filter((s) => s.minor);
  const key = (s: StopInterval) => `${s.machineId}-${s.startMs}`;
  const label = (s: StopInterval) =>
    m.stopAt(names.get(s.machineId) ?? s.machineId, formatClock(t.locale, s.startMs), formatClock(t.locale, s.endMs));
  const reasonName = (code: string) => (m.reasons as Record<string, string>)[code] ?? code;

  const classify = async (s: StopInterval, reason: StopReasonCode) => {
    setBusy(true);
    try {
      await classifyStop(workshopId, { machineId: s.machineId, startMs: s.startMs, endMs: s.endMs, reason });
      setStatus({ ok: true, say: (c) => c.saved(c.reasons[reason]) });
      setOpen(null);
      given.reload();
    } catch {
      setStatus({ ok: false, say: (c) => c.saveFailed });
    } finally {
      setBusy(false);
    }
  };

  const buttons = (s: StopInterval) => (
    <fieldset class="reason-buttons">
      <legend class="visually-hidden">{`${m.chooseReason}: ${label(s)}`}</legend>
      {(Object.keys(m.reasons) as StopReasonCode[]).map((code) => (
        <button type="button" key={code} disabled={busy} data-reason={code} onClick={() => classify(s, code)}>
          {m.reasons[code]}
        </button>
      ))}
    </fieldset>
  );

  return (
    <section aria-labelledby="stops-title" class="owner-stops">
      <h1 id="stops-title">
        {m.stopsTitle} <span class="sub">· {formatDay(t.locale, day)}</span>
      </h1>
      <WorkshopLine id={workshopId} mine={mine} />
      <form
        class="day-pick no-print"
        onSubmit={(e) => {
          e.preventDefault();
          const v = new FormData(e.currentTarget).get('day');
          const q = new URLSearchParams(window.location.search);
          if (typeof v === 'string' && v) q.set('day', v);
          navigate(`/owner/stops?${q}`);
        }}
      >
        <label>
          {m.day} <input type="date" name="day" value={day} max={seoulToday()} />
        </label>
        <button type="submit">{m.showDay}</button>
      </form>
      <LoadErrorNote error={list.error} path="/owner/stops" />
      <p class="note">{m.stopsIntro}</p>
      <p role="status" class={status?.ok === false ? 'error' : 'ok'} data-testid="stop-status">
        {status?.say(m) ?? ''}
      </p>
      {!list.data && !list.error && <p aria-live="polite">{t.loading}</p>}
      {list.data && major.length === 0 && <p class="note">{m.stopsNone}</p>}
      {todo.length > 0 && <h2>{m.stopsUnclassified(todo.length)}</h2>}
      <ul class="stops" data-testid="stops-todo">
        {todo.map((s) => (
          <li key={key(s)} class="stop" data-machine={s.machineId} data-start={s.startMs}>
            <p class="stop-when">
              <strong>{label(s)}</strong> · {formatDuration(t.locale, (s.endMs - s.startMs) / 1000)}
            </p>
            {buttons(s)}
          </li>
        ))}
      </ul>
      {done.length > 0 && <h2>{m.stopsClassified}</h2>}
      <ul class="stops" data-testid="stops-done">
        {done.map((s) => (
          <li key={key(s)} class="stop done" data-machine={s.machineId} data-start={s.startMs}>
            <p class="stop-when">
              <strong>{label(s)}</strong> · {formatDuration(t.locale, (s.endMs - s.startMs) / 1000)}
            </p>
            <p>
              <span data-testid="stop-reason">{m.reasonBy(reasonName(s.shownReason ?? ''))}</span>{' '}
              <button
                type="button"
                class="secondary"
                aria-expanded={open === key(s)}
                onClick={() => setOpen(open === key(s) ? null : key(s))}
              >
                {m.change}
              </button>
            </p>
            {open === key(s) && buttons(s)}
          </li>
        ))}
      </ul>
      {minor.length > 0 && (
        <details class="minor-stops" data-testid="stops-minor">
          <summary>
            {m.stopsMinor} ({minor.length})
          </summary>
          <p class="note">{m.stopsMinorNote}</p>
          <ul>
            {minor.map((s) => (
              <li key={key(s)}>
                {label(s)} · {formatDuration(t.locale, (s.endMs - s.startMs) / 1000)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
