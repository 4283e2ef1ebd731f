import { waitFor } from '@gongbang/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import type { KpiEngine } from '../../src/metrics/index.js';
import { addDays } from '../../src/metrics/index.js';
import { kst } from '../support/metrics-readings.js';
import { PRINTERS_EFFECT, PRINTERS_FIRST_DAY, PRINTERS_QUERY, seedPrinters } from './evaluation-fixtures.js';
import { buildKpiApp, get } from './kpi-fixtures.js';
import { seed, startTestRegistry } from './registry-fixtures.js';

const FIRST_DAY = PRINTERS_FIRST_DAY;
const EFFECT = PRINTERS_EFFECT;

describe('GET /api/v1/evaluation on weekly panels from the KPI rollups', () => {
  let registry: Registry;
  let closeRegistry: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildKpiApp>>['app'];
  let engine: KpiEngine;
  let closeApp: () => Promise<void>;
  let world: Awaited<ReturnType<typeof seed>>;
  const query = PRINTERS_QUERY;

  beforeAll(async () => {
    ({ registry, close: closeRegistry } = await startTestRegistry('sqlite'));
    world = await seed(registry);
    ({ app, engine, close: closeApp } = await buildKpiApp(registry, kst('2026-03-02 12:00')));
    await seedPrinters(registry, world.users.admin.id);
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

  it('answers a repeated request from memory; after the rollups change, the last result marked stale, then the fresh one', async () => {
    const first = await get(app, world.tokens.admin, `/api/v1/evaluation?${query}&bootstrap=0`);
    const again = await get(app, world.tokens.admin, `/api/v1/evaluation?${query}&bootstrap=0`);
    expect([first.body.cached, again.body.cached]).toEqual([false, true]);
    expect([first.body.stale, again.body.stale]).toEqual([false, false]);
    await registry.manualEntries.add('p-e', { day: addDays(FIRST_DAY, 1), pq: 1, workS: 3600 }, world.users.admin.id);
    await engine.settle();
    const stale = await get(app, world.tokens.admin, `/api/v1/evaluation?${query}&bootstrap=0`);
    expect(stale.body).toMatchObject({
      cached: true,
      stale: true,
      dataVersion: first.body.dataVersion,
      computedAt: first.body.computedAt,
    });
    const fresh = await waitFor('the analysis of the current data', async () => {
      const r = await get(app, world.tokens.admin, `/api/v1/evaluation?${query}&bootstrap=0`);
      return r.body.stale === false ? r : null;
    });
    expect(fresh.body.dataVersion).not.toBe(first.body.dataVersion);
  });

  it('leaves the ATT(g,t) cells and their weights out with cells=false, keeping every aggregate, N, the settings and the pre-test', async () => {
    const url = `/api/v1/evaluation?${query}&bootstrap=99&seed=3`;
    const full = await get(app, world.tokens.evaluator, url);
    const small = await get(app, world.tokens.evaluator, `${url}&cells=false`);
    expect(small.status).toBe(200);
    expect(small.body.cached).toBe(true); // the same computation: cells only change what is sent
    expect(full.body.evaluation.attgt.length).toBeGreaterThan(10);
    expect(small.body.evaluation).not.toHaveProperty('attgt');
    // Every aggregation stays, each estimate without its per-cell weights (they name cells).
    type Estimate = { weights?: unknown[] };
    type Aggregate = { overall: Estimate; terms: Estimate[] } | null;
    const slim = ({ weights: _w, ...e }: Estimate) => e;
    const { attgt: _cells, aggregates, ...rest } = full.body.evaluation;
    expect(Object.values(aggregates as Record<string, Aggregate>).every((a) => a?.overall.weights?.length)).toBe(true);
    expect(small.body.evaluation).toEqual({
      ...rest,
      aggregates: Object.fromEntries(
        Object.entries(aggregates as Record<string, Aggregate>).map(([k, a]) => [
          k,
          a && { ...a, overall: slim(a.overall), terms: a.terms.map(slim) },
        ]),
      ),
    });
    expect(small.body.evaluation.aggregates.group.overall.termWeights.length).toBe(2);
    expect(small.body.evaluation.preTest).toEqual(full.body.evaluation.preTest);
    expect(small.body.evaluation.aggregates.simple.overall.att).toBeCloseTo(EFFECT, 9);
    expect(small.body.panel).toEqual(full.body.panel);
    expect(JSON.stringify(small.body).length).toBeLessThan(JSON.stringify(full.body).length);
  });

  it('gives the ATT(g,t) table as CSV', async () => {
    const res = await get(app, world.tokens.evaluator, `/api/v1/evaluation?${query}&bootstrap=0&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['x-evaluation-stale']).toBe('false');
    expect(res.headers['x-data-version']).toMatch(/^\d+@/);
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
