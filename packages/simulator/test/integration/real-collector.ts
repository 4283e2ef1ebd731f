import { tempDir } from '@gongbang/harness';
import { expect } from 'vitest';
import { buildApp } from '../../../collector/src/app.js';
import { Registry } from '../../../collector/src/compose/registry.js';
import { parseCollectorConfig } from '../../../collector/src/config/index.js';
import type { DayAccounting } from '../../src/model/workshop.js';

/** Options of {@link startCollector}. */
export interface RealCollectorOptions {
  /** Days of readings the collector accepts; default the collector's (730). A fixed past `toDay` needs more over time. */
  retentionDays?: number;
}

/**
 * A real collector (buildApp as `serve` builds it, SQLite store and registry in a temp dir) on
 * 127.0.0.1, with an admin and an evaluator API token. The KPI engine runs only when the test
 * calls `settle()`.
 */
export async function startCollector(o: RealCollectorOptions = {}) {
  const tmp = await tempDir('gongbang-sim-collector-');
  const registry = new Registry({
    location: { kind: 'sqlite', file: `${tmp.dir}/registry.db` },
    scryptCost: { N: 1024, r: 8, p: 1 },
  });
  await registry.start();
  const config = parseCollectorConfig({
    dataDir: tmp.dir,
    server: { port: 0 },
    log: { level: 'silent' },
    ...(o.retentionDays ? { retentionDays: o.retentionDays } : {}),
    // The test decides when days are computed (settle).
    metrics: { intervalMs: 3_600_000, todayRefreshS: 86_400 },
  });
  const app = await buildApp({ config, registry, logger: false, processMetrics: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const admin = await registry.users.create({ username: 'sim-admin', password: 'sim-admin-password', role: 'admin' });
  const token = (await registry.apiTokens.create(admin.id, 'gongbang-sim')).token;
  const evaluator = await registry.users.create({
    username: 'sim-evaluator',
    password: 'sim-evaluator-password',
    role: 'evaluator',
  });
  const evaluatorToken = (await registry.apiTokens.create(evaluator.id, 'evaluation-check')).token;
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    token,
    evaluatorToken,
    close: async () => {
      await app.close();
      await registry.stop();
      await tmp.remove();
    },
  };
}

/** The collector's elements of a period (as `/kpis` and `/programme/kpis` show them). */
export type ShownElements = Record<string, number>;

/** The simulator's accounting of several days summed (the workshop totals). */
export function sumAccounting(days: Iterable<DayAccounting>): DayAccounting['total'] {
  const t = { pbtS: 0, aptS: 0, asutS: 0, adetS: 0, adotS: 0, noDataS: 0, pq: 0, sq: 0, rq: 0, pruPqS: 0, gq: 0 };
  let apatS = 0;
  for (const d of days) {
    for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += d.total[k];
    apatS += d.total.apatS;
  }
  return { ...t, apatS, availability: t.pbtS > 0 ? t.aptS / t.pbtS : null };
}

/**
 * Asserts that the collector's elements of a period equal the simulator's own accounting of it:
 * every planned second in its time class (to the second) and every unit counted.
 */
export function expectElementsMatch(e: ShownElements, acc: DayAccounting['total'], where: string): void {
  expect(e.pbt_s, where).toBeCloseTo(acc.pbtS, 0);
  expect(e.apt_s, where).toBeCloseTo(acc.aptS, 0);
  expect(e.asut_s, where).toBeCloseTo(acc.asutS, 0);
  expect(e.adet_s, where).toBeCloseTo(acc.adetS, 0);
  expect(e.adot_s, where).toBeCloseTo(acc.adotS, 0);
  expect(e.no_data_s, where).toBeCloseTo(acc.noDataS, 0);
  expect(e.pq, where).toBe(acc.pq);
  expect(e.gq, where).toBe(acc.gq);
}
