import { describe, expect, it } from 'vitest';
import { MAX_CURSOR_OFFSET } from '../../src/store/cursor.js';
import { compareStored, type FetchKinds, pageRange } from '../../src/store/influx/paging.js';
import type { StoredReading } from '../../src/store/types.js';

const row = (agentId: string, ts: number, seq: number): StoredReading => ({
  workshopId: 'ws',
  agentId,
  reading: { seq, ts, timeSource: 'device', source: 's', kind: 'count', channel: 'c', delta: 1 } as never,
});

/** Like InfluxDB: each kind in point-time order (ms, then seq's sub-ms part, then series), cut by LIMIT. */
function fakeInflux(kinds: StoredReading[][]): { fetch: FetchKinds; calls: number[] } {
  const pointOrder = (a: StoredReading, b: StoredReading) =>
    a.reading.ts - b.reading.ts || a.reading.seq - b.reading.seq || (a.agentId < b.agentId ? -1 : 1);
  const sorted = kinds.map((k) => [...k].sort(pointOrder));
  const calls: number[] = [];
  return {
    calls,
    fetch: async (fromMs, toMs, take) => {
      calls.push(take);
      return sorted.map((k) => k.filter((r) => r.reading.ts >= fromMs && r.reading.ts < toMs).slice(0, take));
    },
  };
}

async function pageAll(fetch: FetchKinds, limit: number): Promise<{ keys: string[]; pages: number }> {
  const keys: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await pageRange({ workshopId: 'ws', fromMs: 0, toMs: 1000, limit, cursor }, fetch);
    keys.push(...page.readings.map((s) => `${s.agentId}/${s.reading.seq}`));
    cursor = page.next;
    pages++;
  } while (cursor && pages < 1000);
  return { keys, pages };
}

// A seeded generator, so a failure can be replayed.
function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe('pageRange (InfluxDB keyset paging)', () => {
  it.each([1, 2, 3, 7, 50])('returns every reading once, in (ts, agent, seq) order, at limit %i', async (limit) => {
    const rand = lcg(limit);
    const kinds: StoredReading[][] = [[], [], []];
    const seqs: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 120; i++) {
      const agent = ['a', 'b', 'c'][Math.floor(rand() * 3)]!;
      // Few distinct milliseconds: many readings share one, across agents and kinds.
      kinds[Math.floor(rand() * 3)]!.push(row(agent, 10 + Math.floor(rand() * 6), ++seqs[agent]!));
    }
    const expected = kinds
      .flat()
      .sort(compareStored)
      .map((s) => `${s.agentId}/${s.reading.seq}`);
    const { keys } = await pageAll(fakeInflux(kinds).fetch, limit);
    expect(keys).toEqual(expected);
  });

  it('fetches at most offset + limit + 1 rows per kind, and pages a crowded millisecond', async () => {
    const crowded = Array.from({ length: MAX_CURSOR_OFFSET + 5 }, (_, i) => row('a', 5, i + 1));
    const influx = fakeInflux([crowded]);
    const first = await pageRange({ workshopId: 'ws', fromMs: 0, toMs: 10, limit: 10 }, influx.fetch);
    expect(first.readings).toHaveLength(10);
    expect(influx.calls[0]).toBe(11);
    expect((await pageAll(influx.fetch, 5000)).keys).toHaveLength(MAX_CURSOR_OFFSET + 5);
  });

  it('refuses, naming the millisecond, more readings in one millisecond than paging can step over', async () => {
    const tooMany = Array.from({ length: 2 * MAX_CURSOR_OFFSET + 10 }, (_, i) => row('a', 5, i + 1));
    await expect(pageAll(fakeInflux([tooMany]).fetch, 5000)).rejects.toThrow(/share the millisecond 5/);
  });
});
