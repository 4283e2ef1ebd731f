import type { Reading } from '@gongbang/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import type { KpiEngine } from '../../src/metrics/index.js';
import { kst, ReadingBuilder, seeded } from '../support/metrics-readings.js';
import { buildKpiApp, get, ingest, send } from './kpi-fixtures.js';
import { DIALECTS, seed, startTestRegistry } from './registry-fixtures.js';

const NOW = kst('2026-03-07 12:00');
const WEEKDAY = {
  start: '06:00',
  end: '14:00',
  breaks: [
    { start: '09:00', end: '09:15' },
    { start: '11:00', end: '11:30' },
    { start: '12:30', end: '12:45' },
  ],
};
const OEE_DAY = '2026-03-04';

/** Rows of the rollup tables, comparable across computations. */
async function snapshot(registry: Registry, workshopId: string) {
  const rows = await registry.db
    .selectFrom('kpi_rows')
    .selectAll()
    .where('workshop_id', '=', workshopId)
    .orderBy(['grain', 'period', 'part', 'origin', 'dim', 'dim_id'])
    .execute();
  const days = await registry.db
    .selectFrom('kpi_days')
    .select(['day', 'carry', 'readings'])
    .where('workshop_id', '=', workshopId)
    .orderBy('day')
    .execute();
  const stops = await registry.db
    .selectFrom('kpi_stops')
    .selectAll()
    .where('workshop_id', '=', workshopId)
    .orderBy(['day', 'machine_id', 'start_ms'])
    .execute();
  return {
    // `rev` changes at every write by design; everything else must be the same.
    rows: rows.map(({ rev: _rev, ...r }) => ({
      ...r,
      period_start_ms: Number(r.period_start_ms),
      elements: JSON.parse(r.elements),
    })),
    days,
    stops: stops.map((s) => ({ ...s, start_ms: Number(s.start_ms), end_ms: Number(s.end_ms) })),
  };
}

