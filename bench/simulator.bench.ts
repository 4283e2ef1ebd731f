// The simulator's backfill through the whole pipeline, as a user runs it — `gongbang-sim
// backfill` in one process (simulate → agent spool (SqliteSpool) → Forwarder + HttpUplink) and
// the collector in another (HTTP → ingest → SQLite store, the KPI engine computing the marked
// days meanwhile with its defaults) — against the collector's ingest alone in the same run: the
// same readings, pre-built as the same gzip batches of 5,000, posted straight to /api/v1/ingest
// of a fresh collector process (KPI engine off) with the same concurrency (CONCURRENCY workshops
// at once, one batch in flight each, as the forwarders send). Then the time until the KPI
// engine has computed every marked day (`gongbang_kpi_days_marked` on /metrics falls to 0).
// Medians of RUNS runs each, a fresh collector for every run; the registry set-up (workshops,
// calendars, agents) is inside the backfill's time, as a user sees it, and outside the
// ingest-alone time.
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import { WIRE_VERSION } from '../packages/shared/src/index.js';
import { CollectorClient } from '../packages/simulator/src/backfill/client.js';
import { backfill } from '../packages/simulator/src/backfill/index.js';
import { ensureAgentToken, ensureWorkshop } from '../packages/simulator/src/backfill/registry.js';
import { buildProgramme } from '../packages/simulator/src/model/programme.js';
import { simulateWorkshop } from '../packages/simulator/src/model/workshop.js';
import { tempDir } from '../tests/harness/index.js';
import { cpuSeconds } from './proc.js';
import { gauge, kpisSettled, startCollector } from './simulator-collector-proc.js';
import { median } from './stats.js';

const gzip = promisify(gzipCb);
const RUNS = 3;
const WORKSHOPS = 12;
const MONTHS = 6;
const SEED = 3;
/** Fixed: the same programme whatever the date of the run. */
const TO_DAY = '2026-11-01';
const CONCURRENCY = 4;
const BATCH = 5_000;
interface Built {
  workshops: { agentId: string; bodies: Buffer[]; readings: number }[];
  readings: number;
}

/** Every workshop's readings as the agent would send them: seq from 1, gzip JSON batches of 5,000. */
async function prebuild(): Promise<Built> {
  const p = buildProgramme({ workshops: WORKSHOPS, months: MONTHS, seed: SEED, toDay: TO_DAY });
  const out: Built = { workshops: [], readings: 0 };
  for (const w of p.workshops) {
    const lines: string[] = [];
    for (const day of simulateWorkshop(w, p.fromDay, p.toDay)) {
      for (const r of day.readings) lines.push(JSON.stringify({ ...r, seq: lines.length + 1 }));
    }
    const bodies: Buffer[] = [];
    for (let i = 0; i < lines.length; i += BATCH) {
      const chunk = lines.slice(i, i + BATCH);
      const head = JSON.stringify({
        v: WIRE_VERSION,
        agentId: w.agentId,
        batchId: randomUUID(),
        firstSeq: i + 1,
        lastSeq: i + chunk.length,
        sentAt: Date.now(),
      });
      bodies.push(await gzip(`${head.slice(0, -1)},"readings":[${chunk.join(',')}]}`, { level: 3 }));
    }
    out.workshops.push({ agentId: w.agentId, bodies, readings: lines.length });
    out.readings += lines.length;
  }
  return out;
}

/** The whole pipeline into a fresh collector process: readings/s, KPI settle time, CPU of both sides. */
async function pipelineRun() {
  const c = await startCollector('on');
  const data = await tempDir('gongbang-bench-sim-');
  try {
    const cpu0 = cpuSeconds(c.pid);
    const self0 = process.cpuUsage();
    const r = await backfill({
      workshops: WORKSHOPS,
      months: MONTHS,
      seed: SEED,
      toDay: TO_DAY,
      collector: c.url,
      token: c.token,
      dataDir: data.dir,
      concurrency: CONCURRENCY,
    });
    if (r.deadLetters > 0 || r.readingsDelivered !== r.readingsGenerated) throw new Error('readings lost');
    const self = process.cpuUsage(self0);
    const cpuBackfill = cpuSeconds(c.pid) - cpu0;
    const t = performance.now();
    await kpisSettled(c);
    const settleS = (performance.now() - t) / 1000;
    return {
      readings: r.readingsDelivered,
      elapsedS: r.elapsedS,
      readingsPerS: r.readingsPerS,
      settleS,
      kpiDays: await gauge(c, 'gongbang_kpi_days_computed_total'),
      collectorCpuS: cpuBackfill,
      collectorSettleCpuS: cpuSeconds(c.pid) - cpu0 - cpuBackfill,
      simulatorCpuS: (self.user + self.system) / 1e6,
    };
  } finally {
    await c.close();
    await data.remove();
  }
}

