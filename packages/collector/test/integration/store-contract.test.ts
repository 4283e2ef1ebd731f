import type { Reading } from '@gongbang/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyKind, measurements } from '../support/readings.js';
import { influxV1Target, type Seen, type StoreTarget, sqliteTarget, victoriaTarget } from '../support/stores.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const expected = (workshop: string, agent: string, rs: Reading[]): Seen[] =>
  rs
    .map((r) => ({ workshop, agent, source: r.source, kind: r.kind, seq: r.seq, ts: r.ts }))
    .sort((a, b) => (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : a.seq - b.seq));

const targets: Array<[string, () => Promise<StoreTarget>]> = [
  ['SqliteStore', sqliteTarget],
  ['InfluxStore (api v1) on InfluxDB 1.6', influxV1Target],
  ['InfluxStore (api v2 write) on VictoriaMetrics', victoriaTarget],
];

describe.each(targets)('TimeSeriesStore contract: %s', (_name, make) => {
  let t: StoreTarget;
  beforeAll(async () => {
    t = await make();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers ping while the backend is up', async () => {
    await expect(t.store.ping()).resolves.toBeUndefined();
  });

  it('stores a reading of every kind under its workshop, agent, source and time', async () => {
    const rs = everyKind(1, T0);
    const res = await t.store.write('ws-kinds', 'agent-kinds', rs);
    expect(res.stored.length + res.duplicates.length).toBe(rs.length);
    expect(await t.seen('ws-kinds')).toEqual(expected('ws-kinds', 'agent-kinds', rs));
  });

  it('stores the same batch written three times once', async () => {
    const rs = [...everyKind(100, T0 + 10_000), ...measurements(200, T0 + 20_000, 50)];
    const first = await t.store.write('ws-replay', 'agent-replay', rs);
    expect(first.stored).toHaveLength(rs.length);
    for (let i = 0; i < 2; i++) {
      const again = await t.store.write('ws-replay', 'agent-replay', rs);
      expect(again.stored.length + again.duplicates.length).toBe(rs.length);
    }
    expect(await t.seen('ws-replay')).toEqual(expected('ws-replay', 'agent-replay', rs));
  });

  it('keeps readings of two agents with the same seq apart', async () => {
    const rs = measurements(1, T0, 10);
    await t.store.write('ws-agents', 'agent-a1', rs);
    await t.store.write('ws-agents', 'agent-a2', rs);
    expect(await t.seen('ws-agents')).toEqual([
      ...expected('ws-agents', 'agent-a1', rs),
      ...expected('ws-agents', 'agent-a2', rs),
    ]);
  });

  it('stores concurrent writes of several agents, each batch twice at once, once each', async () => {
    const agents = ['agent-c1', 'agent-c2', 'agent-c3', 'agent-c4'];
    const batches = agents.flatMap((a) =>
      [measurements(1, T0, 40), measurements(41, T0 + 40, 40)].map((rs) => ({ a, rs })),
    );
    const results = await Promise.all([...batches, ...batches].map(({ a, rs }) => t.store.write('ws-conc', a, rs)));
    if (t.store.name === 'sqlite') {
      // The two copies of a batch may share one commit; between them every seq is stored exactly once.
      for (let i = 0; i < batches.length; i++) {
        const stored = [...results[i]!.stored, ...results[i + batches.length]!.stored].sort((x, y) => x - y);
        expect(stored).toEqual(batches[i]!.rs.map((r) => r.seq));
      }
    }
    expect(await t.seen('ws-conc')).toEqual(agents.flatMap((a) => expected('ws-conc', a, measurements(1, T0, 80))));
  });

  it('keeps two readings of one series in the same millisecond apart', async () => {
    const rs = measurements(1, T0, 5).map((r) => ({ ...r, ts: T0 }));
    await t.store.write('ws-same-ms', 'agent-ms', rs);
    expect(await t.seen('ws-same-ms')).toEqual(expected('ws-same-ms', 'agent-ms', rs));
  });
});

