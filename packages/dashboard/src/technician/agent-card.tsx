import type { Catalog } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { formatCount } from '../shared/format';
import { Link } from '../shared/router';
import { ScrollBox } from '../shared/scroll-box';
import { rateKey } from './agent-health';
import type { Agent, AgentReading } from './api';
import { formatAgo, formatDateTime, formatDuration, formatOffset, isOnline } from './format';
import type { messages } from './messages';

type T = Catalog<(typeof messages)['ko']>;

interface Props {
  agent: Agent;
  /** The agent's newest health reading of the last minutes, if any. */
  health: AgentReading<'health'> | undefined;
  rates: Map<string, number>;
  /** The rate window held more readings than one page: rates are lower bounds. */
  ratesCut: boolean;
  nowMs: number;
  t: T;
}

function status(agent: Agent, nowMs: number, t: T): { key: string; label: string } {
  if (agent.revokedAt) return { key: 'revoked', label: t.revoked };
  if (!agent.lastSeenAt) return { key: 'never', label: t.neverSeen };
  return isOnline(agent.lastSeenAt, nowMs) ? { key: 'online', label: t.online } : { key: 'offline', label: t.offline };
}

/**
 * One agent: online from its last heartbeat, and the figures of its newest health reading
 * (spool, clock offset, dead letters, inputs). What the agent does not report says so.
 */
export function AgentCard(props: Props) {
  const { agent, health, nowMs, t } = props;
  const { t: shell } = useI18n();
  const locale = shell.locale;
  const s = status(agent, nowMs, t);
  const fig = (v: string | null) => v ?? t.notReported;
  // An agent never heard from has told nothing about its config: unknown, not "local file".
  const config = !agent.lastSeenAt
    ? t.unknown
    : agent.failedConfigVersion !== null
      ? t.configFailed(agent.failedConfigVersion, agent.failedConfigReason ?? t.unknown)
      : agent.appliedConfigVersion !== null
        ? t.configApplied(agent.appliedConfigVersion)
        : t.configLocal;
  const titleId = `agent-${agent.id}`;

  return (
    <article class="agent card" aria-labelledby={titleId} data-agent={agent.id} data-status={s.key}>
      <h3 id={titleId}>
        {agent.id} <span class={`badge ${s.key === 'online' ? 'ok' : 'warn'}`}>{s.label}</span>
      </h3>
      <dl class="facts">
        <div>
          <dt>{t.lastSeen}</dt>
          <dd data-fact="last-seen">
            {agent.lastSeenAt
              ? `${formatAgo(locale, Date.parse(agent.lastSeenAt), nowMs)} (${formatDateTime(locale, agent.lastSeenAt)})`
              : t.neverSeen}
          </dd>
        </div>
        <div>
          <dt>{t.version}</dt>
          <dd data-fact="version">{agent.version ?? health?.agentVersion ?? t.unknown}</dd>
        </div>
        <div>
          <dt>{t.spoolDepth}</dt>
          <dd data-fact="spool-depth">{fig(health ? formatCount(locale, health.spoolDepth) : null)}</dd>
        </div>
        <div>
          <dt>{t.spoolOldest}</dt>
          <dd data-fact="spool-oldest">
            {health
              ? health.spoolOldestAgeMs === null
                ? t.spoolEmpty
                : formatDuration(locale, health.spoolOldestAgeMs)
              : t.notReported}
          </dd>
        </div>
        <div>
          <dt>{t.clockOffset}</dt>
          <dd data-fact="clock-offset">
            {health
              ? health.clockOffsetMs === null
                ? t.unknown
                : formatOffset(locale, health.clockOffsetMs)
              : t.notReported}
          </dd>
        </div>
        <div>
          <dt>{t.deadLetters}</dt>
          <dd data-fact="dead-letters">{fig(health ? formatCount(locale, health.deadLetters) : null)}</dd>
        </div>
        <div>
          <dt>{t.tokenAge}</dt>
          <dd data-fact="token-age">
            {!agent.hasToken
              ? t.noToken
              : agent.tokenIssuedAt
                ? formatDuration(locale, nowMs - Date.parse(agent.tokenIssuedAt))
                : t.unknown}
          </dd>
        </div>
        <div>
          <dt>{t.configState}</dt>
          <dd data-fact="config">{config}</dd>
        </div>
      </dl>
      {health ? <p class="foot">{t.healthAt(formatDateTime(locale, health.ts))}</p> : <p class="note">{t.noHealth}</p>}
      {health && <InputsTable {...props} health={health} />}
      <p>
        <Link href={`/technician/agents/${encodeURIComponent(agent.id)}/config`} class="button-link">
          {t.editConfig}
        </Link>
      </p>
    </article>
  );
}

function InputsTable(props: Props & { health: AgentReading<'health'> }) {
  const { agent, health, rates, ratesCut, nowMs, t } = props;
  const { t: shell } = useI18n();
  const locale = shell.locale;
  if (health.inputs.length === 0) return <p class="note">{t.noInputs}</p>;
  const rate = (source: string) => {
    const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(
      rates.get(rateKey(agent.id, source)) ?? 0,
    );
    return ratesCut ? t.rateAtLeast(n) : n;
  };
  return (
    <ScrollBox class="table-wrap" label={t.inputsTitle(agent.id)}>
      <table class="data" data-testid={`inputs-${agent.id}`}>
        <caption>{t.inputsTitle(agent.id)}</caption>
        <thead>
          <tr>
            <th scope="col">{t.inputCol}</th>
            <th scope="col">{t.connectedCol}</th>
            <th scope="col">{t.lastReadingCol}</th>
            <th scope="col">{t.rateCol}</th>
            <th scope="col">{t.errorsCol}</th>
          </tr>
        </thead>
        <tbody>
          {health.inputs.map((i) => {
            const errors = Object.entries(i.errors).filter(([, n]) => n > 0);
            return (
              <tr key={i.id} data-input={i.id}>
                <th scope="row">{i.id}</th>
                <td>{i.connected ? t.connected : i.reason ? t.disconnected(i.reason) : t.disconnectedNoReason}</td>
                <td>{i.lastDataTs === null ? t.neverSeen : formatAgo(locale, i.lastDataTs, nowMs)}</td>
                <td data-rate>{rate(i.id)}</td>
                <td>
                  {errors.length === 0
                    ? t.noErrors
                    : errors.map(([k, n]) => `${k}: ${formatCount(locale, n)}`).join(', ')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollBox>
  );
}
