import './owner.css';
import { useState } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { formatCount, formatDay, seoulToday } from '../shared/format';
import type { PageProps } from '../shared/pages';
import { ScrollBox } from '../shared/scroll-box';
import { addManualEntry, deleteManualEntry, type ManualEntryBody, manualEntries, stages } from './api';
import { fieldErrors } from './entry-errors';
import { formatNumber } from './format';
import { messages } from './messages';
import { useLoad } from './use-load';
import { LoadErrorNote, useWorkshop, WorkshopLine } from './workshop';

const text = (f: FormData, k: string): string | null => {
  const v = f.get(k);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
};
// An empty box is "not given"; anything else goes as typed so the server can name what is wrong.
const num = (f: FormData, k: string): number | undefined => {
  const v = text(f, k);
  return v === null ? undefined : Number(v);
};

/** The form's fields with their message keys, in order; `num` ones are numbers. */
const FIELDS = [
  ['pq', 'pq', 'num'],
  ['sq', 'sq', 'num'],
  ['rq', 'rq', 'num'],
  ['workS', 'hours', 'num'],
  ['machineId', 'machineOpt', 'text'],
  ['productId', 'product', 'text'],
  ['workerId', 'worker', 'text'],
] as const;

/**
 * Manual entry of the day's counts (the paper 작업일지 of a stage-0 workshop): a form checked by
 * the collector, whose errors appear beside their fields; the day's entries listed, each
 * deletable (the collector keeps it marked deleted).
 */
export function OwnerEntryPage(props: PageProps) {
  const { t, lang } = useI18n();
  const m = useMessages(messages);
  const { id: workshopId, mine } = useWorkshop(props);
  const today = seoulToday();
  const [day, setDay] = useState(today);
  // The refusal itself is kept, so its messages follow a change of language.
  const [refusal, setRefusal] = useState<unknown>(null);
  const errors = fieldErrors(refusal, lang) ?? {};
  const [status, setStatus] = useState<{ ok: boolean; say: (c: typeof m) => string } | null>(null);
  const [busy, setBusy] = useState(false);
  const list = useLoad(workshopId ? () => manualEntries(workshopId, day, day) : null, [workshopId, day]);
  const history = useLoad(workshopId ? () => stages(workshopId) : null, [workshopId]);
  const stage = (history.data?.stages ?? []).filter((s) => s.startedOn <= today).at(-1)?.stage ?? 0;

  if (!workshopId) return <p class="note">{t.noWorkshop}</p>;

  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    const hours = num(f, 'hours');
    const shift = text(f, 'shift');
    const body: ManualEntryBody = {
      day: text(f, 'day') ?? today,
      shift: shift === null ? null : Number(shift),
      machineId: text(f, 'machineId'),
      productId: text(f, 'productId'),
      workerId: text(f, 'workerId'),
      pq: num(f, 'pq') as number,
      sq: num(f, 'sq'),
      rq: num(f, 'rq'),
      // Hours on paper; seconds on the wire.
      workS: hours === undefined ? null : Number.isFinite(hours) ? Math.round(hours * 3600) : hours,
      note: text(f, 'note'),
    };
    setBusy(true);
    try {
      await addManualEntry(workshopId, body);
      setRefusal(null);
      setStatus({ ok: true, say: (c) => c.entrySaved });
      setDay(body.day);
      form.reset();
      list.reload();
    } catch (err) {
      const fields = fieldErrors(err, lang);
      setRefusal(err);
      setStatus({ ok: false, say: (c) => (fields ? c.entryInvalid : c.saveFailed) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (entryId: string) => {
    try {
      await deleteManualEntry(workshopId, entryId);
      setStatus({ ok: true, say: (c) => c.deleted });
      list.reload();
    } catch {
      setStatus({ ok: false, say: (c) => c.saveFailed });
    }
  };

  const err = (field: string) =>
    errors[field] ? (
      <span class="field-error" id={`err-${field}`} data-testid={`error-${field}`}>
        {errors[field]}
      </span>
    ) : null;
  const described = (field: string) => (errors[field] ? `err-${field}` : undefined);

  return (
    <section aria-labelledby="entry-title" class="owner-entry">
      <h1 id="entry-title">{m.entryTitle}</h1>
      <WorkshopLine id={workshopId} mine={mine} />
      <LoadErrorNote error={list.error} path="/owner/entry" />
      <p class="note">{stage >= 1 ? m.entryStageNote : m.entryIntro}</p>
      <form class="entry-form" onSubmit={submit} noValidate>
        <label>
          {m.day}
          <input
            type="date"
            name="day"
            value={day}
            max={today}
            onChange={(e) => setDay(e.currentTarget.value || today)}
            aria-invalid={errors.day ? 'true' : undefined}
            aria-describedby={described('day')}
          />
          {err('day')}
        </label>
        <label>
          {m.shift}
          <select name="shift" aria-describedby={described('shift')}>
            <option value="">{m.shiftNone}</option>
            {[0, 1, 2, 3].map((n) => (
              <option key={n} value={n}>
                {m.shiftN(n)}
              </option>
            ))}
          </select>
          {err('shift')}
        </label>
        {FIELDS.map(([field, label, kind]) => (
          <label key={field}>
            {m[label]}
            <input
              name={field === 'workS' ? 'hours' : field}
              type={kind === 'num' ? 'number' : 'text'}
              inputMode={kind === 'num' ? (field === 'workS' ? 'decimal' : 'numeric') : undefined}
              step={field === 'workS' ? '0.25' : kind === 'num' ? '1' : undefined}
              aria-invalid={errors[field] ? 'true' : undefined}
              aria-describedby={described(field)}
              data-testid={`field-${field}`}
            />
            {err(field)}
          </label>
        ))}
        <label class="wide">
          {m.note}
          <textarea name="note" rows={2} aria-describedby={described('note')} />
          {err('note')}
        </label>
        <button type="submit" disabled={busy}>
          {busy ? m.saving : m.save}
        </button>
      </form>
      <p role="status" class={status?.ok === false ? 'error' : 'ok'} data-testid="entry-status">
        {status?.say(m) ?? ''}
      </p>
      {errors.form && <p class="error">{errors.form}</p>}
      <h2>{m.entriesTitle(formatDay(t.locale, day))}</h2>
      {list.data && list.data.entries.length === 0 && <p class="note">{m.entriesNone}</p>}
      {list.data && list.data.entries.length > 0 && (
        <ScrollBox>
          <table data-testid="entries">
            <thead>
              <tr>
                <th scope="col">{m.pq}</th>
                <th scope="col">{m.good}</th>
                <th scope="col">{m.sq}</th>
                <th scope="col">{m.rq}</th>
                <th scope="col">{m.hoursShort}</th>
                <th scope="col">{m.machine}</th>
                <th scope="col">
                  <span class="visually-hidden">{m.delete}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.entries.map((e) => (
                <tr key={e.id} data-entry={e.id}>
                  <td>{formatCount(t.locale, e.pq)}</td>
                  <td>{formatCount(t.locale, Math.max(0, e.pq - e.sq - e.rq))}</td>
                  <td>{formatCount(t.locale, e.sq)}</td>
                  <td>{formatCount(t.locale, e.rq)}</td>
                  <td>{e.workS === null ? m.none : formatNumber(t.locale, e.workS / 3600, 2)}</td>
                  <td>{e.machineId ?? m.none}</td>
                  <td>
                    <button
                      type="button"
                      class="secondary"
                      aria-label={m.deleteLabel(formatCount(t.locale, e.pq))}
                      onClick={() => remove(e.id)}
                    >
                      {m.delete}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </section>
  );
}
