import type { KpiAnswer, PlannedDay } from '@gongbang/collector';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { formatCount, formatPercent } from '../shared/format';
import { messages } from './messages';

/**
 * Output against the plan, per machine and summed: the pieces each machine's planned time yields
 * at its planned run time per unit (PRU). A machine's PRU is the day's own mean over its pieces
 * that had one (Σ PRU·PQ / PQ), so a high-mix day is weighed by what was made. Machines without a
 * known PRU today have no target and are left out of both sides; with no calendar or no PRU at all
 * there is no target, and the block says why.
 */
export function PlanBlock(props: {
  machines: KpiAnswer;
  names: Map<string, string>;
  plan: PlannedDay | null;
  planMissing: boolean;
}) {
  const { t, lang } = useI18n();
  const m = useMessages(messages);
  let pq = 0;
  let targetNowSum = 0;
  let targetDaySum = 0;
  const counted: string[] = [];
  for (const f of props.machines.total) {
    const e = f.elements;
    const withPru = e.pq - e.pq_without_pru;
    if (f.dimId === '' || withPru <= 0) continue;
    const pruS = e.pru_pq_s / withPru;
    pq += e.pq;
    targetNowSum += e.pbt_s / pruS;
    targetDaySum += ((props.plan?.plannedMinutes ?? 0) * 60) / pruS;
    counted.push(props.names.get(f.dimId) ?? f.dimId);
  }
  const anyPru = counted.length > 0;
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
  } else if (!anyPru) why = m.planNoPru;
  const targetNow = counted.length > 0 ? Math.round(targetNowSum) : null;
  const targetDay = counted.length > 0 && props.plan ? Math.round(targetDaySum) : null;
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
      {!why && <p data-testid="plan-machines">{m.planMachines(counted.join(', '))}</p>}
      <p class="note" data-testid="plan-note">
        {why ?? m.planBasis}
      </p>
    </section>
  );
}
