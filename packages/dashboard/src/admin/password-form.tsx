import { useState } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import { accountMessages } from './account-messages';
import { changeOwnPassword } from './api';
import { commonMessages } from './common-messages';
import { Field, FormError, type FormErrors, focusFirstError, formErrors, NO_ERRORS } from './forms';

/** Changes the signed-in user's own password (`POST /api/v1/auth/password`); the current one is asked. */
export function PasswordForm() {
  const a = useMessages(accountMessages);
  const c = useMessages(commonMessages);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    setDone(false);
    if (next !== again) {
      setErrors({ fields: { confirm: a.mismatch }, other: null, status: null });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await changeOwnPassword(current, next);
      setDone(true);
      setCurrent('');
      setNext('');
      setAgain('');
    } catch (err) {
      const f = formErrors(err);
      // 429 after repeated wrong current passwords: said in words, next to the field it is about.
      if (f.status === 429) f.fields.currentPassword = a.tooManyTries;
      setErrors(f.status === 429 ? { ...f, other: null } : f);
      focusFirstError(form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card form" onSubmit={submit} aria-labelledby="password-title" noValidate>
      <h2 id="password-title">{a.passwordTitle}</h2>
      <PasswordField
        id="current-password"
        label={a.currentPassword}
        error={errors.fields.currentPassword}
        autocomplete="current-password"
        value={current}
        onValue={setCurrent}
      />
      <PasswordField
        id="new-own-password"
        label={a.newPassword}
        hint={a.newPasswordHint}
        error={errors.fields.newPassword}
        autocomplete="new-password"
        value={next}
        onValue={setNext}
      />
      <PasswordField
        id="confirm-own-password"
        label={a.confirmPassword}
        error={errors.fields.confirm}
        autocomplete="new-password"
        value={again}
        onValue={setAgain}
      />
      <FormError errors={errors} />
      <button type="submit" class="primary" disabled={busy}>
        {busy ? c.saving : a.change}
      </button>
      {done && <p role="status">{a.passwordChanged}</p>}
    </form>
  );
}

/** One required password field with its label, hint and error (forms.tsx `Field`). */
function PasswordField(props: {
  id: string;
  label: string;
  hint?: string;
  error: string | undefined;
  autocomplete: 'current-password' | 'new-password';
  value: string;
  onValue: (v: string) => void;
}) {
  return (
    <Field
      id={props.id}
      label={props.label}
      {...(props.hint ? { hint: props.hint } : {})}
      error={props.error}
      required
      input={(x) => (
        <input
          {...x}
          type="password"
          autocomplete={props.autocomplete}
          required
          value={props.value}
          onInput={(e) => props.onValue(e.currentTarget.value)}
        />
      )}
    />
  );
}
