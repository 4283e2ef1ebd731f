import { tempDir } from '@gongbang/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiEngine } from '../../../collector/src/metrics/index.js';
import { kstDayOf } from '../../../collector/src/metrics/periods.js';
import { type BackfillResult, backfill } from '../../src/backfill/index.js';
import { expectElementsMatch, startCollector } from './real-collector.js';

const DAY_MS = 86_400_000;
const KINDS = ['machine_state', 'count', 'scan', 'health'] as const;

async function storedReadings(
  app: FastifyInstance,
  workshops: string[],
  fromMs: number,
  toMs: number,
): Promise<number> {
  let n = 0;
  for (const workshopId of workshops) {
    for (const kind of KINDS) {
      const buckets = await app.readingsStore.aggregate({ workshopId, fromMs, toMs, kind, bucketMs: toMs - fromMs });
      n += buckets.reduce((s, b) => s + b.count, 0);
    }
  }
  return n;
}

describe('gongbang-sim backfill into a real collector', () => {
  let c: Awaited<ReturnType<typeof startCollector>>;
  let data: Awaited<ReturnType<typeof tempDir>>;
  let first: BackfillResult;
  const toDay = kstDayOf(Date.now() - DAY_MS);
  const options = () => ({
    workshops: 6,
    months: 1,
    days: 21,
    seed: 42,
    toDay,
    collector: c.url,
    token: c.token,
    dataDir: data.dir,
  });

  beforeAll(async () => {
    c = await startCollector();
    data = await tempDir('gongbang-sim-data-');
    first = await backfill({ ...options(), keepAccounting: true });
    await (c.app.kpiEngine as KpiEngine).settle();
  }, 120_000);

  afterAll(async () => {
    await c?.close();
    await data?.remove();
  });

  it('delivers every generated reading and refuses none', () => {
    expect(first.readingsGenerated).toBeGreaterThan(10_000);
    expect(first.readingsDelivered).toBe(first.readingsGenerated);
    expect(first.deadLetters).toBe(0);
  });

  it("gives for every observed day the KPIs of the simulator's own accounting", async () => {
    let compared = 0;
    for (const [workshopId, days] of first.accounting) {
      for (const [day, acc] of days) {
        if (acc.total.pbtS === 0) continue;
        const res = await fetch(`${c.url}/api/v1/workshops/${workshopId}/kpis?from=${day}&to=${day}&coverage=0`, {
          headers: { authorization: `Bearer ${c.token}` },
        });
        expect(res.status).toBe(200);
        const body = (await res.json()) as {
          periods: { elements: Record<string, number>; kpis: Record<string, { value: number | null }> }[];
        };
        const where = `${workshopId} ${day}`;
        expectElementsMatch(body.periods[0]!.elements, acc.total, where);
        expect(body.periods[0]!.kpis.availability!.value!, where).toBeCloseTo(acc.total.availability!, 6);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('stores nothing new when run again with the same seed, with or without its data dir', async () => {
    const ids = first.programme.workshops.map((w) => w.id);
    const fromMs = Date.parse(`${first.programme.fromDay}T00:00:00+09:00`) - DAY_MS;
    const toMs = Date.now() + DAY_MS;
    const before = await storedReadings(c.app, ids, fromMs, toMs);
    const again = await backfill(options());
    expect(again.readingsGenerated).toBe(0);
    const fresh = await tempDir('gongbang-sim-data-2-');
    try {
      const third = await backfill({ ...options(), dataDir: fresh.dir });
      expect(third.readingsGenerated).toBe(first.readingsGenerated);
      expect(third.manualEntries).toBe(0);
    } finally {
      await fresh.remove();
    }
    expect(await storedReadings(c.app, ids, fromMs, toMs)).toBe(before);
  }, 120_000);
});
