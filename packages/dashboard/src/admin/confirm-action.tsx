import { useState } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import { commonMessages } from './common-messages';
import { FormError, type FormErrors, formErrors, NO_ERRORS } from './forms';

/**
 * An action that cannot be undone (disable a user, delete a workshop): a button, then a second
 * question naming what it is about, then the call; the API's refusal is said below it.
 */
export function ConfirmAction(props: {
  /** The section's heading id (the section is labelled by it). */
  id: string;
  title: string;
  note: string;
  action: string;
  question: string;
  yes: string;
  run: () => Promise<void>;
}) {
  const c = useMessages(commonMessages);
  const [asking, setAsking] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await props.run();
      setAsking(false);
    } catch (err) {
      setErrors(formErrors(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card danger" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      <p class="note">{props.note}</p>
      {!asking ? (
        <button type="button" class="danger" onClick={() => setAsking(true)}>
          {props.action}
        </button>
      ) : (
        <fieldset class="confirm">
          <legend>{props.question}</legend>
          <button type="button" class="danger" disabled={busy} onClick={confirm}>
            {props.yes}
          </button>{' '}
          <button type="button" onClick={() => setAsking(false)}>
            {c.cancel}
          </button>
        </fieldset>
      )}
      <FormError errors={errors} />
    </section>
  );
}
