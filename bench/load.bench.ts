// Load: 400 workshop agents forwarding live at a workshop's pace (one reading every 2–5 s each)
// to one collector process, first for a measured window, then while 40 of them, back after a
// week offline, drain a week of backlog; on the embedded SQLite store and on InfluxDB 1.6 (v1
// API). Records ingest latency from the agents' side (request → ack), readings/s, the
// collector's CPU share and RSS each second, the drain time, and checks that the store holds
// every reading the agents sent exactly once (per agent: count, lowest and highest seq).
// The agents run in two load-generator processes (bench/load-fleet.ts), 200 each: 360 live on
// MemorySpool, 40 (20 per process, so both cores record the backlog) on the edge agent's
// SqliteSpool, whose week of backlog sits on disk as on a workshop's mini PC.
// GB_LOAD_LIVE_S sets the live window (default 45 s).
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { startInfluxDB, tempDir } from '../tests/harness/index.js';
import {
  type AgentEntry,
  exchangeSummary,
  FleetProcess,
  procSummary,
  sampleProcess,
  startCollectorProcess,
} from './load-parts.js';

/** Runs about five minutes: only when named (`npm run bench -- load`). */
export const byNameOnly = true;

const AGENTS = 400;
const SURGE = 40;
/** The outage: a week (GB_LOAD_BACKLOG_DAYS shortens it for a quick try). */
const WEEK_MS = Number(process.env.GB_LOAD_BACKLOG_DAYS ?? 7) * 86_400_000;
const LIVE_S = Number(process.env.GB_LOAD_LIVE_S ?? 45);
const WARMUP_MS = 5_000;
const SEED = 'load-bench-1';

const require = createRequire(import.meta.url);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Per agent: readings in the store, lowest and highest seq. */
type StoreCounts = Map<string, { count: number; minSeq: number; maxSeq: number }>;

function sqliteCounts(dataDir: string): StoreCounts {
  const Database = require('better-sqlite3');
  const db = new Database(path.join(dataDir, 'readings.db'), { readonly: true });
  try {
    const rows = db
      .prepare('SELECT agent, count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM readings GROUP BY agent')
      .all() as Array<{ agent: string; n: number; lo: number; hi: number }>;
    return new Map(rows.map((r) => [r.agent, { count: r.n, minSeq: r.lo, maxSeq: r.hi }]));
  } finally {
    db.close();
  }
}

async function influxCounts(query: (q: string, db: string) => Promise<unknown>, db: string): Promise<StoreCounts> {
  const out: StoreCounts = new Map();
  const res = (await query('SELECT count("seq"), min("seq"), max("seq") FROM /^gb_/ GROUP BY "agent"', db)) as {
    results: Array<{ series?: Array<{ tags?: Record<string, string>; values: unknown[][] }> }>;
  };
  for (const s of res.results[0]?.series ?? []) {
    const agent = s.tags?.agent ?? '';
    const [, n, lo, hi] = s.values[0] as [unknown, number, number, number];
    const cur = out.get(agent) ?? { count: 0, minSeq: Number.POSITIVE_INFINITY, maxSeq: 0 };
    out.set(agent, { count: cur.count + n, minSeq: Math.min(cur.minSeq, lo), maxSeq: Math.max(cur.maxSeq, hi) });
  }
  return out;
}

interface PerAgent {
  id: string;
  sent: number;
  stored: number;
  duplicates: number;
  rejected: number;
  deadLetters: number;
}

/** Nothing lost, nothing doubled: every agent's readings are in the store once, seqs 1..sent. */
function check(perAgent: PerAgent[], counts: StoreCounts) {
  const bad: string[] = [];
  for (const a of perAgent) {
    const c = counts.get(a.id);
    if (!c || c.count !== a.sent || c.minSeq !== 1 || c.maxSeq !== a.sent || a.deadLetters > 0 || a.rejected > 0)
      bad.push(
        `${a.id}: sent ${a.sent}, store ${JSON.stringify(c ?? null)}, rejected ${a.rejected}, dead ${a.deadLetters}`,
      );
  }
  const sent = perAgent.reduce((s, a) => s + a.sent, 0);
  const inStore = [...counts.values()].reduce((s, c) => s + c.count, 0);
  return {
    agents: perAgent.length,
    readingsSent: sent,
    readingsInStore: inStore,
    ackedAsDuplicate: perAgent.reduce((s, a) => s + a.duplicates, 0),
    agentsMismatched: bad.length,
    ok: bad.length === 0 && inStore === sent,
    mismatches: bad.slice(0, 5),
  };
}

