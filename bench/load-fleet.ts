// A load-generator process of the load benchmark (bench/load.bench.ts forks it): a group of
// simulated workshop agents (LoadAgent: the edge agent's spool, Forwarder and HttpUplink) sending
// to one collector, driven by messages from the benchmark. Two of these run, so 400 agents need
// two Node processes rather than 400. Its surge agents (on SqliteSpool) go offline, record a
// backlog and drain it on command; the others keep sending live.
import { LoadAgent, waitDrained } from '@gongbang/simulator';
import { pino } from 'pino';

/** What the benchmark tells the group. */
export type FleetCommand =
  | {
      cmd: 'start';
      url: string;
      /** `surge` agents run on a SqliteSpool in `spoolDir`, the others on a MemorySpool. */
      agents: Array<{ id: string; token: string; seed: string; surge: boolean }>;
      spoolDir: string;
    }
  | { cmd: 'offline'; fromTs: number; toTs: number }
  | { cmd: 'online'; timeoutMs: number }
  | { cmd: 'finish'; timeoutMs: number };

/** What the group answers. Exchanges are [sent at UTC ms, ms to the ack, readings, 1 for a surge agent]. */
export type FleetReply =
  | { cmd: 'started' }
  | { cmd: 'recorded'; readings: number; ms: number }
  | { cmd: 'drained'; ms: number }
  | {
      cmd: 'finished';
      perAgent: Array<{
        id: string;
        sent: number;
        stored: number;
        duplicates: number;
        rejected: number;
        deadLetters: number;
      }>;
      exchanges: Array<[number, number, number, number]>;
      failures: number;
    }
  | { cmd: 'error'; message: string };

const logger = pino({ level: 'warn' }, pino.destination(2));
let agents: LoadAgent[] = [];
let surge: LoadAgent[] = [];
const reply = (m: FleetReply): void => {
  process.send!(m);
};

async function handle(m: FleetCommand): Promise<void> {
  switch (m.cmd) {
    case 'start': {
      agents = m.agents.map(
        (a) =>
          new LoadAgent({
            agentId: a.id,
            token: a.token,
            collectorUrl: m.url,
            seed: a.seed,
            logger,
            ...(a.surge ? { spoolDir: m.spoolDir } : {}),
          }),
      );
      surge = agents.filter((_, i) => m.agents[i]!.surge);
      await Promise.all(agents.map((a) => a.start()));
      for (const a of agents) a.startReadings();
      reply({ cmd: 'started' });
      return;
    }
    case 'offline': {
      const t0 = performance.now();
      await Promise.all(surge.map((a) => a.offline()));
      const counts = await Promise.all(surge.map((a) => a.recordBacklog(m.fromTs, m.toTs)));
      reply({ cmd: 'recorded', readings: counts.reduce((s, n) => s + n, 0), ms: performance.now() - t0 });
      return;
    }
    case 'online': {
      const t0 = performance.now();
      for (const a of surge) a.online();
      await waitDrained(surge, m.timeoutMs, 20);
      reply({ cmd: 'drained', ms: performance.now() - t0 });
      return;
    }
    case 'finish': {
      for (const a of agents) a.stopReadings();
      await waitDrained(agents, m.timeoutMs);
      const exchanges: Array<[number, number, number, number]> = [];
      for (const a of agents) {
        const flag = surge.includes(a) ? 1 : 0;
        for (const e of a.uplink.exchanges) exchanges.push([e.at, +e.ms.toFixed(2), e.readings, flag]);
      }
      const perAgent = agents.map((a) => ({
        id: a.id,
        sent: a.sent(),
        stored: a.uplink.stored,
        duplicates: a.uplink.duplicates,
        rejected: a.uplink.rejected,
        deadLetters: a.deadLetters(),
      }));
      const failures = agents.reduce((s, a) => s + a.uplink.failures, 0);
      await Promise.all(agents.map((a) => a.stop()));
      reply({ cmd: 'finished', perAgent, exchanges, failures });
      return;
    }
  }
}

process.on('message', (m: FleetCommand) => {
  handle(m).catch((err: unknown) => reply({ cmd: 'error', message: String((err as Error)?.stack ?? err) }));
});
