import { type InfluxServer, startInfluxDB } from '@gongbang/harness';
import type { Reading } from '@gongbang/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import { kst, ReadingBuilder, seeded } from '../support/metrics-readings.js';
import { buildKpiApp, ingest } from './kpi-fixtures.js';
import { seed, startTestRegistry } from './registry-fixtures.js';

const NOW = kst('2026-03-07 12:00');
const DAYS = ['2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07'];
const WEEKDAY = { start: '08:00', end: '18:00', breaks: [{ start: '12:00', end: '13:00' }] };

/** Random readings of two machines over five days, a seeded programme of states, pieces, orders and badges. */
function randomReadings(seedNo: number): Reading[] {
  const rnd = seeded(seedNo);
  const b = new ReadingBuilder();
  const states = ['running', 'running', 'idle', 'fault', 'setup', 'off'] as const;
  for (const day of DAYS) {
    b.heartbeats(kst(`${day} 07:00`), Math.min(NOW, kst(`${day} 19:00`)), 120_000);
    for (let k = 0; k < 60; k++) {
      const t = kst(`${day} 07:00`) + Math.floor(rnd() * 12 * 3_600_000);
      if (t > NOW) continue;
      const x = rnd();
      const machine = rnd() < 0.5 ? 'm1' : 'm2';
      if (x < 0.4) b.state(t, machine, states[Math.floor(rnd() * states.length)] as (typeof states)[number]);
      else if (x < 0.7) b.count(t, machine, 'pieces', 1 + Math.floor(rnd() * 9));
      else if (x < 0.8) b.scan(t, 'scanner-1', 'work_order', `WO-${Math.floor(rnd() * 4)}`, { product: 'p1' });
      else if (x < 0.9) b.scan(t, 'scanner-1', 'badge', `W-${Math.floor(rnd() * 3)}`);
      else b.scan(t, 'scanner-1', 'scrap', 'D');
    }
  }
  return b.readings.filter((r) => r.ts <= NOW);
}

async function prepare(registry: Registry) {
  const world = await seed(registry);
  await registry.calendars.set('ws-a', {
    weekly: { mon: WEEKDAY, tue: WEEKDAY, wed: WEEKDAY, thu: WEEKDAY, fri: WEEKDAY, sat: WEEKDAY },
  });
  await registry.machines.put('ws-a', { id: 'm1', name: 'M1', defaultPruS: 30, scanners: ['scanner-1'] });
  await registry.products.put('ws-a', { id: 'p1', name: 'P1', operations: [{ id: 'sew', name: 'Sew', pruS: 45 }] });
  return world;
}

async function rows(registry: Registry) {
  const list = await registry.db
    .selectFrom('kpi_rows')
    .select(['grain', 'period', 'part', 'origin', 'dim', 'dim_id', 'elements'])
    .where('workshop_id', '=', 'ws-a')
    .orderBy(['grain', 'period', 'part', 'origin', 'dim', 'dim_id'])
    .execute();
  return list.map((r) => ({ ...r, elements: JSON.parse(r.elements) }));
}

describe('KPI rollups on InfluxDB, and two collectors sharing one PostgreSQL registry', () => {
  let influx: InfluxServer;
  beforeAll(async () => {
    influx = await startInfluxDB();
    await influx.createDatabase('gongbang');
  }, 90_000);
  afterAll(async () => {
    await influx?.close();
  });

  it('keeps the same rollups as the embedded store when two collectors ingest and compute at once', async () => {
    const readings = randomReadings(42);
    // The embedded default: SQLite store and registry, one collector.
    const lite = await startTestRegistry('sqlite');
    const liteWorld = await prepare(lite.registry);
    const one = await buildKpiApp(lite.registry, NOW);
    // InfluxDB behind two collectors that share a PostgreSQL registry.
    const pg = await startTestRegistry('postgres');
    const pgWorld = await prepare(pg.registry);
    const storeConfig = { type: 'influxdb', url: influx.url, api: 'v1', database: 'gongbang' };
    const a = await buildKpiApp(pg.registry, NOW, { store: storeConfig });
    const b = await buildKpiApp(pg.registry, NOW, { store: storeConfig });
    try {
      await ingest(one.app, 'agent-a', liteWorld.agentTokens.a, readings, NOW);
      await one.engine.settle();

      // Batches alternate between the collectors; both engines compute while batches still arrive.
      const rnd = seeded(5);
      const order = readings.slice().sort(() => rnd() - 0.5);
      const jobs: Promise<unknown>[] = [];
      for (let k = 0; k < order.length; k += 30) {
        const target = (k / 30) % 2 === 0 ? a : b;
        await ingest(target.app, 'agent-a', pgWorld.agentTokens.a, order.slice(k, k + 30), NOW);
        jobs.push(a.engine.runOnce(), b.engine.runOnce());
      }
      await Promise.all(jobs);
      await Promise.all([a.engine.settle(), b.engine.settle()]);

      const kept = await rows(pg.registry);
      expect(kept.length).toBeGreaterThan(200);
      expect(kept).toEqual(await rows(lite.registry));
      // And a recomputation from InfluxDB's raw readings gives the same again.
      await a.engine.recompute('ws-a', DAYS[0] as string, DAYS[DAYS.length - 1] as string);
      expect(await rows(pg.registry)).toEqual(kept);
    } finally {
      await a.close();
      await b.close();
      await one.close();
      await pg.close();
      await lite.close();
    }
  }, 120_000);
});