describe.each(DIALECTS)('KPIs through ingest, rollups and the API (%s registry)', (dialect) => {
  let registry: Registry;
  let closeRegistry: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildKpiApp>>['app'];
  let engine: KpiEngine;
  let closeApp: () => Promise<void>;
  let world: Awaited<ReturnType<typeof seed>>;
  const agent = new ReadingBuilder();
  const push = async (b: (r: ReadingBuilder) => void) => {
    const before = agent.readings.length;
    b(agent);
    await ingest(app, 'agent-a', world.agentTokens.a, agent.readings.slice(before) as Reading[], NOW);
  };
  const kpisOf = async (query: string, token = world.tokens.admin) => {
    const res = await get(app, token, `/api/v1/workshops/ws-a/kpis?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    ({ registry, close: closeRegistry } = await startTestRegistry(dialect));
    world = await seed(registry);
    ({ app, engine, close: closeApp } = await buildKpiApp(registry, NOW));
    await registry.calendars.set('ws-a', {
      weekly: {
        mon: WEEKDAY,
        tue: WEEKDAY,
        wed: WEEKDAY,
        thu: WEEKDAY,
        fri: [WEEKDAY, { start: '22:00', end: '06:00', breaks: [] }],
      },
    });
    await registry.machines.put('ws-a', {
      id: 'm1',
      name: 'Press 1',
      defaultPruS: 1,
      counts: [
        { source: 'm1', channel: 'pieces', meaning: 'produced' },
        { source: 'm1', channel: 'rejects', meaning: 'scrap' },
      ],
      scanners: ['scanner-1'],
    });
  });
  afterAll(async () => {
    await closeApp?.();
    await closeRegistry?.();
  });

  it('reproduces the OEE.com shift worksheet through ingest to 4 decimals', async () => {
    // 06:00–14:00 with two 15-min breaks and a 30-min meal: 420 planned minutes; 47 of them down.
    await push((b) => {
      b.heartbeats(kst(`${OEE_DAY} 05:50`), kst(`${OEE_DAY} 14:10`));
      b.state(kst(`${OEE_DAY} 05:55`), 'm1', 'running');
      b.state(kst(`${OEE_DAY} 07:00`), 'm1', 'fault').state(kst(`${OEE_DAY} 07:47`), 'm1', 'running');
      b.state(kst(`${OEE_DAY} 14:00`), 'm1', 'off');
      for (let k = 0; k < 19_271; k += 50)
        b.count(kst(`${OEE_DAY} 08:00`) + k * 1000, 'm1', 'pieces', Math.min(50, 19_271 - k));
      b.count(kst(`${OEE_DAY} 13:00`), 'm1', 'rejects', 423);
    });
    const pending = await kpisOf(`from=${OEE_DAY}&to=${OEE_DAY}`);
    expect(pending.pendingDays).toEqual([OEE_DAY]);
    const gauge = async (name: string) => {
      const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      const line = text.split('\n').find((l) => l.startsWith(`${name} `));
      if (!line) throw new Error(`${name} not on /metrics`);
      return Number(line.split(' ')[1]);
    };
    expect(await gauge('gongbang_kpi_days_marked')).toBeGreaterThanOrEqual(1);
    const computedBefore = await gauge('gongbang_kpi_days_computed_total');
    await engine.settle();
    expect(await gauge('gongbang_kpi_days_marked')).toBe(0);
    expect(await gauge('gongbang_kpi_days_computed_total')).toBeGreaterThan(computedBefore);
    const body = await kpisOf(`from=${OEE_DAY}&to=${OEE_DAY}`);
    expect(body.pendingDays).toEqual([]);
    const [day] = body.periods;
    expect(day.period).toBe(OEE_DAY);
    expect(day.elements).toMatchObject({
      pbt_s: 25_200,
      apt_s: 22_380,
      adet_s: 2_820,
      no_data_s: 0,
      pq: 19_271,
      sq: 423,
      gq: 18_848,
    });
    expect(day.kpis.availability.value).toBeCloseTo(0.8881, 4);
    expect(day.kpis.performance.value).toBeCloseTo(0.8611, 4);
    expect(day.kpis.quality_ratio.value).toBeCloseTo(0.978, 4);
    expect(day.kpis.oee.value).toBeCloseTo(0.7479, 4);
    expect(day.kpis.oee).toMatchObject({ status: 'ok', n: 1, coverage: 1, sources: ['device'] });
    expect(day.formulaVersion).toBe(body.formulaVersion);
    // The machine's own row says the same.
    const m = await kpisOf(`from=${OEE_DAY}&to=${OEE_DAY}&machine=m1`);
    expect(m.periods[0].kpis.oee.value).toBeCloseTo(0.7479, 4);
    // The stop is listed for classification.
    const stops = await get(app, world.tokens.owner, `/api/v1/workshops/ws-a/stops?from=${OEE_DAY}&to=${OEE_DAY}`);
    expect(stops.body.stops).toEqual([
      expect.objectContaining({
        machineId: 'm1',
        startMs: kst(`${OEE_DAY} 07:00`),
        endMs: kst(`${OEE_DAY} 07:47`),
        reason: null,
      }),
    ]);
  });

  it('moves the stop into setup time when the owner classifies it later', async () => {
    const res = await send(app, world.tokens.owner, 'PUT', '/api/v1/workshops/ws-a/stops/reason', {
      machineId: 'm1',
      startMs: kst(`${OEE_DAY} 07:00`),
      endMs: kst(`${OEE_DAY} 07:47`),
      reason: 'setup',
    });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    expect((await kpisOf(`from=${OEE_DAY}&to=${OEE_DAY}`)).pendingDays).toEqual([OEE_DAY]);
    await engine.settle();
    const [day] = (await kpisOf(`from=${OEE_DAY}&to=${OEE_DAY}`)).periods;
    expect(day.elements).toMatchObject({ asut_s: 2_820, adet_s: 0, stops: 1, stops_classified: 1 });
    // NEE counts setup as used time, OEE does not.
    expect(day.kpis.nee.value).toBeGreaterThan(day.kpis.oee_iso.value);
  });

  it('splits a night shift across midnight by KST day, and sums it whole at shift granularity', async () => {
    // Friday 2026-03-06 22:00 → Saturday 06:00.
    await push((b) => {
      b.heartbeats(kst('2026-03-06 21:50'), kst('2026-03-07 06:00'));
      b.state(kst('2026-03-06 21:55'), 'm1', 'running');
      b.state(kst('2026-03-07 06:00'), 'm1', 'off');
    });
    await engine.settle();
    const saturday = await kpisOf('from=2026-03-07&to=2026-03-07');
    expect(saturday.periods[0].elements).toMatchObject({ pbt_s: 6 * 3600, apt_s: 6 * 3600, no_data_s: 0 });
    const shifts = await kpisOf('from=2026-03-06&to=2026-03-06&granularity=shift');
    expect(shifts.periods.map((p: { period: string }) => p.period)).toEqual(['2026-03-06#0', '2026-03-06#1']);
    expect(shifts.periods[1].elements).toMatchObject({ pbt_s: 8 * 3600, apt_s: 8 * 3600, no_data_s: 0 });
  });

  it('plans nothing on a public holiday (3·1절 substitute day, 2026-03-02)', async () => {
    await push((b) => {
      b.heartbeats(kst('2026-03-02 07:00'), kst('2026-03-02 10:00'));
      b.state(kst('2026-03-02 07:00'), 'm1', 'running').state(kst('2026-03-02 10:00'), 'm1', 'off');
    });
    await engine.settle();
    const [day] = (await kpisOf('from=2026-03-02&to=2026-03-02')).periods;
    expect(day.elements.pbt_s).toBe(0);
    expect(day.elements.unplanned_apt_s).toBe(3 * 3600);
    expect(day.kpis.availability.status).toBe('not_defined');
  });

  it('counts a silent agent as no data and reports the day as insufficient, not as downtime', async () => {
    // Thursday 2026-03-05: heard 06:00–08:00 only; the machine idles.
    await push((b) => {
      b.heartbeats(kst('2026-03-05 06:00'), kst('2026-03-05 08:00'));
      b.state(kst('2026-03-05 06:00'), 'm1', 'idle');
    });
    await engine.settle();
    const [day] = (await kpisOf('from=2026-03-05&to=2026-03-05')).periods;
    // Heard until 07:59, offline from 08:04.
    expect(day.elements.no_data_s).toBe(25_200 - (2 * 3600 + 4 * 60));
    expect(day.elements.adet_s).toBe(0);
    expect(day.kpis.availability).toMatchObject({ status: 'insufficient_data', value: null });
    expect(day.kpis.availability.coverage).toBeCloseTo(7_440 / 25_200, 6);
  });

  it('recomputes yesterday and the days after it when a late backlog arrives', async () => {
    const before = (await kpisOf('from=2026-03-05&to=2026-03-06')).periods;
    // The agent was offline; its backlog says the machine ran from 08:30 on the 5th, heard throughout.
    await push((b) => {
      b.heartbeats(kst('2026-03-05 08:00'), kst('2026-03-06 21:50'));
      b.state(kst('2026-03-05 08:30'), 'm1', 'running');
    });
    await engine.settle();
    const after = (await kpisOf('from=2026-03-05&to=2026-03-06')).periods;
    expect(before[0].elements.apt_s).toBe(0);
    // 08:30–14:00 less the three breaks (60 min); idle without an order before it.
    expect(after[0].elements).toMatchObject({ apt_s: 270 * 60, adot_s: 150 * 60, no_data_s: 0 });
    // Friday: running carried over from Thursday through the whole day shift.
    expect(before[1].elements.apt_s).toBe(2 * 3600);
    expect(after[1].period).toBe('2026-03-06');
    expect(after[1].elements).toMatchObject({ apt_s: 420 * 60 + 2 * 3600, no_data_s: 0 });
  });

  it('computes the next day again when a late reading changes what it inherits', async () => {
    const before = (await kpisOf('from=2026-03-07&to=2026-03-07')).periods[0].elements;
    expect(before).toMatchObject({ apt_s: 6 * 3600, adet_s: 0 });
    // One late reading on Friday night: the machine broke at 23:59 and stayed broken.
    await push((b) => b.state(kst('2026-03-06 23:59'), 'm1', 'fault'));
    expect((await kpisOf('from=2026-03-06&to=2026-03-07')).pendingDays).toEqual(['2026-03-06']);
    await engine.settle();
    const after = (await kpisOf('from=2026-03-07&to=2026-03-07')).periods[0].elements;
    expect(after).toMatchObject({ apt_s: 0, adet_s: 6 * 3600 });
  });

  it('marks every day a gap reading says was lost, not only the day it was sent', async () => {
    await engine.settle();
    await push((b) => b.gap(kst('2026-03-07 09:00'), kst('2026-03-04 23:00'), kst('2026-03-06 01:00')));
    expect((await kpisOf('from=2026-03-01&to=2026-03-07')).pendingDays).toEqual([
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
    ]);
    await engine.settle();
  });

  it('counts scrap and rework scanned at the machine', async () => {
    await push((b) => {
      b.scan(kst('2026-03-07 10:00'), 'scanner-1', 'scrap', 'D-01');
      b.scan(kst('2026-03-07 10:01'), 'scanner-1', 'rework', 'D-02', { qty: '3' });
    });
    await engine.settle();
    const [day] = (await kpisOf('from=2026-03-07&to=2026-03-07&machine=m1')).periods;
    expect(day.elements).toMatchObject({ sq: 1, rq: 3 });
    expect(day.elements.qty_sources).toEqual(['scan']);
  });

  it('keeps manual entries apart, labelled with who entered them', async () => {
    const res = await send(app, world.tokens.owner, 'POST', '/api/v1/workshops/ws-a/manual-entries', {
      day: '2026-03-05',
      workerId: 'W-LEE',
      pq: 120,
      sq: 4,
      rq: 2,
      workS: 8 * 3600,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.enteredBy).toBe(world.users.owner.id);
    await engine.settle();
    const manual = await kpisOf('from=2026-03-05&to=2026-03-05&source=manual');
    expect(manual.periods[0].origins).toEqual(['manual']);
    expect(manual.periods[0].elements).toMatchObject({ pq: 120, gq: 114, apat_s: 8 * 3600, qty_sources: ['manual'] });
    expect(manual.periods[0].kpis.labour_productivity).toMatchObject({
      status: 'ok',
      sources: ['manual'],
      coverage: null,
    });
    expect(manual.periods[0].kpis.labour_productivity.value).toBeCloseTo(114 / 8, 6);
    const device = await kpisOf('from=2026-03-05&to=2026-03-05&source=device');
    expect(device.periods[0].origins).toEqual(['device']);
    expect(device.periods[0].elements.pq).toBe(0);
    const all = await kpisOf('from=2026-03-05&to=2026-03-05');
    expect(all.periods[0].origins).toEqual(['device', 'manual']);
    expect(all.periods[0].kpis.quality_ratio.sources).toEqual(['manual']);
    const byWorker = await kpisOf('from=2026-03-05&to=2026-03-05&worker=W-LEE');
    expect(byWorker.periods[0].elements.pq).toBe(120);
  });

  it('gives each role only what it may see', async () => {
    expect((await get(app, world.tokens.owner, '/api/v1/workshops/ws-a/kpis')).status).toBe(200);
    expect((await get(app, world.tokens.owner, '/api/v1/workshops/ws-b/kpis')).status).toBe(404);
    expect((await get(app, world.tokens.technician, '/api/v1/workshops/ws-b/kpis')).status).toBe(404);
    expect((await get(app, world.tokens.owner, '/api/v1/programme/kpis')).status).toBe(403);
    expect((await get(app, world.tokens.technician, '/api/v1/programme/kpis')).status).toBe(403);
    const programme = await get(app, world.tokens.evaluator, '/api/v1/programme/kpis?from=2026-03-01&to=2026-03-07');
    expect(programme.status).toBe(200);
    expect(programme.body.workshops.map((w: { id: string }) => w.id)).toEqual(['ws-a', 'ws-b']);
    expect(programme.body.byIndustry.find((g: { key: string }) => g.key === 'printing').workshops).toBe(1);
    // Too few peers of the same industry: the owner sees no median.
    const own = await kpisOf('from=2026-03-01&to=2026-03-07&peers=true', world.tokens.owner);
    expect((await kpisOf('from=2026-03-01&to=2026-03-07', world.tokens.owner)).peers).toBeNull();
    expect(own.peers.medians.oee).toEqual({ value: null, n: 0, withheld: true });
    const anon = await app.inject({ method: 'GET', url: '/api/v1/workshops/ws-a/kpis' });
    expect(anon.statusCode).toBe(401);
  });

  it('exports the KPIs as CSV with formulas neutralised', async () => {
    const csv = await get(
      app,
      world.tokens.evaluator,
      `/api/v1/workshops/ws-a/kpis?from=${OEE_DAY}&to=${OEE_DAY}&format=csv`,
    );
    expect(csv.status).toBe(200);
    const [header, line] = String(csv.body).trim().split('\n');
    expect(header).toContain('availability,availability_status,availability_n,availability_coverage');
    expect(line).toContain(OEE_DAY);
  });

  it('stores exactly what a recomputation from the raw readings gives', async () => {
    // More readings in random order over several days, including late ones for earlier days.
    const rnd = seeded(dialect === 'sqlite' ? 7 : 11);
    const extra = new ReadingBuilder();
    const states = ['running', 'idle', 'fault', 'setup', 'off', 'unknown'] as const;
    for (const day of ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07']) {
      for (let k = 0; k < 40; k++) {
        const t = kst(`${day} 00:00`) + Math.floor(rnd() * 86_400_000);
        if (t > NOW) continue;
        const x = rnd();
        if (x < 0.4)
          extra.state(
            t,
            rnd() < 0.7 ? 'm1' : 'm2',
            states[Math.floor(rnd() * states.length)] as (typeof states)[number],
          );
        else if (x < 0.6) extra.count(t, 'm1', 'pieces', 1 + Math.floor(rnd() * 20));
        else if (x < 0.7) extra.scan(t, 'scanner-1', 'work_order', `WO-${Math.floor(rnd() * 3)}`);
        else if (x < 0.8) extra.scan(t, 'scanner-1', 'badge', `W-${Math.floor(rnd() * 2)}`);
        else if (x < 0.85) extra.scan(t, 'scanner-1', 'stop_reason', 'breakdown');
        else extra.heartbeats(t, t + 3_600_000 * rnd(), 60_000);
      }
    }
    const readings = extra.readings.filter((r) => r.ts <= NOW).map((r, i) => ({ ...r, seq: 1_000_000 + i }));
    // Day by day in a random order (late days after later ones were computed), shuffled within a day.
    const byDay = new Map<string, Reading[]>();
    for (const r of readings) {
      const day = new Date(r.ts + 9 * 3_600_000).toISOString().slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), r as Reading]);
    }
    const days = [...byDay.keys()].sort(() => rnd() - 0.5);
    for (const day of days) {
      const list = (byDay.get(day) ?? []).sort(() => rnd() - 0.5);
      for (let k = 0; k < list.length; k += 25) {
        await ingest(app, 'agent-a', world.agentTokens.a, list.slice(k, k + 25), NOW);
      }
      await engine.runOnce();
    }
    await engine.settle();
    const kept = await snapshot(registry, 'ws-a');
    await engine.recompute('ws-a', '2026-03-02', '2026-03-07');
    const recomputed = await snapshot(registry, 'ws-a');
    expect(recomputed.rows.length).toBeGreaterThan(100);
    expect(recomputed).toEqual(kept);
  });
});
