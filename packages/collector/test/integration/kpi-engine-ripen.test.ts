import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpiRegistryView } from '../../src/compose/kpis.js';
import type { Registry } from '../../src/compose/registry.js';
import { KpiEngine } from '../../src/metrics/index.js';
import type { SqliteStore } from '../../src/store/index.js';
import { kst } from '../support/metrics-readings.js';
import { seededRegistryAndStore } from './kpi-fixtures.js';

// In its loop the engine leaves a past day marked for `ripenMs` before computing it (a backfill
// marks a day with one batch and often again with the next), computes today at once, and keeps
// the days of a workshop in order: nothing of it after a day that is not ripe yet.
describe('the KPI engine lets freshly marked past days ripen', () => {
  let registry: Registry;
  let store: SqliteStore;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ registry, store, close } = await seededRegistryAndStore('sqlite', 'gongbang-kpi-ripen-'));
  });
  afterAll(async () => {
    await close?.();
  });

  it('computes today at once and a past day only when ripe or asked directly', async () => {
    const engine = new KpiEngine({
      db: () => registry.db,
      dialect: 'sqlite',
      store,
      view: kpiRegistryView(registry),
      log: pino({ level: 'silent' }) as never,
      intervalMs: 0,
      now: () => kst('2026-03-05 12:00'),
    });
    await engine.markDays('ws-a', ['2026-03-05']);
    await engine.markDays('ws-b', ['2026-03-03']);
    // Just marked: today is ripe, the past day waits.
    expect(await engine.runOnce({ ripenMs: 60_000 })).toBe(1);
    expect(await engine.rollups.dirtyDays('ws-b', '2026-03-01', '2026-03-05')).toEqual(['2026-03-03']);
    expect(await engine.rollups.dirtyDays('ws-a', '2026-03-01', '2026-03-05')).toEqual([]);
    // Days go in order: today waits behind an older day of the same workshop that is not ripe.
    await engine.markDays('ws-a', ['2026-03-02', '2026-03-05']);
    expect(await engine.runOnce({ ripenMs: 60_000 })).toBe(0);
    expect(await engine.rollups.dirtyDays('ws-a', '2026-03-01', '2026-03-05')).toEqual(['2026-03-02', '2026-03-05']);
    // Ripe once marked long enough ago.
    await new Promise((r) => setTimeout(r, 5));
    expect(await engine.runOnce({ ripenMs: 1 })).toBeGreaterThanOrEqual(3);
    expect(await engine.rollups.dirtyCount()).toBe(0);
    // Called directly (settle, tests, the CLI), nothing waits.
    await engine.markDays('ws-b', ['2026-03-02']);
    expect(await engine.runOnce()).toBeGreaterThanOrEqual(1);
    expect(await engine.rollups.dirtyCount()).toBe(0);
  });
});
