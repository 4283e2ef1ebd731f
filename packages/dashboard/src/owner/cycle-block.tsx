import type { KpiAnswer } from '@gongbang/collector';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { formatCount } from '../shared/format';
import { ScrollBox } from '../shared/scroll-box';
import { formatDuration } from './format';
import { messages } from './messages';

/** Today's cycle times per machine: median and 90th percentile of single-unit cycles, with N. */
export function CycleBlock(props: { answer: KpiAnswer; names: Map<string, string> }) {
  const { t } = useI18n();
  const m = useMessages(messages);
  const rows = props.answer.total.filter((f) => f.dimId !== '' && f.kpis.cycle_time_median.status === 'ok');
  return (
    <section class="owner-block" aria-labelledby="cycle-title">
      <h2 id="cycle-title">{m.cycleTitle}</h2>
      {rows.length === 0 ? (
        <p class="note">{m.cycleNone}</p>
      ) : (
        <ScrollBox>
          <table data-testid="cycle-times">
            <thead>
              <tr>
                <th scope="col">{m.machine}</th>
                <th scope="col">{m.cycleMedian}</th>
                <th scope="col">{m.cycleP90}</th>
                <th scope="col">{m.cycleN}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => {
                const med = f.kpis.cycle_time_median;
                const p90 = f.kpis.cycle_time_p90;
                return (
                  <tr key={f.dimId} data-machine={f.dimId}>
                    <th scope="row">{props.names.get(f.dimId) ?? f.dimId}</th>
                    <td>{med.value === null ? m.none : formatDuration(t.locale, med.value)}</td>
                    <td>{p90.status === 'ok' && p90.value !== null ? formatDuration(t.locale, p90.value) : m.none}</td>
                    <td>{formatCount(t.locale, med.n)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </section>
  );
}
