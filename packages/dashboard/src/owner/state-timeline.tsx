import type { MachineStatesAnswer } from '@gongbang/collector';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { ScrollBox } from '../shared/scroll-box';
import { formatClock, formatDuration } from './format';
import { messages } from './messages';
import { STATE_COLOURS, STATES } from './states';

const HOURS = [0, 6, 12, 18, 24];

/**
 * The day of each machine as a horizontal band coloured by state (00:00–24:00 KST), with a text
 * legend and, behind a disclosure, the same segments as a table for screen readers and print.
 */
export function StateTimeline(props: { answer: MachineStatesAnswer }) {
  const { t } = useI18n();
  const m = useMessages(messages);
  const { answer } = props;
  const dayMs = 86_400_000;
  const pct = (ms: number) => `${((ms / dayMs) * 100).toFixed(3)}%`;
  return (
    <section class="owner-block" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{m.timelineTitle}</h2>
      <ul class="state-legend" aria-label={m.legend}>
        {STATES.map((s) => (
          <li key={s}>
            <span class="swatch" style={{ background: STATE_COLOURS[s] }} aria-hidden="true" />
            {m.states[s]}
          </li>
        ))}
      </ul>
      {answer.machines.map((mc) => (
        <div class="timeline-row" key={mc.machineId} data-testid={`timeline-${mc.machineId}`}>
          <div class="timeline-name">{mc.name ?? mc.machineId}</div>
          <div class="timeline-band" role="img" aria-label={m.timelineLabel(mc.name ?? mc.machineId)}>
            {mc.segments.map((s) => (
              <span
                key={s.startMs}
                class="seg"
                data-state={s.state}
                title={`${m.states[s.state]} ${formatClock(t.locale, s.startMs)}–${formatClock(t.locale, s.endMs)}`}
                style={{
                  left: pct(s.startMs - answer.fromMs),
                  width: pct(s.endMs - s.startMs),
                  background: STATE_COLOURS[s.state],
                }}
              />
            ))}
          </div>
        </div>
      ))}
      <div class="timeline-axis" aria-hidden="true">
        {HOURS.map((h) => (
          <span key={h} style={{ left: `${(h / 24) * 100}%` }}>
            {String(h).padStart(2, '0')}
          </span>
        ))}
      </div>
      <details class="as-table">
        <summary>{m.asTable}</summary>
        <ScrollBox>
          <table>
            <thead>
              <tr>
                <th scope="col">{m.machine}</th>
                <th scope="col">{m.from}</th>
                <th scope="col">{m.to}</th>
                <th scope="col">{m.state}</th>
                <th scope="col">{m.duration}</th>
              </tr>
            </thead>
            <tbody>
              {answer.machines.flatMap((mc) =>
                mc.segments.map((s) => (
                  <tr key={`${mc.machineId}-${s.startMs}`}>
                    <td>{mc.name ?? mc.machineId}</td>
                    <td>{formatClock(t.locale, s.startMs)}</td>
                    <td>{formatClock(t.locale, s.endMs)}</td>
                    <td>{m.states[s.state]}</td>
                    <td>{formatDuration(t.locale, (s.endMs - s.startMs) / 1000)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </ScrollBox>
      </details>
    </section>
  );
}
