import type { MachineStatesAnswer } from '@gongbang/collector';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { formatClock } from './format';
import { messages } from './messages';
import { STATE_COLOURS } from './states';

/** Each machine's state now, in words and colour, and since when (KST). */
export function MachinesNow(props: { answer: MachineStatesAnswer }) {
  const { t } = useI18n();
  const m = useMessages(messages);
  return (
    <section class="owner-block" aria-labelledby="machines-title">
      <h2 id="machines-title">{m.machinesTitle}</h2>
      {props.answer.machines.length === 0 && <p class="note">{m.machinesNone}</p>}
      {props.answer.machines.length > 0 && props.answer.machines.every((mc) => mc.state === 'no_data') && (
        <p class="note" data-testid="no-data-hint">
          {m.noDataHint}
        </p>
      )}
      <ul class="machines-now" aria-live="polite" data-testid="machines-now">
        {props.answer.machines.map((mc) => (
          <li key={mc.machineId} data-machine={mc.machineId} data-state={mc.state}>
            <span class="swatch big" style={{ background: STATE_COLOURS[mc.state] }} aria-hidden="true" />
            <span class="machine-name">{mc.name ?? mc.machineId}</span>
            <strong class="machine-state">{m.states[mc.state]}</strong>
            <span class="machine-since">{m.since(formatClock(t.locale, mc.sinceMs))}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
