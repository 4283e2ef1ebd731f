import { useState } from 'preact/hooks';
import { useI18n } from './i18n/index';
import { ApiError, login, type Me } from './shared/api';

/** Username and password → POST /api/v1/auth/login; the collector sets the session cookie. */
export function SignInPage(props: { expired?: boolean; onSignedIn: (user: Me) => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<keyof typeof t | null>(props.expired ? 'sessionExpired' : null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await login(username, password));
    } catch (err) {
      if (err instanceof ApiError) setError(err.code === 'rate_limited' ? 'rateLimited' : 'wrongPassword');
      else setError('networkError');
      setBusy(false);
    }
  };

  return (
    <form class="card sign-in" onSubmit={submit} aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t.signInTitle}</h1>
      <label for="username">{t.username}</label>
      <input
        id="username"
        name="username"
        autocomplete="username"
        required
        value={username}
        onInput={(e) => setUsername(e.currentTarget.value)}
      />
      <label for="password">{t.password}</label>
      <input
        id="password"
        name="password"
        type="password"
        autocomplete="current-password"
        required
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
      />
      {error && (
        <p class="error" role="alert">
          {t[error]}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? t.signingIn : t.signIn}
      </button>
    </form>
  );
}