async function pass(
  label: string,
  dir: string,
  store: Record<string, unknown>,
  countStore: (dataDir: string) => Promise<StoreCounts>,
  log: (m: string) => void,
) {
  const agents: AgentEntry[] = Array.from({ length: AGENTS }, (_, i) => {
    const id = `load-${String(i).padStart(3, '0')}`;
    return { id, workshop: `ws-${id}`, token: `${id}-token-0123456789abcdef` };
  });
  const collector = await startCollectorProcess(dir, store, agents);
  const sampler = sampleProcess(collector.pid, (s) =>
    log(`${label}: collector CPU ${(s.cpuShare * 100).toFixed(0)}% of a core, RSS ${s.rssMiB.toFixed(0)} MiB`),
  );
  const fleets = [new FleetProcess(`${label} agents A`), new FleetProcess(`${label} agents B`)];
  const all = <T>(f: (p: FleetProcess, i: number) => Promise<T>) => Promise.all(fleets.map(f));
  try {
    // Agent i runs in process i % 2; the first SURGE agents are the ones that go offline.
    await all((p, k) =>
      p.ask({
        cmd: 'start',
        url: collector.url,
        agents: agents
          .map((a, i) => ({ id: a.id, token: a.token, seed: `${SEED}/${a.id}`, surge: i < SURGE }))
          .filter((_, i) => i % fleets.length === k),
        spoolDir: path.join(dir, `spools-${label}`),
      }),
    );
    log(`${label}: ${AGENTS} agents sending (${AGENTS - SURGE} on MemorySpool, ${SURGE} on SqliteSpool); warm-up`);
    await sleep(WARMUP_MS);
    const liveFrom = Date.now();
    log(`${label}: measuring ${LIVE_S} s of live load`);
    await sleep(LIVE_S * 1000);
    const liveTo = Date.now();

    log(`${label}: ${SURGE} agents go offline and record a week each (the others keep sending)`);
    const outageTo = Date.now();
    const recordedParts = await all((p) =>
      p.ask<'recorded'>({ cmd: 'offline', fromTs: outageTo - WEEK_MS, toTs: outageTo }),
    );
    const recorded = {
      readings: recordedParts.reduce((n, r) => n + r.readings, 0),
      ms: Math.max(...recordedParts.map((r) => r.ms)),
    };
    log(
      `${label}: ${recorded.readings} readings of backlog recorded in ${(recorded.ms / 1000).toFixed(1)} s; draining`,
    );
    const surgeFrom = Date.now();
    const t0 = performance.now();
    await all((p) => p.ask<'drained'>({ cmd: 'online', timeoutMs: 600_000 }));
    const drained = { ms: performance.now() - t0 };
    const surgeTo = Date.now();
    log(`${label}: backlog drained in ${(drained.ms / 1000).toFixed(1)} s`);

    const finished = await all((p) => p.ask<'finished'>({ cmd: 'finish', timeoutMs: 60_000 }));
    sampler.stop();
    const exchanges = finished.flatMap((f) => f.exchanges);
    const perAgent = finished.flatMap((f) => f.perAgent);
    const failures = finished.reduce((n, f) => n + f.failures, 0);
    // Stopped first: the SQLite store is counted in its file, after the collector closed it.
    await collector.stop();
    const counts = await countStore(collector.dataDir);
    const result = {
      // Other work on the machine during the pass (the cores are shared): 1-minute load average at its end.
      loadAverage1mAtEnd: +os.loadavg()[0]!.toFixed(2),
      live: {
        windowS: +((liveTo - liveFrom) / 1000).toFixed(1),
        ingest: exchangeSummary(exchanges, liveFrom, liveTo),
        collector: procSummary(sampler.samples, liveFrom, liveTo),
      },
      surge: {
        backlogReadings: recorded.readings,
        backlogRecordS: +(recorded.ms / 1000).toFixed(1),
        drainS: +(drained.ms / 1000).toFixed(1),
        drainReadingsPerS: Math.round(recorded.readings / (drained.ms / 1000)),
        liveAgentsIngest: exchangeSummary(exchanges, surgeFrom, surgeTo, (surge) => !surge),
        drainBatches: exchangeSummary(exchanges, surgeFrom, surgeTo, (surge) => surge),
        collector: procSummary(sampler.samples, surgeFrom, surgeTo),
      },
      failedRequests: failures,
      check: check(perAgent, counts),
    };
    log(
      `${label}: live ${result.live.ingest?.readingsPerS} readings/s, p50 ${result.live.ingest?.p50Ms} ms, p99 ${result.live.ingest?.p99Ms} ms, collector CPU median ${result.live.collector?.cpuShareMedian}; surge: ${result.surge.backlogReadings} readings in ${result.surge.drainS} s (${result.surge.drainReadingsPerS}/s), live p50 ${result.surge.liveAgentsIngest?.p50Ms} ms p99 ${result.surge.liveAgentsIngest?.p99Ms} ms; check ${result.check.ok ? 'ok' : 'FAILED'} (${result.check.readingsInStore}/${result.check.readingsSent})`,
    );
    return result;
  } finally {
    sampler.stop();
    await all((p) => p.stop());
    await collector.stop();
  }
}

