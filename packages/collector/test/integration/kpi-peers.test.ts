import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import type { KpiEngine } from '../../src/metrics/index.js';
import { kst } from '../support/metrics-readings.js';
import { buildKpiApp, get } from './kpi-fixtures.js';
import { seed, startTestRegistry } from './registry-fixtures.js';

const DAY = '2026-03-04';

describe('the anonymous median of similar workshops', () => {
  let registry: Registry;
  let closeRegistry: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildKpiApp>>['app'];
  let engine: KpiEngine;
  let closeApp: () => Promise<void>;
  let world: Awaited<ReturnType<typeof seed>>;

  /** A printing workshop whose paper log says `pq` good pieces in 8 hours. */
  async function printer(id: string, pq: number) {
    await registry.workshops.create({
      id,
      nameKo: id,
      nameEn: id,
      industry: 'printing',
      cluster: 'Euljiro',
      headcount: 2,
    });
    await registry.manualEntries.add(id, { day: DAY, pq, workS: 8 * 3600 }, world.users.admin.id);
  }

  beforeAll(async () => {
    ({ registry, close: closeRegistry } = await startTestRegistry('sqlite'));
    world = await seed(registry);
    ({ app, engine, close: closeApp } = await buildKpiApp(registry, kst('2026-03-07 12:00')));
    await registry.manualEntries.add('ws-a', { day: DAY, pq: 800, workS: 8 * 3600 }, world.users.admin.id);
    // A shoe workshop is not a peer of a printer.
    await registry.manualEntries.add('ws-b', { day: DAY, pq: 10, workS: 8 * 3600 }, world.users.admin.id);
    for (const [k, pq] of [80, 160, 240, 320].entries()) await printer(`print-${k}`, pq);
  });
  afterAll(async () => {
    await closeApp?.();
    await closeRegistry?.();
  });

  const peers = async () => {
    await engine.settle();
    const res = await get(app, world.tokens.owner, `/api/v1/workshops/ws-a/kpis?from=${DAY}&to=${DAY}&peers=true`);
    expect(res.status).toBe(200);
    return res.body.peers;
  };

  it('withholds it while fewer than 5 other workshops of the industry contribute', async () => {
    const p = await peers();
    expect(p.industry).toBe('printing');
    expect(p.medians.labour_productivity).toEqual({ value: null, n: 4, withheld: true });
  });

  it('shows it once 5 contribute, without the owner’s own workshop', async () => {
    await printer('print-4', 400);
    const p = await peers();
    // Good pieces per worker-hour of the five others: 10, 20, 30, 40, 50.
    expect(p.medians.labour_productivity).toEqual({ value: 30, n: 5, withheld: false });
    // The owner still cannot read the programme view itself.
    expect((await get(app, world.tokens.owner, '/api/v1/programme/kpis')).status).toBe(403);
    const programme = await get(app, world.tokens.evaluator, `/api/v1/programme/kpis?from=${DAY}&to=${DAY}`);
    const printing = programme.body.byIndustry.find((g: { key: string }) => g.key === 'printing');
    expect(printing.workshops).toBe(6);
    expect(printing.kpis.labour_productivity).toEqual({ q1: 22.5, median: 35, q3: 47.5, n: 6 });
  });

  it('reads a changed day again although the earlier sums are kept between requests', async () => {
    const view = async () => {
      await engine.settle();
      const res = await get(app, world.tokens.evaluator, `/api/v1/programme/kpis?from=2026-03-01&to=${DAY}`);
      return res.body.workshops.find((w: { id: string }) => w.id === 'print-0').figures.elements.pq;
    };
    expect(await view()).toBe(80);
    expect(await view()).toBe(80);
    await registry.manualEntries.add('print-0', { day: DAY, pq: 20, workS: 3600 }, world.users.admin.id);
    expect(await view()).toBe(100);
  });
});
