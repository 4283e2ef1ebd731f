import path from 'node:path';
import { tempDir } from '@gongbang/harness';
import type { Reading } from '@gongbang/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { openReadingsDb } from '../../src/store/sqlite/db.js';
import { COLUMNS, packRows, SqliteWriter, toRows, unpackRows } from '../../src/store/sqlite/writer.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { everyKind, measurements } from '../support/readings.js';

const T0 = Date.UTC(2026, 0, 5, 9);
const dirs: Array<{ remove: () => Promise<void> }> = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await d.remove();
});

async function writerWithPoison() {
  const d = await tempDir('gb-sqlite-writer-');
  dirs.push(d);
  const db = openReadingsDb(path.join(d.dir, 'readings.db'));
  // A batch SQLite refuses: the insert of any row of agent "poison" aborts.
  db.exec(
    `CREATE TRIGGER poison BEFORE INSERT ON readings WHEN NEW.agent = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END;`,
  );
  const count = (agent: string) =>
    (db.prepare('SELECT count(*) AS n FROM readings WHERE agent = ?').get(agent) as { n: number }).n;
  return { writer: new SqliteWriter(db), count, close: () => db.close() };
}

describe('SqliteWriter group commit', () => {
  it('stores a group of batches in one transaction, replays reported as duplicates', async () => {
    const { writer, count, close } = await writerWithPoison();
    const a = toRows('ws-1', 'agent-a', measurements(1, T0, 30));
    const b = toRows('ws-1', 'agent-b', measurements(1, T0, 20));
    const results = writer.writeGroup([a, b, a]);
    expect(results.map((r) => (r instanceof Error ? r.message : [r.stored.length, r.duplicates.length]))).toEqual([
      [30, 0],
      [20, 0],
      [0, 30],
    ]);
    expect([count('agent-a'), count('agent-b')]).toEqual([30, 20]);
    // One commit served all three: what /metrics reports as gongbang_store_commit_batches.
    expect(results.map((r) => (r instanceof Error ? r : r.commitBatches))).toEqual([3, 3, 3]);
    close();
  });

  it('fails only the batch SQLite refuses; the others of its group are stored', async () => {
    const { writer, count, close } = await writerWithPoison();
    const results = writer.writeGroup([
      toRows('ws-1', 'agent-a', measurements(1, T0, 10)),
      toRows('ws-1', 'poison', measurements(1, T0, 10)),
      toRows('ws-1', 'agent-b', measurements(1, T0, 10)),
    ]);
    expect(results[0]).toMatchObject({ stored: expect.any(Array) });
    expect(results[1]).toBeInstanceOf(Error);
    expect((results[1] as Error).message).toMatch(/poisoned row/);
    expect(results[2]).toMatchObject({ stored: expect.any(Array) });
    expect([count('agent-a'), count('poison'), count('agent-b')]).toEqual([10, 0, 10]);
    // The shared transaction failed: each stored batch had a commit of its own.
    expect([results[0], results[2]]).toMatchObject([{ commitBatches: 1 }, { commitBatches: 1 }]);
    close();
  });

  it('through the writer thread: concurrent batches, the refused one answered with an error', async () => {
    const d = await tempDir('gb-sqlite-store-');
    dirs.push(d);
    const file = path.join(d.dir, 'readings.db');
    const setup = openReadingsDb(file);
    setup.exec(
      `CREATE TRIGGER poison BEFORE INSERT ON readings WHEN NEW.agent = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END;`,
    );
    setup.close();
    const store = new SqliteStore({ file });
    await store.start();
    try {
      const writes = ['agent-a', 'poison', 'agent-b', 'agent-c'].map((agent) =>
        store.write('ws-1', agent, measurements(1, T0, 50)),
      );
      const settled = await Promise.allSettled(writes);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect(String((settled[1] as PromiseRejectedResult).reason)).toMatch(/poisoned row/);
      const page = await store.query({ workshopId: 'ws-1', fromMs: 0, toMs: T0 + 1e6, limit: 1000 });
      expect(page.readings).toHaveLength(150);
    } finally {
      await store.stop();
    }
  });
});