export async function run(log: (msg: string) => void): Promise<Record<string, unknown>> {
  const tmp = await tempDir('gb-bench-load-');
  try {
    const sqlite = await pass(
      'sqlite',
      tmp.dir,
      { type: 'sqlite', synchronous: 'full' },
      async (dataDir) => sqliteCounts(dataDir),
      log,
    );
    const influx = await startInfluxDB();
    let influxResult: Awaited<ReturnType<typeof pass>>;
    try {
      await influx.createDatabase('gongbang');
      influxResult = await pass(
        'influxdb',
        tmp.dir,
        { type: 'influxdb', url: influx.url, api: 'v1', database: 'gongbang' },
        () => influxCounts(influx.query, 'gongbang'),
        log,
      );
    } finally {
      await influx.close();
    }
    const failed = [sqlite, influxResult].filter((r) => !r.check.ok);
    if (failed.length) throw new Error(`load check failed: ${JSON.stringify(failed.map((r) => r.check))}`);
    return {
      setup: {
        agents: AGENTS,
        pace: 'one reading every 2–5 s per agent (uniform jitter), seeded; mix: power measurements, piece counts, machine states, scans, a heartbeat a minute',
        liveAgents: `${AGENTS - SURGE} on MemorySpool (the spool is not what is measured; 400 SQLite files with an fsync per reading would take CPU from the collector on 2 cores)`,
        surgeAgents: `${SURGE} on the edge agent's SqliteSpool (synchronous FULL): a week of backlog on disk, drained by the real Forwarder (5,000-reading batches, 10% live share)`,
        loadGenerators:
          '2 Node processes (bench/load-fleet.ts) of 200 agents (180 live + 20 surge), an in-process Forwarder + HttpUplink (gzip) per agent',
        collector:
          'separate process, gongbang-collector serve, agents in collector.yaml, defaults otherwise (metrics engine on)',
        latency: 'request → ack as the agent sees it (MeasuredUplink), all requests sent in the window',
        cpu: 'collector user+system CPU per second from /proc/<pid>/stat as a share of one core; RSS from /proc/<pid>/status',
        check:
          'per agent: readings in the store = readings the agent appended, lowest seq 1, highest = appended (SQLite: readings.db; InfluxDB: count/min/max of seq per agent over gb_*)',
        liveWindowS: LIVE_S,
        influxdb: '1.6 (Debian), collector api v1, all processes sharing both cores',
      },
      sqlite,
      influxdb: influxResult,
    };
  } finally {
    await tmp.remove();
  }
}
