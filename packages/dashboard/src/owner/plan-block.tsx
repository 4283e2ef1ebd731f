import type { KpiFigures, PlannedDay } from '@gongbang/collector';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { formatCount, formatPercent } from '../shared/format';
import { messages } from './messages';

/**
 * Output against the plan: the pieces the planned time yields at the planned run time per unit
 * (PRU). The PRU is the day's own mean over the pieces that had one (Σ PRU·PQ / PQ), so a
 * high-mix day is weighed by what was made; with no calendar or no PRU there is no target, and
 * the block says why.
 */
export function PlanBlock(props: { day: KpiFigures | undefined; plan: PlannedDay | null; planMissing: boolean }) {
  const { t, lang } = useI18n();
  const m = useMessages(messages);
  const e = props.day?.elements;
  const pq = e?.pq ?? 0;
  const withPru = e ? e.pq - e.pq_without_pru : 0;
  const meanPruS = e && withPru > 0 ? e.pru_pq_s / withPru : null;
  let why: string | null = null;
  if (props.planMissing) why = m.planNoCalendar;
  else if (props.plan && !props.plan.working) {
    const r = props.plan.reason;
    const name =
      r === 'public_holiday'
        ? ((lang === 'en' ? props.plan.holidayNameEn : props.plan.holidayName) ?? m.planHoliday)
        : r === 'day_off'
          ? m.planDayOffOwn
          : m.planWeekly;
    why = m.planDayOff(name);
  } else if (meanPruS === null) why = m.planNoPru;
  const targetNow = meanPruS && e ? Math.round(e.pbt_s / meanPruS) : null;
  const targetDay = meanPruS && props.plan ? Math.round((props.plan.plannedMinutes * 60) / meanPruS) : null;
  const share = targetNow ? Math.min(1, pq / targetNow) : 0;
  return (
    <section class="owner-block" aria-labelledby="plan-title" data-testid="plan">
      <h2 id="plan-title">{m.planTitle}</h2>
      <dl class="plan-figures">
        <div>
          <dt>{m.planProduced}</dt>
          <dd data-testid="plan-produced">{formatCount(t.locale, pq)}</dd>
        </div>
        {!why && targetNow !== null && (
          <div>
            <dt>{m.planTargetNow}</dt>
            <dd data-testid="plan-target-now">
              {formatCount(t.locale, targetNow)} ({formatPercent(t.locale, targetNow ? pq / targetNow : 0)})
            </dd>
          </div>
        )}
        {!why && targetDay !== null && (
          <div>
            <dt>{m.planTargetDay}</dt>
            <dd data-testid="plan-target-day">{formatCount(t.locale, targetDay)}</dd>
          </div>
        )}
      </dl>
      {!why && (
        <div class="bar" aria-hidden="true">
          <span style={{ width: `${(share * 100).toFixed(1)}%` }} />
        </div>
      )}
      <p class="note" data-testid="plan-note">
        {why ?? m.planBasis}
      </p>
    </section>
  );
}
