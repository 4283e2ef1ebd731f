import type { Catalog } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { formatCount } from '../shared/format';
import { ScrollBox } from '../shared/scroll-box';
import type { AgentReading } from './api';
import { formatDateTime, formatDuration, formatOffset } from './format';
import type { messages } from './messages';

type T = Catalog<(typeof messages)['ko']>;

/** The gaps the workshop's agents reported (readings they had to drop), newest first. */
export function GapsTable(props: { gaps: AgentReading<'gap'>[]; more: boolean; t: T }) {
  const { t } = props;
  const { t: shell } = useI18n();
  const locale = shell.locale;
  const rows = [...props.gaps].sort((a, b) => b.ts - a.ts);
  return (
    <section aria-labelledby="gaps-title" class="block">
      <h2 id="gaps-title">{t.gapsTitle}</h2>
      <p class="note">{t.gapsIntro}</p>
      {rows.length === 0 ? (
        <p class="note" data-testid="no-gaps">
          {t.noGaps}
        </p>
      ) : (
        <ScrollBox class="table-wrap" label={t.gapsTitle}>
          <table class="data" data-testid="gaps">
            <thead>
              <tr>
                <th scope="col">{t.timeCol}</th>
                <th scope="col">{t.agentCol}</th>
                <th scope="col">{t.droppedCol}</th>
                <th scope="col">{t.reasonCol}</th>
                <th scope="col">{t.rangeCol}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((g) => (
                <tr key={`${g.agent}-${g.seq}`}>
                  <td>{formatDateTime(locale, g.ts)}</td>
                  <td>{g.agent}</td>
                  <td>{formatCount(locale, g.dropped)}</td>
                  <td>
                    {t.gapReasons[g.reason]}
                    {g.detail ? ` (${g.detail})` : ''}
                  </td>
                  <td>
                    {g.fromTs !== undefined && g.toTs !== undefined
                      ? `${formatDateTime(locale, g.fromTs)} – ${formatDateTime(locale, g.toTs)}`
                      : t.unknown}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {props.more && <p class="note">{t.moreRows}</p>}
    </section>
  );
}

/** The last health readings of the workshop's agents, newest first (at most `max`). */
export function HealthTable(props: { health: AgentReading<'health'>[]; max: number; t: T }) {
  const { t } = props;
  const { t: shell } = useI18n();
  const locale = shell.locale;
  const rows = [...props.health].sort((a, b) => b.ts - a.ts).slice(0, props.max);
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="health-title" class="block">
      <h2 id="health-title">{t.healthTitle}</h2>
      <ScrollBox class="table-wrap" label={t.healthTitle}>
        <table class="data" data-testid="health">
          <thead>
            <tr>
              <th scope="col">{t.timeCol}</th>
              <th scope="col">{t.agentCol}</th>
              <th scope="col">{t.spoolDepth}</th>
              <th scope="col">{t.deadLetters}</th>
              <th scope="col">{t.clockOffset}</th>
              <th scope="col">{t.uptimeCol}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((h) => (
              <tr key={`${h.agent}-${h.seq}`}>
                <td>{formatDateTime(locale, h.ts)}</td>
                <td>{h.agent}</td>
                <td>{formatCount(locale, h.spoolDepth)}</td>
                <td>{formatCount(locale, h.deadLetters)}</td>
                <td>{h.clockOffsetMs === null ? t.unknown : formatOffset(locale, h.clockOffsetMs)}</td>
                <td>{formatDuration(locale, h.uptimeS * 1000)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </section>
  );
}
