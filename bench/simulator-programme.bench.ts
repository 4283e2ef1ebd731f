// A whole programme through the pipeline as a user runs it: the backfill (this process, as
// `gongbang-sim backfill` runs it: simulate → agent spools → forwarders) into a collector process
// of its own (bench/simulator-collector.ts: SQLite store and registry, the KPI engine on with its
// defaults), then the time until the engine has computed every marked day
// (`gongbang_kpi_days_marked` on /metrics falls to 0). By name only: at the default size,
// 400 workshops × 2 months (the dashboard benchmark's world: same seed and last day, so the
// figures compare with that benchmark's load), it runs for many minutes;
// GONGBANG_BENCH_WORKSHOPS and GONGBANG_BENCH_MONTHS change the size (400 × 24 is the
// programme issue #14 names). One run: the programme is too big to repeat; the figures are of
// that run, with progress every 30 s.
import { statSync } from 'node:fs';
import path from 'node:path';
import { backfill } from '../packages/simulator/src/backfill/index.js';
import { tempDir } from '../tests/harness/index.js';
import { envInt } from './env.js';
import { cpuSeconds, residentMiB } from './proc.js';
import { gauge, kpisSettled, startCollector } from './simulator-collector-proc.js';

export const byNameOnly = true;

const WORKSHOPS = envInt('GONGBANG_BENCH_WORKSHOPS', 400);
const MONTHS = envInt('GONGBANG_BENCH_MONTHS', 2);
const SEED = 3;
/** The dashboard benchmark's last day. */
const TO_DAY = '2026-11-26';
const CONCURRENCY = 4;

export async function run(log: (msg: string) => void): Promise<Record<string, unknown>> {
  const c = await startCollector('on');
  const data = await tempDir('gongbang-bench-programme-');
  try {
    const cpu0 = cpuSeconds(c.pid);
    const self0 = process.cpuUsage();
    const t0 = performance.now();
    let lastLog = 0;
    const r = await backfill(
      {
        workshops: WORKSHOPS,
        months: MONTHS,
        seed: SEED,
        toDay: TO_DAY,
        collector: c.url,
        token: c.token,
        dataDir: data.dir,
        concurrency: CONCURRENCY,
      },
      (p) => {
        const now = performance.now();
        if (now - lastLog < 30_000 && p.phase !== 'done') return;
        lastLog = now;
        log(
          `backfill ${p.phase}: ${p.workshopsDone}/${p.workshopsTotal} workshops, ${p.readingsDelivered} readings, ${Math.round(p.readingsPerS)}/s`,
        );
      },
    );
    if (r.deadLetters > 0 || r.readingsDelivered !== r.readingsGenerated) throw new Error('readings lost');
    const backfillS = (performance.now() - t0) / 1000;
    const self = process.cpuUsage(self0);
    const collectorBackfillCpuS = cpuSeconds(c.pid) - cpu0;
    const markedAtEnd = await gauge(c, 'gongbang_kpi_days_marked');
    log(
      `backfill done: ${r.readingsDelivered} readings in ${backfillS.toFixed(0)} s; ${markedAtEnd} KPI days still marked`,
    );
    const t1 = performance.now();
    const settling = setInterval(() => {
      gauge(c, 'gongbang_kpi_days_marked').then(
        (n) =>
          log(`KPI engine: ${n} days marked, ${((performance.now() - t1) / 1000).toFixed(0)} s after the backfill`),
        () => {},
      );
    }, 30_000);
    try {
      await kpisSettled(c, 240);
    } finally {
      clearInterval(settling);
    }
    const settleS = (performance.now() - t1) / 1000;
    const totalS = backfillS + settleS;
    const mib = (f: string) => Math.round(statSync(f).size / 2 ** 20);
    const result = {
      programme: { workshops: WORKSHOPS, months: MONTHS, seed: SEED, toDay: TO_DAY, concurrency: CONCURRENCY },
      collector:
        'bench/simulator-collector.ts in a process of its own (SQLite store and registry, KPI engine at its defaults, today refresh off)',
      readings: r.readingsDelivered,
      manualEntries: r.manualEntries,
      backfillS: Math.round(backfillS),
      backfillReadingsPerS: Math.round(r.readingsDelivered / backfillS),
      kpiDaysMarkedAtBackfillEnd: markedAtEnd,
      kpiSettleAfterBackfillS: Math.round(settleS),
      backfillToKpisSettledS: Math.round(totalS),
      readingsPerSToKpisSettled: Math.round(r.readingsDelivered / totalS),
      kpiDaysComputed: await gauge(c, 'gongbang_kpi_days_computed_total'),
      cpuS: {
        simulator: Math.round((self.user + self.system) / 1e6),
        collectorDuringBackfill: Math.round(collectorBackfillCpuS),
        collectorAfterBackfill: Math.round(cpuSeconds(c.pid) - cpu0 - collectorBackfillCpuS),
      },
      collectorRssMiBAtEnd: residentMiB(c.pid).rssMiB,
      diskMiB: {
        readingsDb: mib(path.join(c.dir, 'readings.db')),
        registryDb: mib(path.join(c.dir, 'registry.db')),
      },
    };
    log(
      `${result.readings} readings: backfill ${result.backfillS} s (${result.backfillReadingsPerS}/s), KPIs settled ${result.kpiSettleAfterBackfillS} s after it; ${result.backfillToKpisSettledS} s in all`,
    );
    return result;
  } finally {
    await c.close();
    await data.remove();
  }
}
