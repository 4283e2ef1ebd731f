import { useState } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { accountMessages } from './account-messages';
import { type ApiTokenInfo, createToken, listTokens, revokeToken } from './api';
import { commonMessages } from './common-messages';
import { formatStamp } from './format';
import {
  Field,
  FormError,
  type FormErrors,
  focusFirstError,
  formErrors,
  LoadError,
  NO_ERRORS,
  TableWrap,
} from './forms';
import { SecretOnce } from './secret-once';
import { useLoad } from './use-load';

/** The signed-in user's API tokens: list, create (the secret shown once), revoke. */
export function TokensSection() {
  const a = useMessages(accountMessages);
  const c = useMessages(commonMessages);
  const { t } = useI18n();
  const tokens = useLoad(listTokens, []);
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    setBusy(true);
    setErrors(NO_ERRORS);
    setCreated(null);
    setSaid(null);
    try {
      const r = await createToken(name.trim());
      setCreated({ name: r.name, token: r.token });
      setName('');
      tokens.reload();
    } catch (err) {
      setErrors(formErrors(err));
      focusFirstError(form);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (tok: ApiTokenInfo) => {
    setBusy(true);
    setErrors(NO_ERRORS);
    setCreated(null);
    try {
      await revokeToken(tok.id);
      setSaid(a.revoked(tok.name));
      tokens.reload();
    } catch (err) {
      setErrors(formErrors(err));
    } finally {
      setBusy(false);
    }
  };

  const list = tokens.data;
  return (
    <section class="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{a.tokensTitle}</h2>
      <p class="note">{a.tokensNote}</p>
      {tokens.error ? <LoadError error={tokens.error} /> : null}
      {list && list.length === 0 && <p class="note">{a.noTokens}</p>}
      {list && list.length > 0 && (
        <TableWrap label={a.tokensTable}>
          <table class="list" data-testid="tokens-table">
            <caption class="visually-hidden">{a.tokensTable}</caption>
            <thead>
              <tr>
                <th scope="col">{a.tokenName}</th>
                <th scope="col">{a.created}</th>
                <th scope="col">{a.lastUsed}</th>
                <th scope="col">{a.state}</th>
                <th scope="col">{c.actions}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((tok) => (
                <tr key={tok.id} data-token={tok.name} data-revoked={tok.revokedAt ? 'true' : 'false'}>
                  <th scope="row">{tok.name}</th>
                  <td class="when">{formatStamp(t.locale, tok.createdAt)}</td>
                  <td class="when">{tok.lastUsedAt ? formatStamp(t.locale, tok.lastUsedAt) : a.never}</td>
                  <td class={tok.revokedAt ? 'off' : undefined}>
                    {tok.revokedAt ? a.tokenRevoked(formatStamp(t.locale, tok.revokedAt)) : a.tokenActive}
                  </td>
                  <td>
                    {!tok.revokedAt && (
                      <button type="button" class="small" disabled={busy} onClick={() => revoke(tok)}>
                        {a.revoke(tok.name)}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {said && <p role="status">{said}</p>}
      <form class="form" onSubmit={submit} aria-labelledby="create-token-title" noValidate>
        <h3 id="create-token-title">{a.createToken}</h3>
        <Field
          id="token-name"
          label={a.tokenName}
          hint={a.tokenNameHint}
          error={errors.fields.name}
          required
          input={(x) => (
            <input {...x} required autocomplete="off" value={name} onInput={(e) => setName(e.currentTarget.value)} />
          )}
        />
        <FormError errors={errors} />
        <button type="submit" class="primary" disabled={busy}>
          {a.createToken}
        </button>
      </form>
      {created && (
        <div class="done" data-testid="token-created">
          <p role="status">{a.tokenCreated(created.name)}</p>
          <SecretOnce label={a.tokenSecret} secret={created.token} testId="token-secret" />
        </div>
      )}
    </section>
  );
}
