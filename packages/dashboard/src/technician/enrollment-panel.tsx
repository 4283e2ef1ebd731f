import { useState } from 'preact/hooks';
import type { Catalog } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { ApiError } from '../shared/api';
import { ScrollBox } from '../shared/scroll-box';
import { createEnrollmentCode, enrollmentCodes, type IssuedEnrollmentCode, revokeEnrollmentCode } from './api';
import { formatDateTime } from './format';
import type { messages } from './messages';
import { QrCode } from './qr-code';
import { useLoad } from './use-load';

type T = Catalog<(typeof messages)['ko']>;

/** Choices of how long a code stays valid, minutes (the collector allows 1 min to 7 days). */
const TTL_CHOICES = [15, 60, 240, 1440] as const;

/** What the mini PC runs to enroll: the agent's own CLI (packages/edge-agent, `gongbang-agent enroll`). */
export function enrollCommand(collectorUrl: string, code: string): string {
  return `gongbang-agent enroll --collector ${collectorUrl} --code ${code}`;
}

/**
 * Creates a one-time code for an agent of the workshop and shows it once, with the enroll
 * command as text and as a QR code; lists the workshop's codes and revokes unused ones.
 */
export function EnrollmentPanel(props: { workshopId: string; t: T; onCreated: () => void }) {
  const { t, workshopId } = props;
  const { t: shell } = useI18n();
  const [codes, reload] = useLoad(() => enrollmentCodes(workshopId), [workshopId]);
  const [agentId, setAgentId] = useState('');
  const [ttl, setTtl] = useState<number>(60);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<IssuedEnrollmentCode | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = agentId.trim() ? { agentId: agentId.trim(), ttlMinutes: ttl } : { ttlMinutes: ttl };
      setIssued(await createEnrollmentCode(workshopId, body));
      setAgentId('');
      reload();
      props.onCreated();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setError(t.conflictError);
      else if (err instanceof ApiError && err.status === 400) setError(t.invalidError);
      else if (!(err instanceof ApiError && err.status === 401)) setError(t.createError);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (codeId: string) => {
    try {
      await revokeEnrollmentCode(workshopId, codeId);
    } finally {
      reload();
    }
  };

  const command = issued ? enrollCommand(window.location.origin, issued.code) : '';

  return (
    <section aria-labelledby="enroll-title" class="block">
      <h2 id="enroll-title">{t.enrollTitle}</h2>
      <p class="note">{t.enrollIntro}</p>
      <form class="enroll-form no-print" onSubmit={create}>
        <label>
          {t.agentIdLabel}
          <input
            value={agentId}
            onInput={(e) => setAgentId(e.currentTarget.value)}
            pattern="[a-z0-9][a-z0-9_\-]*"
            maxLength={64}
            autoComplete="off"
            spellcheck={false}
          />
        </label>
        <label>
          {t.ttlLabel}
          <select value={String(ttl)} onChange={(e) => setTtl(Number(e.currentTarget.value))}>
            {TTL_CHOICES.map((m) => (
              <option key={m} value={String(m)}>
                {t.ttlMinutes(m)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t.creating : t.createCode}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {issued && (
        <div class="issued card" data-testid="issued-code" aria-live="polite">
          <h3>{t.newCode}</h3>
          <QrCode text={command} label={t.qrLabel(issued.code)} />
          <dl class="facts">
            <div>
              <dt>{t.codeLabel}</dt>
              <dd class="code" data-testid="code">
                {issued.code}
              </dd>
            </div>
            <div>
              <dt>{t.forAgent}</dt>
              <dd>{issued.agentId}</dd>
            </div>
            <div>
              <dt>{t.expiresAt}</dt>
              <dd>{formatDateTime(shell.locale, issued.expiresAt)}</dd>
            </div>
          </dl>
          <p class="command-label">{t.command}</p>
          <pre class="command" data-testid="enroll-command">
            {command}
          </pre>
        </div>
      )}
      <h3>{t.codesTitle}</h3>
      {codes.state === 'ok' && codes.data.length === 0 && <p class="note">{t.noCodes}</p>}
      {codes.state === 'ok' && codes.data.length > 0 && (
        <ScrollBox class="table-wrap" label={t.codesTitle}>
          <table class="data" data-testid="codes">
            <thead>
              <tr>
                <th scope="col">{t.forAgent}</th>
                <th scope="col">{t.statusCol}</th>
                <th scope="col">{t.expiresAt}</th>
                <th scope="col">{t.createdByCol}</th>
                <th scope="col">
                  <span class="visually-hidden">{t.actionsCol}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {codes.data.map((c) => (
                <tr key={c.id} data-code-status={c.status}>
                  <th scope="row">{c.agentId}</th>
                  <td>{t.codeStatus[c.status]}</td>
                  <td>{formatDateTime(shell.locale, c.expiresAt)}</td>
                  <td>{c.createdBy}</td>
                  <td>
                    {c.status === 'pending' && (
                      <button
                        type="button"
                        class="small"
                        aria-label={t.revokeLabel(c.agentId)}
                        onClick={() => revoke(c.id)}
                      >
                        {t.revoke}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </section>
  );
}
