// The KPI engine (docs/metrics.md): (1) GET /api/v1/programme/kpis over 400 workshops × 2 years
// and (2) one workshop's month per day, over real HTTP on 127.0.0.1, each beside the same query
// in the process, on a SQLite and a PostgreSQL registry; (3) the engine's rollup throughput
// from readings in the SQLite store against the raw store read of the same readings; (4) the
// recompute after a late batch into day 25 of 30. See metrics-programme.ts, metrics-engine.ts.
import { measureEngine } from './metrics-engine.js';
import { measureReads, WORKSHOPS, YEARS_DAYS } from './metrics-programme.js';

export async function run(log: (msg: string) => void): Promise<Record<string, unknown>> {
  const sqlite = await measureReads('sqlite', { programme: [3, 10], month: [3, 20] }, log);
  const postgres = await measureReads('postgres', { programme: [3, 5], month: [3, 10] }, log);
  const engine = await measureEngine(3, 3, 30, log);
  return {
    setup: {
      workshops: WORKSHOPS,
      days: YEARS_DAYS,
      data: 'Rollups were not computed from readings for 400 × 730 days: for each of five industry profiles (sewing, metal, printing, shoes, jewelry: 2–4 machines with clamp-sensor states, counts or piece scans, orders with setup, faults, minor stops, lunch, badges, heartbeats every minute) one working day of readings was generated and computed with computeDay; its hour rows were moved to every working day of the profile (Sundays, and Saturdays where the profile does not work, are empty days) and varied per workshop and day by a seeded generator (share of run time turned into delay time, speed, scrap), then summed into day, ISO-week and month rows exactly as RollupStore.writeDay sums them. The bench checks this on 45 days of one workshop against rows written through writeDay itself and stops if they differ. Written: every dimension (workshop, machines, products, workers) for ws-000, whose month is measured, and the workshop dimension only for the other 399 (the programme view and the peer medians read no other); no hour or shift rows, no stops (no measured query reads them). writeDay for every workshop-day took 6–40 ms a day here (292,000 days), which is why the rows were built in bulk.',
      registry: 'SQLite (the embedded default, WAL) and PostgreSQL 127.0.0.1:5432 (a throwaway database, pool of 4)',
      app: 'buildApp with the registry, listening on 127.0.0.1:0, metrics.enabled false (the engine loop would compute today for every workshop during the measurement); fetch with an evaluator API token, one request at a time',
      latency: 'p50 and p95 of each run, then the median over the runs',
    },
    programmeSqlite: sqlite.programme,
    workshopMonthSqlite: sqlite.workshopMonth,
    fillSqlite: sqlite.fill,
    programmePostgres: postgres.programme,
    workshopMonthPostgres: postgres.workshopMonth,
    fillPostgres: postgres.fill,
    engine,
  };
}
