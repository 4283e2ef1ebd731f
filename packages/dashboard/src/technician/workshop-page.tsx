import './technician.css';
import { useEffect } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import type { PageProps } from '../shared/pages';
import { Link } from '../shared/router';
import { AgentCard } from './agent-card';
import { HEALTH_WINDOW_MS, latestHealth, RATE_WINDOW_MS, ratesPerMinute } from './agent-health';
import { readings, workshop, workshopAgents } from './api';
import { EnrollmentPanel } from './enrollment-panel';
import { LoadState } from './load-state';
import { messages } from './messages';
import { GapsTable, HealthTable } from './recent-readings';
import { useLoad } from './use-load';

/** How often the page asks again, ms: "online" follows the heartbeats. */
const REFRESH_MS = 30_000;
const GAP_WINDOW_MS = 7 * 86_400_000;

async function loadWorkshop(id: string) {
  const nowMs = Date.now();
  const [w, agents, health, recent, gaps] = await Promise.all([
    workshop(id),
    workshopAgents(id),
    readings(id, 'health', nowMs - HEALTH_WINDOW_MS, nowMs + 1, 2000),
    // Every kind of the last minutes, to count each input's rate (the heartbeat carries none).
    readings(id, undefined, nowMs - RATE_WINDOW_MS, nowMs + 1, 10_000),
    readings(id, 'gap', nowMs - GAP_WINDOW_MS, nowMs + 1, 200),
  ]);
  return { w, agents, health, recent, gaps, nowMs };
}

/** A workshop's agents with their health and inputs, its recent gaps and health readings, and enrollment. */
export function TechnicianWorkshopPage(props: PageProps) {
  const { lang } = useI18n();
  const t = useMessages(messages);
  const id = props.params.workshopId ?? '';
  const [loaded, reload] = useLoad(() => loadWorkshop(id), [id]);

  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const data = loaded.state === 'ok' ? loaded.data : null;
  const last = data ? latestHealth(data.health.readings) : null;
  const rates = data ? ratesPerMinute(data.recent.readings, RATE_WINDOW_MS) : null;

  return (
    <section aria-labelledby="tech-workshop-title" class="tech">
      <p class="no-print">
        <Link href="/technician/workshops">{t.backToWorkshops}</Link>
      </p>
      <h1 id="tech-workshop-title">
        {data ? (lang === 'en' ? data.w.nameEn : data.w.nameKo) : t.workshopCol}
        {data && <span class="sub"> · {data.w.id}</span>}
      </h1>
      <LoadState loaded={loaded} t={t} />
      {data && last && rates && (
        <>
          <section aria-labelledby="agents-title" class="block">
            <h2 id="agents-title">{t.agentsTitle}</h2>
            <p class="note">{t.onlineRule}</p>
            {data.agents.length === 0 && <p class="note">{t.noAgents}</p>}
            <div class="agents">
              {data.agents.map((a) => (
                <AgentCard
                  key={a.id}
                  agent={a}
                  health={last.get(a.id)}
                  rates={rates}
                  ratesCut={data.recent.more}
                  nowMs={data.nowMs}
                  t={t}
                />
              ))}
            </div>
          </section>
          <GapsTable gaps={data.gaps.readings} more={data.gaps.more} t={t} />
          <HealthTable health={data.health.readings} max={20} t={t} />
          <p class="foot">{t.timeNote}</p>
        </>
      )}
      {loaded.state !== 'not-found' && <EnrollmentPanel workshopId={id} t={t} onCreated={reload} />}
    </section>
  );
}
