import type { EvaluationOutcome, Transition } from '@gongbang/collector';
import { useMessages } from '../i18n/define';
import { messages } from './messages';

/** The stage transitions the evaluation analyses (the collector's `TRANSITIONS`). */
export const TRANSITIONS: readonly Transition[] = ['0-1', '1-2', '2-3'];

/** One labelled drop-down of the evaluator's controls; `options` are [value, label] pairs. */
export function Choice<V extends string>(props: {
  id: string;
  label: string;
  value: V;
  options: ReadonlyArray<readonly [V, string]>;
  onChange: (value: V) => void;
}) {
  return (
    <span class="field">
      <label for={props.id}>{props.label}</label>{' '}
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as V)}>
        {props.options.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
    </span>
  );
}

/** The transition and the outcome, as the gains page and a workshop's page both ask them. */
export function TransitionOutcome(props: {
  transition: Transition;
  outcome: EvaluationOutcome;
  onTransition: (t: Transition) => void;
  onOutcome: (o: EvaluationOutcome) => void;
}) {
  const t = useMessages(messages);
  return (
    <>
      <Choice
        id="ev-transition"
        label={t.transition}
        value={props.transition}
        options={TRANSITIONS.map((x) => [x, t.transitionName(x)] as const)}
        onChange={props.onTransition}
      />
      <Choice
        id="ev-outcome"
        label={t.outcome}
        value={props.outcome}
        options={(Object.keys(t.outcomes) as EvaluationOutcome[]).map((o) => [o, t.outcomes[o]] as const)}
        onChange={props.onOutcome}
      />
    </>
  );
}
