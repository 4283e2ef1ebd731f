import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { ApiError } from '../shared/api';
import { getCalendar } from './api';
import { formatShortDay } from './format';
import { LoadError, TableWrap } from './forms';
import { messages } from './messages';
import { useLoad } from './use-load';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Shift = { start: string; end: string; breaks?: Array<{ start: string; end: string }> };

/** "09:00–18:00 (12:00–13:00)": a shift and its breaks in brackets. */
function shiftText(s: Shift): string {
  const breaks = s.breaks?.length ? ` (${s.breaks.map((b) => `${b.start}–${b.end}`).join(', ')})` : '';
  return `${s.start}–${s.end}${breaks}`;
}

/** A workshop's shift calendar in short: hours per weekday (KST), public holidays, own days off. */
export function CalendarSummary(props: { workshopId: string }) {
  const m = useMessages(messages);
  const { t } = useI18n();
  const cal = useLoad(() => getCalendar(props.workshopId), [props.workshopId]);
  const missing = cal.error instanceof ApiError && cal.error.status === 404;
  const c = cal.data;
  return (
    <section class="card" aria-labelledby="calendar-title">
      <h2 id="calendar-title">{m.calendarTitle}</h2>
      {missing && <p class="note">{m.noCalendar}</p>}
      {cal.error && !missing ? <LoadError error={cal.error} /> : null}
      {c && (
        <>
          <TableWrap label={m.calendarTitle}>
            <table class="list compact" data-testid="calendar-table">
              <caption class="visually-hidden">{m.calendarTitle}</caption>
              <thead>
                <tr>
                  <th scope="col">{m.weekday}</th>
                  <th scope="col">{m.hours}</th>
                </tr>
              </thead>
              <tbody>
                {WEEKDAYS.map((d) => {
                  const day = c.weekly[d] as Shift | Shift[] | null;
                  const shifts = day === null ? [] : Array.isArray(day) ? day : [day];
                  return (
                    <tr key={d}>
                      <th scope="row">{m.weekdays[d]}</th>
                      <td>{shifts.length === 0 ? m.dayOff : shifts.map(shiftText).join(' · ')}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
          <dl class="facts">
            <dt>{m.publicHolidaysOff}</dt>
            <dd>{c.publicHolidaysOff ? m.yes : m.no}</dd>
            <dt>{m.daysOff}</dt>
            <dd>
              {c.daysOff.length === 0
                ? '—'
                : c.daysOff
                    .map((d) => `${formatShortDay(t.locale, d.date)}${d.reason ? ` (${d.reason})` : ''}`)
                    .join(', ')}
            </dd>
          </dl>
        </>
      )}
    </section>
  );
}
