// The write side of the metrics benchmark: the KPI engine computing 30 days of one workshop from
// the readings in the SQLite store, against reading the same readings from the store (the
// engine's own paging over the same kinds and days) in the same run; then a late batch into
// day 25 and the time engine.settle() takes to recompute the days whose carry changed.
import { pino } from 'pino';
import { kpiRegistryView } from '../packages/collector/src/compose/kpis.js';
import { Registry } from '../packages/collector/src/compose/registry.js';
import {
  addDays,
  DAY_READING_KINDS,
  KpiEngine,
  kstDayOf,
  kstDayStartMs,
} from '../packages/collector/src/metrics/index.js';
import { SqliteStore } from '../packages/collector/src/store/index.js';
import { kst } from '../packages/collector/test/support/metrics-readings.js';
import { tempDir } from '../tests/harness/index.js';
import { dayRange } from './metrics-fill.js';
import {
  calendarInput,
  machineInputs,
  PROFILES,
  productInputs,
  ReadingBuilder,
  seeded,
  workshopDay,
} from './metrics-workshop.js';
import { median } from './stats.js';

const WS = 'ws-engine';
const AGENT = 'agent-1';
const PAGE = 5_000;

/** Reads every reading the engine reads for `days`, as it reads them; returns how many. */
async function rawRead(store: SqliteStore, days: readonly string[]): Promise<number> {
  let n = 0;
  for (const day of days) {
    const fromMs = kstDayStartMs(day);
    const toMs = kstDayStartMs(addDays(day, 1));
    for (const kind of DAY_READING_KINDS) {
      let cursor: string | undefined;
      do {
        const page = await store.query({ workshopId: WS, fromMs, toMs, kind, limit: PAGE, cursor });
        n += page.readings.length;
        cursor = page.next;
      } while (cursor);
    }
  }
  return n;
}

export async function measureEngine(runs: number, lateRuns: number, days: number, log: (m: string) => void) {
  const tmp = await tempDir('gb-bench-engine-');
  const registry = new Registry({ location: { kind: 'sqlite', file: `${tmp.dir}/registry.db` } });
  const store = new SqliteStore({ file: `${tmp.dir}/readings.db` });
  await registry.start();
  await store.start();
  try {
    // The busiest profile: four sewing machines counting every piece.
    const p = PROFILES[0]!;
    await registry.workshops.create({ id: WS, nameKo: '창신 봉제', nameEn: 'Changsin Sewing', industry: p.industry });
    await registry.calendars.set(WS, calendarInput(p));
    for (const x of productInputs(p)) await registry.products.put(WS, x);
    for (const x of machineInputs(p)) await registry.machines.put(WS, x);
    const today = kstDayOf(Date.now());
    const list = dayRange(addDays(today, -days), addDays(today, -1));
    const b = new ReadingBuilder();
    const rnd = seeded(7);
    for (const day of list) workshopDay(b, p, day, rnd);
    for (let k = 0; k < b.readings.length; k += 1_000) await store.write(WS, AGENT, b.readings.slice(k, k + 1_000));
    const readings = b.readings.length;
    log(`engine: ${readings} readings of ${list.length} days stored`);

    const engine = new KpiEngine({
      db: () => registry.db,
      dialect: 'sqlite',
      store,
      view: kpiRegistryView(registry),
      log: pino({ level: 'silent' }),
      intervalMs: 0,
    });
    const first = list[0]!;
    const last = list[list.length - 1]!;
    await rawRead(store, list);
    await engine.recompute(WS, first, last);
    const rawRates: number[] = [];
    const engineRates: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t0 = performance.now();
      const n = await rawRead(store, list);
      if (n !== readings) throw new Error(`raw read found ${n} readings, ${readings} stored`);
      rawRates.push(n / ((performance.now() - t0) / 1000));
      t0 = performance.now();
      await engine.recompute(WS, first, last);
      engineRates.push(readings / ((performance.now() - t0) / 1000));
      log(
        `engine run ${i + 1}: raw store read ${Math.round(rawRates[i]!)} readings/s, engine ${Math.round(engineRates[i]!)} readings/s`,
      );
    }
    const rawRate = median(rawRates);
    const engineRate = median(engineRates);

    // A late batch into day 25: the machine ran overtime that evening and its agent's spool
    // reached the collector only later. Each run ends the overtime later, so the carry changes.
    const lateDay = list[24]!;
    const machine = p.machines[0]!.id;
    const late: { ms: number; days: number; dayList: string[] }[] = [];
    for (let i = 0; i < lateRuns; i++) {
      const before = b.readings.length;
      const from = kst(`${lateDay} 19:00`) + i * 600_000;
      b.state(from, machine, 'running');
      for (let t = from + 95_000; t < from + 3_600_000; t += 95_000) b.count(t, machine, 'pieces', 1);
      b.state(from + 3_600_000, machine, 'off');
      const batch = b.readings.slice(before);
      await store.write(WS, AGENT, batch);
      const mark = new Date().toISOString();
      await engine.readingsStored(WS, batch);
      const t0 = performance.now();
      await engine.settle();
      const ms = performance.now() - t0;
      const redone = await registry.db
        .selectFrom('kpi_days')
        .select('day')
        .where('workshop_id', '=', WS)
        .where('computed_at', '>=', mark)
        .orderBy('day')
        .execute();
      late.push({ ms, days: redone.length, dayList: redone.map((r) => r.day) });
      log(`late batch run ${i + 1}: settle() ${ms.toFixed(1)} ms, recomputed ${redone.map((r) => r.day).join(', ')}`);
    }
    return {
      setup: {
        workshop: `one ${p.industry} workshop (${p.machines.length} machines counting every piece, ${p.workers} workers with badges, heartbeats every minute around the clock), ${list.length} days up to yesterday (KST), readings ingested with store.write in batches of 1,000 into the SQLite store (writer thread, synchronous FULL), registry SQLite`,
        readings,
        readingsPerDay: Math.round(readings / list.length),
        runs,
      },
      engineRecompute: {
        what: 'engine.recompute(workshop, first day, last day): every day read from the store, computed with computeDay and written with writeDay, in order',
        readingsPerS: Math.round(engineRate),
        msPerDay: +((readings / engineRate / list.length) * 1000).toFixed(1),
        runs: engineRates.map(Math.round),
      },
      rawStoreRead: {
        what: "store.query paging (5,000 a page) over the same kinds and days, as the engine's readDay reads them",
        readingsPerS: Math.round(rawRate),
        runs: rawRates.map(Math.round),
      },
      ratio: +(engineRate / rawRate).toFixed(3),
      lateDay: {
        what: `a late batch of ${late.length ? 'one machine running 19:00–20:00 (+10 min a run), ~38 counts' : ''} into day 25 (${lateDay}) of the ${list.length} computed days, marked as ingest marks it; time of engine.settle()`,
        settleMs: +median(late.map((l) => l.ms)).toFixed(1),
        runsMs: late.map((l) => +l.ms.toFixed(1)),
        daysRecomputed: median(late.map((l) => l.days)),
        daysRecomputedPerRun: late.map((l) => l.dayList),
      },
    };
  } finally {
    await store.stop();
    await registry.stop();
    await tmp.remove();
  }
}
