import { describe, expect, it } from 'vitest';
import { packedWeekRows, sumWeekly, unpackWeekRows, type WeekRow } from '../../src/evaluation/panel-source.js';
import { addDays, emptyElements, kstDayStartMs, type RollupStore, type RowsQuery } from '../../src/metrics/index.js';

const WEEK_MS = 7 * 86_400_000;
const FIRST_MONDAY = '2024-01-01';

/** 60 weeks of two workshops, device and manual rows, elements with Hangul in them (worker names). */
function stored(): WeekRow[] {
  const rows: WeekRow[] = [];
  for (let w = 0; w < 60; w++) {
    for (const workshopId of ['ws-a', 'ws-b']) {
      for (const origin of ['device', 'manual'] as const) {
        const elements = {
          ...emptyElements(),
          pq: w + (origin === 'manual' ? 0.5 : 0),
          gq: w,
          workers: [`작업자 ${w % 3}`],
        };
        rows.push({
          workshopId,
          origin,
          startMs: kstDayStartMs(FIRST_MONDAY) + w * WEEK_MS,
          elements: JSON.stringify(elements),
        });
      }
    }
  }
  return rows;
}

/** The part of RollupStore that packedWeekRows reads, over `rows`, counting its reads. */
function fakeStore(rows: WeekRow[]) {
  const reads: RowsQuery[] = [];
  const store = {
    rawRows: async (q: RowsQuery) => {
      reads.push(q);
      return rows
        .filter((r) => r.startMs >= q.fromMs && r.startMs < q.toMs)
        .map((r) => ({ ...r, grain: 'week', period: '', part: '', dim: 'workshop', dimId: r.workshopId }));
    },
  };
  return { store: store as unknown as RollupStore, reads };
}

describe('week rows packed for the evaluation worker', () => {
  it('reads the window a quarter at a time and gives back every row once, in order, with its elements', async () => {
    const rows = stored();
    const { store, reads } = fakeStore(rows);
    const packed = await packedWeekRows(store, FIRST_MONDAY, addDays(FIRST_MONDAY, 60 * 7 - 1));
    expect(reads.length).toBe(5); // 60 weeks, 13 at a time
    expect(packed.elements.every((b) => b instanceof Uint8Array)).toBe(true);
    expect(unpackWeekRows(structuredClone(packed))).toEqual(rows);
  });

  it('sums the same weeks from packed rows as from parsed ones', async () => {
    const rows = stored();
    const { store } = fakeStore(rows);
    const packed = await packedWeekRows(store, FIRST_MONDAY, addDays(FIRST_MONDAY, 60 * 7 - 1));
    const parsed = rows.map((r) => ({ ...r, elements: JSON.parse(r.elements as string) }));
    for (const origin of ['all', 'device', 'manual'] as const) {
      expect(sumWeekly(unpackWeekRows(packed), origin)).toEqual(sumWeekly(parsed, origin));
    }
  });

  it('refuses packed rows whose elements do not match the rows', () => {
    const packed = {
      workshopId: ['ws-a', 'ws-b'],
      origin: ['device' as const, 'device' as const],
      startMs: [0, 0],
      elements: [new TextEncoder().encode('{"pq":1}')],
    };
    expect(() => unpackWeekRows(packed)).toThrow(/2 rows but 1 elements/);
  });
});
