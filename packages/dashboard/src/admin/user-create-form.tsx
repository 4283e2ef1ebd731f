import { useState } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import type { Role } from '../shared/api';
import { createUser, type User, type Workshop } from './api';
import { commonMessages } from './common-messages';
import { generatePassword } from './format';
import { Field, FormError, type FormErrors, focusFirstError, formErrors, NO_ERRORS } from './forms';
import { messages } from './messages';
import { PasswordChoice, type PasswordChoiceValue } from './password-choice';
import { SecretOnce } from './secret-once';
import { WorkshopPicker } from './workshop-picker';

const ROLES: readonly Role[] = ['owner', 'technician', 'evaluator', 'admin'];
/** Roles scoped to workshops; admins and evaluators see the whole programme. */
export const SCOPED_ROLES: readonly Role[] = ['owner', 'technician'];

/** Creates a user: username, role, workshops (for scoped roles) and a generated or typed password. */
export function UserCreateForm(props: { workshops: readonly Workshop[]; onCreated: (u: User) => void }) {
  const m = useMessages(messages);
  const c = useMessages(commonMessages);
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('owner');
  const [workshopIds, setWorkshopIds] = useState<string[]>([]);
  const [password, setPassword] = useState<PasswordChoiceValue>({ mode: 'generate', typed: '' });
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ username: string; password: string | null } | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    setBusy(true);
    setErrors(NO_ERRORS);
    setDone(null);
    const pw = password.mode === 'generate' ? generatePassword() : password.typed;
    try {
      const u = await createUser({
        username: username.trim(),
        role,
        workshopIds: SCOPED_ROLES.includes(role) ? workshopIds : [],
        password: pw,
      });
      setDone({ username: u.username, password: password.mode === 'generate' ? pw : null });
      setUsername('');
      setWorkshopIds([]);
      setPassword({ mode: 'generate', typed: '' });
      props.onCreated(u);
    } catch (err) {
      setErrors(formErrors(err, 'username'));
      focusFirstError(form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card form" onSubmit={submit} aria-labelledby="create-user-title" noValidate>
      <h2 id="create-user-title">{m.createUser}</h2>
      <Field
        id="new-username"
        label={m.username}
        hint={m.usernameHint}
        error={errors.fields.username}
        required
        input={(a) => (
          <input
            {...a}
            autocomplete="off"
            required
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
        )}
      />
      <Field
        id="new-role"
        label={m.role}
        error={errors.fields.role}
        input={(a) => (
          <select
            {...a}
            value={role}
            onChange={(e) => {
              setRole(e.currentTarget.value as Role);
              // An owner has one workshop: ticks made for a technician do not carry over.
              setWorkshopIds([]);
            }}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t.roles[r]}
              </option>
            ))}
          </select>
        )}
      />
      {SCOPED_ROLES.includes(role) && (
        <WorkshopPicker
          id="new-workshops"
          workshops={props.workshops}
          selected={workshopIds}
          onChange={setWorkshopIds}
          single={role === 'owner'}
          error={errors.fields.workshopIds}
        />
      )}
      <PasswordChoice
        id="new-password"
        legend={m.passwordChoice}
        value={password}
        onChange={setPassword}
        error={errors.fields.password}
      />
      <FormError errors={errors} />
      <button type="submit" class="primary" disabled={busy}>
        {busy ? m.creating : m.create}
      </button>
      {done && (
        <div class="done" data-testid="user-created">
          <p role="status">{m.userCreated(done.username)}</p>
          {done.password && (
            <SecretOnce label={m.generatedPassword} secret={done.password} testId="generated-password" />
          )}
        </div>
      )}
      {busy && <span class="visually-hidden">{c.saving}</span>}
    </form>
  );
}
