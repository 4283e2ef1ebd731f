import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpiRegistryView } from '../../src/compose/kpis.js';
import type { Registry } from '../../src/compose/registry.js';
import { KpiEngine } from '../../src/metrics/index.js';
import type { SqliteStore } from '../../src/store/index.js';
import { kst } from '../support/metrics-readings.js';
import { seededRegistryAndStore } from './kpi-fixtures.js';

// On PostgreSQL the engine computes a workshop's days inside a transaction that holds the
// advisory lock and the days' claims. Ingests marking the same days meanwhile wait on those
// claims, each holding a connection of the pool (4 in tests). If the engine then read the
// registry through the pool, it would wait for a connection those ingests hold, and they for
// its commit: a deadlock no server can see. The engine reads on its own transaction instead.
describe('the KPI engine and ingests marking the days it computes (PostgreSQL, pool of 4)', () => {
  let registry: Registry;
  let location: { kind: string; url?: string };
  let store: SqliteStore;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ registry, store, close, location } = await seededRegistryAndStore('postgres', 'gongbang-kpi-pool-'));
  }, 60_000);
  afterAll(async () => {
    await close?.();
  });

  it('finishes while every other connection of the pool waits on its claims', async () => {
    const view = kpiRegistryView(registry);
    const days = ['2026-03-02', '2026-03-03', '2026-03-04'];
    const watcher = new pg.Client({ connectionString: location.url });
    await watcher.connect();
    let marks: Promise<unknown>[] = [];
    const engine = new KpiEngine({
      db: () => registry.db,
      dialect: 'postgres',
      store,
      view: {
        ...view,
        // While the engine holds its claims: three ingests mark the same days (the pool's
        // other three connections), and the engine's next registry read waits until they wait.
        reasons: async (id, fromMs, toMs, db) => {
          if (marks.length === 0) {
            marks = [0, 1, 2].map(() => engine.rollups.markDirty('ws-a', days));
            const deadline = Date.now() + 10_000;
            for (;;) {
              const r = await watcher.query(
                "select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like 'insert into \"kpi_dirty\"%'",
              );
              if (r.rows[0].n >= 3) break;
              if (Date.now() > deadline) throw new Error('the three marks never waited on the claims');
              await new Promise((res) => setTimeout(res, 20));
            }
          }
          return view.reasons(id, fromMs, toMs, db);
        },
      },
      log: pino({ level: 'silent' }) as never,
      intervalMs: 0,
      now: () => kst('2026-03-05 12:00'),
    });
    try {
      await engine.markDays('ws-a', days);
      const outcome = await Promise.race([
        engine.runOnce().then((n) => ({ computed: n })),
        new Promise<{ stuck: true }>((res) => setTimeout(() => res({ stuck: true }), 20_000)),
      ]);
      await Promise.all(marks);
      expect(marks.length).toBe(3);
      // The marks that waited landed after the commit and were honoured: each day computed twice.
      expect(outcome).toEqual({ computed: expect.any(Number) });
      expect((outcome as { computed: number }).computed).toBeGreaterThanOrEqual(2 * days.length);
      expect(await engine.rollups.dirtyDays('ws-a', days[0]!, days[2]!)).toEqual([]);
    } finally {
      await watcher.end();
    }
  }, 60_000);
});
