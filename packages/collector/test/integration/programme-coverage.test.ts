import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import type { KpiEngine } from '../../src/metrics/index.js';
import { kst, ReadingBuilder } from '../support/metrics-readings.js';
import { buildKpiApp, get, ingest } from './kpi-fixtures.js';
import { DIALECTS, seed, startTestRegistry } from './registry-fixtures.js';

const NOW = kst('2026-03-13 12:00'); // a Friday
const DAY = { start: '09:00', end: '18:00', breaks: [] };
const WEEK = { mon: DAY, tue: DAY, wed: DAY, thu: DAY, fri: DAY };

/**
 * The evaluator's coverage heatmap reads the week rollups: ws-a's agent was heard for a third of
 * one planned day, ws-b keeps a paper log, and a third workshop has nothing at all.
 */
describe.each(DIALECTS)('GET /api/v1/programme/coverage and the paged programme view on %s', (dialect) => {
  let registry: Registry;
  let closeRegistry: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildKpiApp>>['app'];
  let engine: KpiEngine;
  let closeApp: () => Promise<void>;
  let world: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    ({ registry, close: closeRegistry } = await startTestRegistry(dialect));
    world = await seed(registry);
    ({ app, engine, close: closeApp } = await buildKpiApp(registry, NOW));
    await registry.workshops.create({
      id: 'ws-c',
      nameKo: '문래 금속',
      nameEn: 'Mullae Metal',
      industry: 'machinery_metal',
      cluster: 'Mullae',
      headcount: 3,
    });
    await registry.workshops.setStage('ws-a', { stage: 1, startedOn: '2026-01-05', level: 'basic' });
    // ws-a: Monday 2026-03-09, 9 h planned, the agent heard 09:00–12:00 only.
    await registry.calendars.set('ws-a', { weekly: WEEK });
    await registry.machines.put('ws-a', { id: 'm1', name: 'Press 1', defaultPruS: 10, counts: [] });
    const a = new ReadingBuilder();
    a.heartbeats(kst('2026-03-09 09:00'), kst('2026-03-09 12:00'));
    a.state(kst('2026-03-09 09:00'), 'm1', 'running');
    await ingest(app, 'agent-a', world.agentTokens.a, a.readings, NOW);
    // ws-b: a paper log in the week before.
    await registry.manualEntries.add('ws-b', { day: '2026-03-03', pq: 40, workS: 8 * 3600 }, world.users.admin.id);
    await engine.settle();
  }, 60_000);
  afterAll(async () => {
    await closeApp?.();
    await closeRegistry?.();
  });

  it('gives every workshop a row and every ISO week a column, with coverage, manual weeks and empty ones', async () => {
    const res = await get(app, world.tokens.evaluator, '/api/v1/programme/coverage?from=2026-02-25&to=2026-03-13');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const b = res.body;
    expect(b.weeks).toEqual(['2026-02-23', '2026-03-02', '2026-03-09']);
    expect(b.coverageThreshold).toBe(0.8);
    // Sorted by industry: handmade_shoes, machinery_metal, printing.
    expect(b.workshops.map((w: { id: string }) => w.id)).toEqual(['ws-b', 'ws-c', 'ws-a']);
    expect(b.workshops[2]).toMatchObject({ industry: 'printing', cluster: 'Euljiro', stage: 1 });
    const row = (id: string) => b.cells[b.workshops.findIndex((w: { id: string }) => w.id === id)];
    expect(row('ws-b')).toEqual([null, 'manual', null]);
    expect(row('ws-c')).toEqual([null, null, null]);
    // The week of 03-09 so far: Monday to Friday planned (the collector's clock is Friday noon);
    // heard 3 h of it. A gap is "no data", not downtime, so coverage is below 1.
    const week = row('ws-a')[2];
    expect(typeof week).toBe('number');
    expect(week).toBeGreaterThan(0);
    expect(week).toBeLessThan(0.5);
    expect(row('ws-a').slice(0, 2)).toEqual([null, null]);
  });

  it('reads a week again when its rollup changes, although week rows are kept between requests', async () => {
    const url = '/api/v1/programme/coverage?from=2026-03-02&to=2026-03-13';
    const before = await get(app, world.tokens.evaluator, url);
    const row = (b: typeof before.body, id: string) =>
      b.cells[b.workshops.findIndex((w: { id: string }) => w.id === id)];
    expect(row(before.body, 'ws-c')).toEqual([null, null]);
    await registry.manualEntries.add('ws-c', { day: '2026-03-10', pq: 5, workS: 3600 }, world.users.admin.id);
    await engine.settle();
    const after = await get(app, world.tokens.evaluator, url);
    expect(row(after.body, 'ws-c')).toEqual([null, 'manual']);
    expect(row(after.body, 'ws-a')).toEqual(row(before.body, 'ws-a'));
  });

  it('defaults to the 52 weeks up to today and refuses a range too long or upside down', async () => {
    const res = await get(app, world.tokens.admin, '/api/v1/programme/coverage');
    expect(res.status).toBe(200);
    expect(res.body.weeks).toHaveLength(52);
    expect(res.body.weeks.at(-1)).toBe('2026-03-09');
    expect(
      (await get(app, world.tokens.admin, '/api/v1/programme/coverage?from=2020-01-01&to=2026-03-13')).status,
    ).toBe(400);
    expect(
      (await get(app, world.tokens.admin, '/api/v1/programme/coverage?from=2026-03-13&to=2026-03-01')).status,
    ).toBe(400);
    expect((await get(app, world.tokens.admin, '/api/v1/programme/coverage?from=2026-13-01')).status).toBe(400);
    expect((await get(app, world.tokens.admin, '/api/v1/programme/coverage?workshop=ws-a')).status).toBe(400);
  });

  it('is for the programme roles only: owners and technicians get 403, nobody 401', async () => {
    expect((await get(app, world.tokens.owner, '/api/v1/programme/coverage')).status).toBe(403);
    expect((await get(app, world.tokens.technician, '/api/v1/programme/coverage')).status).toBe(403);
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/programme/coverage' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('pages the workshop rows of the programme view while the groups cover every workshop', async () => {
    const q = '/api/v1/programme/kpis?from=2026-03-02&to=2026-03-13';
    const all = await get(app, world.tokens.evaluator, q);
    expect(all.body.page).toEqual({ offset: 0, limit: null, total: 3 });
    const page = await get(app, world.tokens.evaluator, `${q}&limit=1&offset=1`);
    expect(page.status).toBe(200);
    expect(page.body.page).toEqual({ offset: 1, limit: 1, total: 3 });
    expect(page.body.workshops.map((w: { id: string }) => w.id)).toEqual([all.body.workshops[1].id]);
    expect(page.body.byIndustry).toEqual(all.body.byIndustry);
    // Each group says how well its workshops are covered; hand entries alone have no coverage.
    const group = (key: string) => all.body.byIndustry.find((g: { key: string }) => g.key === key);
    expect(group('printing').coverage.n).toBe(1);
    expect(group('printing').coverage.median).toBeGreaterThan(0);
    expect(group('printing').coverage.median).toBeLessThan(0.5);
    expect(group('handmade_shoes').coverage).toEqual({ q1: null, median: null, q3: null, n: 0 });
    expect((await get(app, world.tokens.evaluator, `${q}&limit=0`)).status).toBe(400);
    expect((await get(app, world.tokens.evaluator, `${q}&offset=-1`)).status).toBe(400);
  });
});