describe('rows packed for the writer thread', () => {
  // The body as the store always wrote it: the reading's JSON without its column fields.
  const restOf = (r: Reading) => {
    const { seq: _s, ts: _t, kind: _k, source: _src, ...rest } = r;
    return rest;
  };

  it("unpack, through a structured clone, to each reading's columns and its JSON body, for every kind", () => {
    const readings = [...everyKind(1, T0), ...measurements(100, T0, 5, 'meter-2')];
    const packed = packRows('ws-1', 'agent-a', readings);
    const copy = structuredClone(packed, {
      transfer: [packed.numbers.buffer as ArrayBuffer, packed.bodies.buffer as ArrayBuffer],
    });
    const { params } = unpackRows(copy);
    expect(params).toHaveLength(readings.length * COLUMNS);
    readings.forEach((r, j) => {
      const row = params.slice(j * COLUMNS, (j + 1) * COLUMNS);
      const num = r.kind === 'measurement' ? r.value : r.kind === 'count' ? r.delta : null;
      expect(row.slice(0, 7)).toEqual(['agent-a', r.seq, 'ws-1', r.ts, r.kind, r.source, num]);
      // These readings list their keys in the schema's order, so even the text is JSON.stringify's.
      expect(row[7]).toBe(JSON.stringify(restOf(r)));
    });
    expect(unpackRows(packRows('ws-1', 'agent-a', []))).toEqual({ params: [] });
  });

  it('writes the JSON.stringify text of awkward strings and numbers on the byte path', () => {
    const texts = [
      '',
      'W',
      'a"b',
      'back\\slash',
      'line\nfeed',
      'tab\t',
      '\u0001',
      '\u007f',
      'µ',
      '한글',
      '\ud800',
      '😀',
    ];
    const numbers = [0, -0, 1, -1, 0.1 + 0.2, 1e15, -1e15, 1e21, 2 ** 53 + 2, 123456789012, 5e-324];
    const base = { ts: T0, timeSource: 'device' as const, source: 'meter-1' };
    const readings: Reading[] = [
      ...texts.map((unit, i) => ({ ...base, seq: i + 1, kind: 'measurement' as const, channel: 'c', value: 1, unit })),
      ...numbers.map((value, i) => ({
        ...base,
        seq: 100 + i,
        kind: 'measurement' as const,
        channel: 'c',
        value,
        unit: 'W',
      })),
      ...texts.map((reason, i) => ({
        ...base,
        seq: 200 + i,
        kind: 'machine_state' as const,
        machine: 'm-1',
        state: 'idle' as const,
        reason,
      })),
      ...texts.map((text, i) => ({
        ...base,
        seq: 300 + i,
        kind: 'scan' as const,
        text,
        raw: 'AAEC',
        encoding: 'utf-8' as const,
        symbology: i % 2 ? null : { aim: ']Q1', name: text },
        gs1:
          i % 3
            ? null
            : [
                { ai: '01', value: text },
                { ai: '10', value: 'L1', valid: i % 2 === 0 },
              ],
        meaning: 'piece' as const,
        rule: i % 2 ? null : 'r-1',
        // Integer-like keys come first in JSON.stringify's order, whatever order they were set in.
        fields: (i % 2 ? {} : { b: text, '10': 'x', '2': text }) as Record<string, string>,
        flags: i % 2 ? [] : (['truncated', 'gs1_invalid'] as const).slice(),
      })),
    ];
    const { params } = unpackRows(packRows('ws-1', 'agent-a', readings));
    readings.forEach((r, j) => {
      expect(params[j * COLUMNS + 7]).toBe(JSON.stringify(restOf(r)));
    });
  });

  it('keeps the body JSON of readings in another key order, and of values only the general path writes', () => {
    const odd = [
      { unit: 'W', value: 3, channel: 'c', kind: 'measurement', source: 's', timeSource: 'agent', ts: T0, seq: 1 },
      {
        seq: 2,
        ts: T0,
        timeSource: 'agent',
        source: 's',
        kind: 'measurement',
        channel: 'c',
        value: Number.NaN,
        unit: 'W',
      },
    ] as Reading[];
    const { params } = unpackRows(packRows('ws-1', 'agent-a', odd));
    expect(JSON.parse(params[7] as string)).toEqual(restOf(odd[0]!));
    expect(params[COLUMNS + 7]).toBe(JSON.stringify(restOf(odd[1]!)));
  });

  it('refuses a packed batch whose bodies do not match its readings', () => {
    const packed = packRows('ws-1', 'agent-a', measurements(1, T0, 3));
    expect(() => unpackRows({ ...packed, bodies: Buffer.concat([packed.bodies, Buffer.from('\n{}')]) })).toThrow(
      /3 readings but 4 bodies/,
    );
  });
});
