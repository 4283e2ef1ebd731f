import './admin.css';
import { useEffect, useState } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import type { PageProps } from '../shared/pages';
import { Link } from '../shared/router';
import { disableUser, getUser, listWorkshops, resetPassword, setUserWorkshops, type User } from './api';
import { commonMessages } from './common-messages';
import { ConfirmAction } from './confirm-action';
import { formatStamp, generatePassword } from './format';
import { FormError, type FormErrors, focusFirstError, formErrors, LoadError, NO_ERRORS } from './forms';
import { messages } from './messages';
import { PasswordChoice, type PasswordChoiceValue } from './password-choice';
import { SecretOnce } from './secret-once';
import { useLoad } from './use-load';
import { SCOPED_ROLES } from './user-create-form';
import { userStatus } from './users-page';
import { WorkshopPicker } from './workshop-picker';

/** `/admin/users/:userId`: one user; change their workshops, reset their password, disable them. */
export function UserPage(props: PageProps) {
  const m = useMessages(messages);
  const { t } = useI18n();
  const id = props.params.userId ?? '';
  const user = useLoad(() => getUser(id), [id]);
  const u = user.data;

  return (
    <section aria-labelledby="user-title" class="admin">
      <p class="back">
        <Link href="/admin/users">{m.backToUsers}</Link>
      </p>
      {user.error ? <LoadError error={user.error} /> : null}
      {!u && !user.error && <p aria-live="polite">{t.loading}</p>}
      {u && (
        <>
          <h1 id="user-title">{u.username}</h1>
          <dl class="facts">
            <dt>{m.role}</dt>
            <dd>{t.roles[u.role]}</dd>
            <dt>{m.status}</dt>
            <dd data-testid="user-status">{userStatus(m, t.locale, u)}</dd>
            <dt>{m.createdAt}</dt>
            <dd>{formatStamp(t.locale, u.createdAt)}</dd>
          </dl>
          <UserWorkshops user={u} onSaved={user.reload} />
          {!u.disabledAt && <ResetPassword user={u} />}
          <Disable user={u} onDone={user.reload} />
        </>
      )}
    </section>
  );
}

function UserWorkshops(props: { user: User; onSaved: () => void }) {
  const m = useMessages(messages);
  const c = useMessages(commonMessages);
  const scoped = SCOPED_ROLES.includes(props.user.role);
  const workshops = useLoad(() => (scoped ? listWorkshops() : Promise.resolve([])), [scoped]);
  const [selected, setSelected] = useState<string[]>(props.user.workshopIds);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => setSelected(props.user.workshopIds), [props.user]);

  if (!scoped) {
    return (
      <section class="card" aria-labelledby="user-workshops-title">
        <h2 id="user-workshops-title">{m.workshops}</h2>
        <p class="note">{m.programmeRoleNote}</p>
      </section>
    );
  }
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    setBusy(true);
    setErrors(NO_ERRORS);
    setSaved(false);
    try {
      await setUserWorkshops(props.user.id, selected);
      setSaved(true);
      props.onSaved();
    } catch (err) {
      setErrors(formErrors(err));
      focusFirstError(form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="user-workshops-title">
      <h2 id="user-workshops-title">{m.userWorkshopsTitle}</h2>
      {workshops.error ? <LoadError error={workshops.error} /> : null}
      {workshops.data && (
        <WorkshopPicker
          id="user-workshops"
          workshops={workshops.data}
          selected={selected}
          onChange={setSelected}
          single={props.user.role === 'owner'}
          error={errors.fields.workshopIds}
        />
      )}
      <FormError errors={errors} />
      <button type="submit" class="primary" disabled={busy}>
        {busy ? c.saving : c.save}
      </button>
      {saved && <p role="status">{m.workshopsSaved}</p>}
    </form>
  );
}

function ResetPassword(props: { user: User }) {
  const m = useMessages(messages);
  const [value, setValue] = useState<PasswordChoiceValue>({ mode: 'generate', typed: '' });
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [done, setDone] = useState<{ password: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    setBusy(true);
    setErrors(NO_ERRORS);
    setDone(null);
    const pw = value.mode === 'generate' ? generatePassword() : value.typed;
    try {
      await resetPassword(props.user.id, pw);
      setDone({ password: value.mode === 'generate' ? pw : null });
      setValue({ mode: 'generate', typed: '' });
    } catch (err) {
      setErrors(formErrors(err));
      focusFirstError(form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="reset-title" noValidate>
      <h2 id="reset-title">{m.resetTitle}</h2>
      <p class="note">{m.resetNote}</p>
      <PasswordChoice
        id="reset-password"
        legend={m.newPassword}
        value={value}
        onChange={setValue}
        error={errors.fields.password}
      />
      <FormError errors={errors} />
      <button type="submit" class="primary" disabled={busy}>
        {m.reset}
      </button>
      {done && (
        <div class="done">
          <p role="status">{m.passwordReset}</p>
          {done.password && (
            <SecretOnce label={m.generatedPassword} secret={done.password} testId="generated-password" />
          )}
        </div>
      )}
    </form>
  );
}

function Disable(props: { user: User; onDone: () => void }) {
  const m = useMessages(messages);
  if (props.user.disabledAt) {
    return (
      <section class="card" aria-labelledby="disable-title">
        <h2 id="disable-title">{m.disableTitle}</h2>
        <p role="status">{m.alreadyDisabled}</p>
      </section>
    );
  }
  return (
    <ConfirmAction
      id="disable-title"
      title={m.disableTitle}
      note={m.disableNote}
      action={m.disable}
      question={m.disableConfirm(props.user.username)}
      yes={m.disableYes}
      run={async () => {
        await disableUser(props.user.id);
        props.onDone();
      }}
    />
  );
}
