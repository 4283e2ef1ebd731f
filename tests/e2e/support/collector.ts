import { tempDir } from '@gongbang/harness';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../packages/collector/src/app.js';
import type { Registry } from '../../../packages/collector/src/compose/index.js';
import type { RegistryOptions } from '../../../packages/collector/src/compose/registry.js';
import { parseCollectorConfig } from '../../../packages/collector/src/config/index.js';
import type { KpiEngine } from '../../../packages/collector/src/metrics/index.js';
import { seed, startTestRegistry } from '../../../packages/collector/test/integration/registry-fixtures.js';

/** The collector a dashboard test drives its browser against. */
export interface CollectorUnderTest {
  registry: Registry;
  app: FastifyInstance;
  engine: KpiEngine;
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** The seeded registry's workshops, users, agents and their tokens (registry-fixtures.ts). */
  world: Awaited<ReturnType<typeof seed>>;
  close: () => Promise<void>;
}

/**
 * The real collector app as `serve` builds it (buildApp), listening on loopback, with a seeded
 * SQLite registry in a temp folder. The KPI engine only computes when the test says so
 * (`engine.settle()`), and `nowMs` fixes the collector's clock.
 */
export async function startCollector(opts: {
  name: string;
  nowMs?: number;
  registry?: Partial<RegistryOptions>;
}): Promise<CollectorUnderTest> {
  const { registry, close: closeRegistry } = await startTestRegistry('sqlite', opts.registry ?? {});
  const closers: Array<() => Promise<void>> = [closeRegistry];
  const close = async () => {
    for (const c of closers.reverse()) await c();
  };
  try {
    const world = await seed(registry);
    const tmp = await tempDir(`gongbang-${opts.name}-`);
    closers.push(tmp.remove);
    const config = parseCollectorConfig({
      dataDir: tmp.dir,
      server: { port: 0 },
      log: { level: 'silent' },
      metrics: { intervalMs: 3_600_000, todayRefreshS: 86_400 },
    });
    const nowMs = opts.nowMs;
    const app = await buildApp({
      config,
      registry,
      logger: false,
      processMetrics: false,
      ...(nowMs !== undefined ? { now: () => nowMs } : {}),
    });
    closers.push(() => app.close());
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('the collector is not listening on TCP');
    return {
      registry,
      app,
      engine: app.kpiEngine as KpiEngine,
      base: `http://127.0.0.1:${address.port}`,
      world,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

const NINE_TO_SIX = { start: '09:00', end: '18:00', breaks: [] };

/** A weekly calendar of 09:00–18:00 shifts, Monday to Friday, without breaks. */
export const WEEKDAYS_9_TO_6 = {
  mon: NINE_TO_SIX,
  tue: NINE_TO_SIX,
  wed: NINE_TO_SIX,
  thu: NINE_TO_SIX,
  fri: NINE_TO_SIX,
};
