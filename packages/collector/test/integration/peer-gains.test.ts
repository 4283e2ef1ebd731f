import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import type { KpiEngine } from '../../src/metrics/index.js';
import { kst } from '../support/metrics-readings.js';
import { buildKpiApp, get } from './kpi-fixtures.js';
import { seed, startTestRegistry } from './registry-fixtures.js';

const BEFORE = '2026-01-20';
const AFTER = '2026-02-10';
const WINDOWS = `beforeFrom=${BEFORE}&beforeTo=${BEFORE}&afterFrom=${AFTER}&afterTo=${AFTER}`;

describe("an owner's gain beside the median gain of similar workshops", () => {
  let registry: Registry;
  let closeRegistry: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildKpiApp>>['app'];
  let engine: KpiEngine;
  let closeApp: () => Promise<void>;
  let world: Awaited<ReturnType<typeof seed>>;

  /** A day of the paper log: `pq` good pieces in 8 worker-hours. */
  const log = (id: string, day: string, pq: number) =>
    registry.manualEntries.add(id, { day, pq, workS: 8 * 3600 }, world.users.admin.id);

  async function printer(id: string, before: number, after: number) {
    await registry.workshops.create({
      id,
      nameKo: id,
      nameEn: id,
      industry: 'printing',
      cluster: 'Euljiro',
      headcount: 2,
    });
    await log(id, BEFORE, before);
    await log(id, AFTER, after);
  }

  const gains = async (token: string, query = '') => {
    await engine.settle();
    return get(app, token, `/api/v1/workshops/ws-a/peer-gains${query}`);
  };

  beforeAll(async () => {
    ({ registry, close: closeRegistry } = await startTestRegistry('sqlite'));
    world = await seed(registry);
    ({ app, engine, close: closeApp } = await buildKpiApp(registry, kst('2026-03-07 12:00')));
    // ws-a: 800 → 1,000 pieces a day, +25 %; a shoe workshop (ws-b) is no peer of a printer.
    await log('ws-a', BEFORE, 800);
    await log('ws-a', AFTER, 1000);
    await log('ws-b', BEFORE, 10);
    await log('ws-b', AFTER, 100);
    // Four printers: +10 %, +20 %, +30 %, +40 %.
    for (const [k, up] of [0.1, 0.2, 0.3, 0.4].entries()) await printer(`print-${k}`, 400, Math.round(400 * (1 + up)));
  });
  afterAll(async () => {
    await closeApp?.();
    await closeRegistry?.();
  });

  it('withholds the median while fewer than 5 of the industry contribute, and shows the own change', async () => {
    const res = await gains(world.tokens.owner, `?${WINDOWS}`);
    expect(res.status).toBe(200);
    expect(res.body.industry).toBe('printing');
    expect(res.body.windows).toEqual({ before: { from: BEFORE, to: BEFORE }, after: { from: AFTER, to: AFTER } });
    const lp = res.body.kpis.labour_productivity;
    expect(lp.own.before).toBe(100);
    expect(lp.own.after).toBe(125);
    expect(lp.own.change).toBeCloseTo(0.25, 12);
    expect(lp.peers).toEqual({ median: null, n: 4, withheld: true });
  });

  it('gives the median change of the five others once they contribute', async () => {
    await printer('print-4', 400, 600);
    const res = await gains(world.tokens.owner, `?${WINDOWS}`);
    const lp = res.body.kpis.labour_productivity;
    // +10 %, +20 %, +30 %, +40 %, +50 %: the median is +30 %; ws-b and ws-a itself are not counted.
    expect(lp.peers.n).toBe(5);
    expect(lp.peers.withheld).toBe(false);
    expect(lp.peers.median).toBeCloseTo(0.3, 12);
    expect(res.body.formulaVersion).toMatch(/^iso22400-2\//);
  });

  it('takes the 8 weeks either side of the latest stage start by default, and says when there is none', async () => {
    expect((await gains(world.tokens.owner)).body).toMatchObject({
      reason: 'no_stage_start',
      windows: null,
      kpis: null,
    });
    await registry.workshops.setStage('ws-a', { stage: 1, startedOn: '2026-02-02', level: 'basic' });
    const res = await gains(world.tokens.owner);
    expect(res.body.stage).toEqual({ stage: 1, startedOn: '2026-02-02' });
    expect(res.body.windows).toEqual({
      before: { from: '2025-12-08', to: '2026-02-01' },
      after: { from: '2026-02-02', to: '2026-03-06' },
    });
    await registry.workshops.setStage('ws-a', { stage: 2, startedOn: '2026-03-04', level: 'intermediate1' });
    expect((await gains(world.tokens.owner)).body).toMatchObject({ reason: 'stage_too_recent', windows: null });
  });

  it('refuses half-given or crossed windows, and another workshop’s owner', async () => {
    const half = await gains(world.tokens.owner, `?beforeFrom=${BEFORE}`);
    expect(half.status).toBe(400);
    const crossed = await gains(
      world.tokens.owner,
      `?beforeFrom=${AFTER}&beforeTo=${AFTER}&afterFrom=${BEFORE}&afterTo=${BEFORE}`,
    );
    expect(crossed.status).toBe(400);
    const other = await get(app, world.tokens.owner, `/api/v1/workshops/ws-b/peer-gains?${WINDOWS}`);
    expect([403, 404]).toContain(other.status);
    expect(JSON.stringify(other.body)).not.toContain('labour_productivity');
    const encoded = await get(app, world.tokens.owner, `/api/v1/workshops/ws%2Db/peer-gains?${WINDOWS}`);
    expect([403, 404]).toContain(encoded.status);
  });
});
