import './technician.css';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { formatCount } from '../shared/format';
import type { PageProps } from '../shared/pages';
import { Link } from '../shared/router';
import { ScrollBox } from '../shared/scroll-box';
import { HEALTH_WINDOW_MS, latestHealth } from './agent-health';
import { type Agent, readings, type Workshop, workshopAgents, workshops } from './api';
import { formatAgo, isOnline } from './format';
import { LoadState } from './load-state';
import { messages } from './messages';
import { useLoad } from './use-load';

interface Row {
  workshop: Workshop;
  agents: Agent[];
  /** The largest spool and the dead letters of the agents' newest health readings; null when none reported. */
  health: { maxSpool: number; deadLetters: number } | null;
}

async function loadRow(w: Workshop, nowMs: number): Promise<Row> {
  const [agents, health] = await Promise.all([
    workshopAgents(w.id),
    readings(w.id, 'health', nowMs - HEALTH_WINDOW_MS, nowMs + 1, 2000),
  ]);
  const last = [...latestHealth(health.readings).values()];
  return {
    workshop: w,
    agents,
    health:
      last.length === 0
        ? null
        : {
            maxSpool: Math.max(...last.map((h) => h.spoolDepth)),
            deadLetters: last.reduce((n, h) => n + h.deadLetters, 0),
          },
  };
}

/** The technician's workshops, each with how many of its agents are online and when one was last heard. */
export function TechnicianWorkshopsPage(_props: PageProps) {
  const { lang, t: shell } = useI18n();
  const t = useMessages(messages);
  const [loaded] = useLoad<{ rows: Row[]; nowMs: number }>(async () => {
    const nowMs = Date.now();
    const list = await workshops();
    return { rows: await Promise.all(list.map((w) => loadRow(w, nowMs))), nowMs };
  }, []);

  return (
    <section aria-labelledby="tech-workshops-title" class="tech">
      <h1 id="tech-workshops-title">{t.workshopsTitle}</h1>
      <p class="note">{t.workshopsIntro}</p>
      <LoadState loaded={loaded} t={t} />
      {loaded.state === 'ok' && loaded.data.rows.length === 0 && <p class="note">{t.noWorkshops}</p>}
      {loaded.state === 'ok' && loaded.data.rows.length > 0 && (
        <ScrollBox class="table-wrap" label={t.workshopsTitle}>
          <table class="data" data-testid="workshops">
            <thead>
              <tr>
                <th scope="col">{t.workshopCol}</th>
                <th scope="col">{t.agentsCol}</th>
                <th scope="col">{t.onlineCol}</th>
                <th scope="col">{t.lastSeenCol}</th>
                <th scope="col">{t.attentionCol}</th>
              </tr>
            </thead>
            <tbody>
              {loaded.data.rows.map(({ workshop, agents, health }) => {
                const online = agents.filter((a) => isOnline(a.lastSeenAt, loaded.data.nowMs)).length;
                const last = agents.reduce<number | null>((m, a) => {
                  const seen = a.lastSeenAt ? Date.parse(a.lastSeenAt) : null;
                  return seen !== null && (m === null || seen > m) ? seen : m;
                }, null);
                return (
                  <tr key={workshop.id} data-workshop={workshop.id}>
                    <th scope="row">
                      <Link href={`/technician/workshops/${encodeURIComponent(workshop.id)}`}>
                        {lang === 'en' ? workshop.nameEn : workshop.nameKo}
                      </Link>
                      <span class="id"> {workshop.id}</span>
                    </th>
                    <td>{agents.length === 0 ? t.noAgentsShort : agents.length}</td>
                    <td data-online={online}>
                      <span class={online < agents.length ? 'badge warn' : 'badge ok'}>
                        {t.onlineOf(online, agents.length)}
                      </span>
                    </td>
                    <td>{last === null ? t.neverSeen : formatAgo(shell.locale, last, loaded.data.nowMs)}</td>
                    <td data-attention>
                      {health === null
                        ? t.notReported
                        : health.maxSpool === 0 && health.deadLetters === 0
                          ? t.noAttention
                          : t.attention(
                              formatCount(shell.locale, health.maxSpool),
                              formatCount(shell.locale, health.deadLetters),
                            )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      )}
      <p class="foot">{t.onlineRule}</p>
    </section>
  );
}