describe.each(targets.slice(0, 2))('TimeSeriesStore reads: %s', (_name, make) => {
  let t: StoreTarget;
  const all = [
    ...everyKind(1, T0),
    ...measurements(100, T0 + 1000, 30),
    ...measurements(200, T0 + 2000, 30, 'meter-2'),
  ];
  beforeAll(async () => {
    t = await make();
    await t.store.write('ws-r', 'agent-1', all);
    await t.store.write('ws-other', 'agent-9', measurements(1, T0, 5));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reads back exactly what was written, strings with quotes, newlines, Korean and emoji included', async () => {
    const page = await t.store.query({ workshopId: 'ws-r', fromMs: T0, toMs: T0 + 60_000, limit: 1000 });
    expect(page.next).toBeUndefined();
    expect(page.readings.map((s) => s.reading)).toEqual(all);
    expect(new Set(page.readings.map((s) => `${s.workshopId}/${s.agentId}`))).toEqual(new Set(['ws-r/agent-1']));
  });

  it('filters by kind, source and time range, and pages without gaps or repeats', async () => {
    const seqs: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await t.store.query({
        workshopId: 'ws-r',
        fromMs: T0 + 1005,
        toMs: T0 + 2025,
        kind: 'measurement',
        source: 'meter-1',
        limit: 7,
        cursor,
      });
      seqs.push(...page.readings.map((s) => s.reading.seq));
      cursor = page.next;
      pages++;
    } while (cursor);
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => 105 + i));
    expect(pages).toBe(4);
  });

  it('pages through many readings of several agents and kinds in one millisecond without gaps or repeats', async () => {
    const ms = T0 + 5000;
    const at = (rs: Reading[]) => rs.map((r) => ({ ...r, ts: ms }));
    await t.store.write('ws-ms', 'agent-a', at([...measurements(1, 0, 12), ...everyKind(20, 0)]));
    await t.store.write('ws-ms', 'agent-b', at(measurements(1, 0, 9, 'meter-2')));
    await t.store.write('ws-ms', 'agent-a', measurements(40, ms + 1, 3));
    const got: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.store.query({ workshopId: 'ws-ms', fromMs: T0, toMs: T0 + 60_000, limit: 4, cursor });
      got.push(...page.readings.map((s) => `${s.agentId}/${s.reading.seq}`));
      cursor = page.next;
    } while (cursor);
    const a = [...Array.from({ length: 12 }, (_, i) => i + 1), ...everyKind(20, 0).map((r) => r.seq)];
    expect(got).toEqual([
      ...a.map((s) => `agent-a/${s}`),
      ...Array.from({ length: 9 }, (_, i) => `agent-b/${i + 1}`),
      'agent-a/40',
      'agent-a/41',
      'agent-a/42',
    ]);
  });

  it('aggregates a kind into time buckets', async () => {
    const buckets = await t.store.aggregate({
      workshopId: 'ws-r',
      fromMs: T0 + 1000,
      toMs: T0 + 3000,
      kind: 'measurement',
      source: 'meter-2',
      bucketMs: 10,
    });
    expect(buckets).toHaveLength(3);
    expect(buckets[0]).toEqual({ startMs: T0 + 2000, count: 10, sum: 67.5, min: 0, max: 13.5 });
    const scans = await t.store.aggregate({
      workshopId: 'ws-r',
      fromMs: T0,
      toMs: T0 + 60_000,
      kind: 'scan',
      bucketMs: 60_000,
    });
    expect(scans).toEqual([{ startMs: T0 - (T0 % 60_000), count: 3, sum: null, min: null, max: null }]);
  });

  it('applies retention: readings before the cutoff are gone, later ones stay', async () => {
    await t.store.write('ws-ret', 'agent-ret', measurements(1, T0, 10));
    await t.store.applyRetention(T0 + 5);
    const left = await t.store.query({ workshopId: 'ws-ret', fromMs: 0, toMs: T0 + 60_000, limit: 100 });
    expect(left.readings.map((s) => s.reading.seq)).toEqual([6, 7, 8, 9, 10]);
  });
});
