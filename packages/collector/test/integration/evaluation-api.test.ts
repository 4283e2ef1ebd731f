import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import type { KpiEngine } from '../../src/metrics/index.js';
import { addDays } from '../../src/metrics/index.js';
import { kst } from '../support/metrics-readings.js';
import { buildKpiApp, get } from './kpi-fixtures.js';
import { seed, startTestRegistry } from './registry-fixtures.js';

const FIRST_DAY = '2025-12-01'; // a Monday
const WEEKS = 10;
const EFFECT = 5; // good pieces per worker-hour

/**
 * Eight printers keep a paper log: their labour productivity is their own level plus a common
 * weekly trend, and +5 pieces per worker-hour from the week they enter stage 1. Four enter it
 * (two in week 4, two in week 7), four never do: the effect must come out exactly.
 */
const SHOPS = [
  { id: 'p-a', level: 20, enters: 3 },
  { id: 'p-b', level: 26, enters: 3 },
  { id: 'p-c', level: 31, enters: 6 },
  { id: 'p-d', level: 18, enters: 6 },
  { id: 'p-e', level: 22, enters: null },
  { id: 'p-f', level: 28, enters: null },
  { id: 'p-g', level: 24, enters: null },
  { id: 'ws-a', level: 30, enters: null },
];

describe('GET /api/v1/evaluation on weekly panels from the KPI rollups', () => {
  let registry: Registry;
  let closeRegistry: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildKpiApp>>['app'];
  let engine: KpiEngine;
  let closeApp: () => Promise<void>;
  let world: Awaited<ReturnType<typeof seed>>;
  const query = `transition=0-1&outcome=labour_productivity&log=false&from=${FIRST_DAY}&to=${addDays(FIRST_DAY, WEEKS * 7 - 1)}`;

  beforeAll(async () => {
    ({ registry, close: closeRegistry } = await startTestRegistry('sqlite'));
    world = await seed(registry);
    ({ app, engine, close: closeApp } = await buildKpiApp(registry, kst('2026-03-02 12:00')));
    for (const s of SHOPS) {
      if (s.id !== 'ws-a') {
        await registry.workshops.create({
          id: s.id,
          nameKo: s.id,
          nameEn: s.id,
          industry: 'printing',
          cluster: 'Euljiro',
          headcount: 1,
        });
      }
      await registry.workshops.setStage(s.id, { stage: 0, startedOn: '2025-06-01', level: 'ict_none' });
      if (s.enters !== null) {
        await registry.workshops.setStage(s.id, {
          stage: 1,
          startedOn: addDays(FIRST_DAY, s.enters * 7),
          level: 'basic',
        });
      }
      for (let w = 0; w < WEEKS; w++) {
        for (let d = 0; d < 5; d++) {
          const perHour = s.level + 0.5 * w + (s.enters !== null && w >= s.enters ? EFFECT : 0);
          await registry.manualEntries.add(
            s.id,
            { day: addDays(FIRST_DAY, w * 7 + d), pq: perHour * 8, workS: 8 * 3600 },
            world.users.admin.id,
          );
        }
      }
    }
    await engine.settle();
  }, 120_000);
  afterAll(async () => {
    await closeApp?.();
    await closeRegistry?.();
  });

  it('recovers the known effect with N treated and N comparison beside it', async () => {
    const res = await get(app, world.tokens.evaluator, `/api/v1/evaluation?${query}&bootstrap=199&seed=7`);
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    const b = res.body;
    expect(b.panel).toMatchObject({ workshops: 8, treated: 4, rows: 80, observed: 80 });
    expect(b.reason).toBeNull();
    const simple = b.evaluation.aggregates.simple.overall;
    expect(simple.att).toBeCloseTo(EFFECT, 9);
    expect(simple.nTreated).toBe(4);
    // Not-yet-treated: the cells of the late cohort compare with the 4 never treated only.
    expect(simple).toMatchObject({ nControlMin: 4, nControlMax: 6 });
    const dynamic = b.evaluation.aggregates.dynamic;
    expect(
      dynamic.terms.filter((t: { key: number }) => t.key < 0).every((t: { att: number }) => Math.abs(t.att) < 1e-9),
    ).toBe(true);
    const cell = b.evaluation.attgt.find((c: { post: boolean; estimable: boolean }) => c.post && c.estimable);
    expect(cell.nTreated).toBe(2);
    expect(cell.nControl).toBeGreaterThanOrEqual(4);
    expect(b.weeks[String(cell.group)]).toMatch(/^2025-12-22|^2026-01-12/);
    expect(b.evaluation.settings).toMatchObject({
      control: 'not-yet',
      base: 'varying',
      bootstrap: { draws: 199, seed: 7 },
    });
    expect(b.evaluation.estimatorVersion).toMatch(/^cs2021-did\//);
    expect(b.formulaVersion).toMatch(/^iso22400-2\//);
  });

  it('answers a repeated request from memory until the rollups change', async () => {
    const first = await get(app, world.tokens.admin, `/api/v1/evaluation?${query}&bootstrap=0`);
    const again = await get(app, world.tokens.admin, `/api/v1/evaluation?${query}&bootstrap=0`);
    expect([first.body.cached, again.body.cached]).toEqual([false, true]);
    await registry.manualEntries.add('p-e', { day: addDays(FIRST_DAY, 1), pq: 1, workS: 3600 }, world.users.admin.id);
    await engine.settle();
    const after = await get(app, world.tokens.admin, `/api/v1/evaluation?${query}&bootstrap=0`);
    expect(after.body.cached).toBe(false);
    expect(after.body.dataVersion).not.toBe(first.body.dataVersion);
  });

  it('gives the ATT(g,t) table as CSV', async () => {
    const res = await get(app, world.tokens.evaluator, `/api/v1/evaluation?${query}&bootstrap=0&format=csv`);
    expect(res.status).toBe(200);
    const lines = String(res.body).trim().split('\n');
    expect(lines[0]).toBe('group,time,event,att,se,lower,upper,n_treated,n_control,estimable,reason');
    expect(lines.length).toBeGreaterThan(10);
  });

  it('shows an owner only the descriptive before/after of their own workshop', async () => {
    expect((await get(app, world.tokens.owner, `/api/v1/evaluation?${query}`)).status).toBe(403);
    expect((await get(app, world.tokens.owner, '/api/v1/workshops/p-a/evaluation/descriptive')).status).toBe(404);
    const own = await get(app, world.tokens.owner, '/api/v1/workshops/ws-a/evaluation/descriptive?transition=0-1');
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ kind: 'descriptive', trend: null, reason: 'has not entered stage 1' });
    const treated = await get(
      app,
      world.tokens.evaluator,
      '/api/v1/workshops/p-a/evaluation/descriptive?transition=0-1&outcome=labour_productivity',
    );
    expect(treated.body.kind).toBe('descriptive');
    expect(treated.body.note.en).toMatch(/does not tell the effect/);
    expect(treated.body.trend.levelChange.estimate).toBeCloseTo(EFFECT, 6);
    expect(treated.body.breakWeek).toBe('2025-12-22');
  });

  it('says why when nobody entered the stage in the window', async () => {
    const res = await get(
      app,
      world.tokens.evaluator,
      `/api/v1/evaluation?transition=1-2&outcome=labour_productivity&from=${FIRST_DAY}&to=2026-02-08&bootstrap=0`,
    );
    expect(res.status).toBe(200);
    expect(res.body.evaluation).toBeNull();
    expect(res.body.reason).toMatch(/no workshop entered stage 2/);
  });
});