/** The pre-built batches straight to /api/v1/ingest of a fresh collector, CONCURRENCY workshops at once. */
async function ingestRun(built: Built) {
  const c = await startCollector('off');
  const data = await tempDir('gongbang-bench-sim-ingest-');
  try {
    // Registry and agent tokens (untimed): what the backfill creates before it sends.
    const p = buildProgramme({ workshops: WORKSHOPS, months: MONTHS, seed: SEED, toDay: TO_DAY });
    const api = new CollectorClient(c.url, c.token);
    const tokens = new Map<string, string>();
    for (const w of p.workshops) {
      await ensureWorkshop(api, w);
      const dir = path.join(data.dir, w.id);
      await mkdir(dir, { recursive: true });
      tokens.set(w.agentId, await ensureAgentToken(api, w, dir));
    }
    const queue = [...built.workshops];
    const t = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let w = queue.shift(); w; w = queue.shift()) {
          for (const body of w.bodies) {
            const res = await fetch(`${c.url}/api/v1/ingest`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                'content-encoding': 'gzip',
                authorization: `Bearer ${tokens.get(w.agentId)}`,
              },
              body,
            });
            await res.arrayBuffer();
            if (res.status >= 300) throw new Error(`ingest HTTP ${res.status}`);
          }
        }
      }),
    );
    const s = (performance.now() - t) / 1000;
    return { readingsPerS: built.readings / s, elapsedS: s };
  } finally {
    await c.close();
    await data.remove();
  }
}

export async function run(log: (msg: string) => void): Promise<Record<string, unknown>> {
  log(`pre-building ${WORKSHOPS} workshops × ${MONTHS} months (seed ${SEED}, to ${TO_DAY}) …`);
  const built = await prebuild();
  log(`${built.readings} readings in ${built.workshops.reduce((s, w) => s + w.bodies.length, 0)} batches`);
  const pipe: Awaited<ReturnType<typeof pipelineRun>>[] = [];
  const alone: Awaited<ReturnType<typeof ingestRun>>[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate, so that a slow spell of the shared machine hits both.
    const a = await pipelineRun();
    if (a.readings !== built.readings) throw new Error(`backfill sent ${a.readings}, pre-built ${built.readings}`);
    pipe.push(a);
    log(
      `run ${i + 1}/${RUNS}: backfill ${Math.round(a.readingsPerS)}/s (${a.elapsedS.toFixed(1)} s), KPIs settled ${a.settleS.toFixed(1)} s after it`,
    );
    const b = await ingestRun(built);
    alone.push(b);
    log(`run ${i + 1}/${RUNS}: ingest alone ${Math.round(b.readingsPerS)}/s (${b.elapsedS.toFixed(1)} s)`);
  }
  const backfillPerS = median(pipe.map((x) => x.readingsPerS));
  const ingestPerS = median(alone.map((x) => x.readingsPerS));
  const settleS = median(pipe.map((x) => x.settleS));
  const toKpisS = median(pipe.map((x) => x.elapsedS + x.settleS));
  const observedWorkshopMonths = WORKSHOPS * MONTHS;
  const perWorkshopMonth = built.readings / observedWorkshopMonths;
  // Extrapolation, not a measurement: 400 workshops × 24 months at this run's readings per
  // workshop-month (stage-0 months, which send nothing, included) and at these rates.
  const fullReadings = perWorkshopMonth * 400 * 24;
  const us = (sec: number) => Number(((sec / built.readings) * 1e6).toFixed(1));
  const result = {
    collector:
      'a process of its own (bench/simulator-collector.ts: buildApp, SQLite store and registry), a fresh one per run; KPI engine at its defaults during the backfill (today refresh off: the programme ends on a fixed day), off for ingest alone',
    simulator: 'the backfill in the benchmark process, as `gongbang-sim backfill` runs it',
    programme: { workshops: WORKSHOPS, months: MONTHS, seed: SEED, toDay: TO_DAY, concurrency: CONCURRENCY },
    runs: RUNS,
    readings: built.readings,
    backfillReadingsPerS: Math.round(backfillPerS),
    ingestAloneReadingsPerS: Math.round(ingestPerS),
    backfillVsIngestRatio: Number((backfillPerS / ingestPerS).toFixed(3)),
    kpiSettleAfterBackfillS: Number(settleS.toFixed(2)),
    backfillToKpisSettledS: Number(toKpisS.toFixed(1)),
    readingsPerSToKpisSettled: Math.round(built.readings / toKpisS),
    kpiDaysComputed: median(pipe.map((x) => x.kpiDays)),
    cpuUsPerReading: {
      simulatorDuringBackfill: us(median(pipe.map((x) => x.simulatorCpuS))),
      collectorDuringBackfill: us(median(pipe.map((x) => x.collectorCpuS))),
      collectorAfterBackfill: us(median(pipe.map((x) => x.collectorSettleCpuS))),
    },
    readingsPerWorkshopMonth: Math.round(perWorkshopMonth),
    extrapolated400x24: {
      note: 'extrapolation from this run, not measured',
      readings: Math.round(fullReadings),
      backfillMin: Number((fullReadings / backfillPerS / 60).toFixed(1)),
      toKpisSettledMin: Number((fullReadings / (built.readings / toKpisS) / 60).toFixed(1)),
    },
    perRun: pipe.map((x, i) => ({
      backfillReadingsPerS: Math.round(x.readingsPerS),
      backfillS: Number(x.elapsedS.toFixed(1)),
      settleAfterS: Number(x.settleS.toFixed(2)),
      ingestAloneReadingsPerS: Math.round(alone[i]!.readingsPerS),
    })),
  };
  log(
    `median: backfill ${result.backfillReadingsPerS}/s, ingest alone ${result.ingestAloneReadingsPerS}/s, ratio ${result.backfillVsIngestRatio}; KPIs settled ${result.kpiSettleAfterBackfillS} s after it`,
  );
  return result;
}
