import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpiRegistryView } from '../../src/compose/kpis.js';
import type { Registry } from '../../src/compose/registry.js';
import { KpiEngine } from '../../src/metrics/index.js';
import type { SqliteStore } from '../../src/store/index.js';
import { kst } from '../support/metrics-readings.js';
import { seededRegistryAndStore } from './kpi-fixtures.js';

describe('a KPI day that cannot be computed', () => {
  let registry: Registry;
  let store: SqliteStore;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ registry, store, close } = await seededRegistryAndStore('sqlite', 'gongbang-kpi-fail-'));
  });
  afterAll(async () => {
    await close?.();
  });

  it('stays marked and is logged, while the other workshops are computed, and settle() says so instead of spinning', async () => {
    const view = kpiRegistryView(registry);
    const errors: unknown[] = [];
    const engine = new KpiEngine({
      db: () => registry.db,
      dialect: 'sqlite',
      store,
      // ws-b's machines cannot be read (a broken registry row, say).
      view: {
        ...view,
        machines: async (id) => {
          if (id === 'ws-b') throw new Error('machines of ws-b unreadable');
          return view.machines(id);
        },
      },
      log: pino({ level: 'error' }, { write: (line: string) => errors.push(JSON.parse(line)) }) as never,
      intervalMs: 0,
      now: () => kst('2026-03-05 12:00'),
    });
    await engine.markDays('ws-a', ['2026-03-04']);
    await engine.markDays('ws-b', ['2026-03-04']);
    // ws-a's day, and the next one its first carry is handed to; ws-b's day fails.
    expect(await engine.runOnce()).toBe(2);
    expect(await engine.rollups.dirtyDays('ws-b', '2026-03-04', '2026-03-04')).toEqual(['2026-03-04']);
    expect(await engine.rollups.dirtyDays('ws-a', '2026-03-04', '2026-03-04')).toEqual([]);
    expect(errors).toContainEqual(
      expect.objectContaining({ workshopId: 'ws-b', day: '2026-03-04', msg: expect.stringMatching(/stays marked/) }),
    );
    await expect(engine.settle()).rejects.toThrow(/1 marked day\(s\) keep failing/);
  });
});
