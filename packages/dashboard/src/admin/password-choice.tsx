import { useMessages } from '../i18n/define';
import { Field } from './forms';
import { messages } from './messages';

/** Generate a password in the browser, or type one. */
export interface PasswordChoiceValue {
  mode: 'generate' | 'type';
  typed: string;
}

/** The two ways to give a user a password; the typed one gets the API's error next to it. */
export function PasswordChoice(props: {
  id: string;
  /** What the group is called: the first password, or the new one of a reset. */
  legend: string;
  value: PasswordChoiceValue;
  onChange: (v: PasswordChoiceValue) => void;
  error?: string | undefined;
}) {
  const m = useMessages(messages);
  const v = props.value;
  return (
    <fieldset class="choice">
      <legend>{props.legend}</legend>
      <label class="check">
        <input
          type="radio"
          name={`${props.id}-mode`}
          checked={v.mode === 'generate'}
          onChange={() => props.onChange({ ...v, mode: 'generate' })}
        />{' '}
        {m.passwordGenerate}
      </label>
      <label class="check">
        <input
          type="radio"
          name={`${props.id}-mode`}
          checked={v.mode === 'type'}
          onChange={() => props.onChange({ ...v, mode: 'type' })}
        />{' '}
        {m.passwordType}
      </label>
      {v.mode === 'type' && (
        <Field
          id={props.id}
          label={m.password}
          hint={m.passwordHint}
          error={props.error}
          required
          input={(a) => (
            <input
              {...a}
              type="password"
              autocomplete="new-password"
              required
              value={v.typed}
              onInput={(e) => props.onChange({ ...v, typed: e.currentTarget.value })}
            />
          )}
        />
      )}
      {v.mode === 'generate' && props.error && <span class="field-error">{props.error}</span>}
    </fieldset>
  );
}
