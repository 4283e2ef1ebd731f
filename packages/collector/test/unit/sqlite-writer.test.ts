import path from 'node:path';
import { tempDir } from '@gongbang/harness';
import { afterEach, describe, expect, it } from 'vitest';
import { openReadingsDb } from '../../src/store/sqlite/db.js';
import { packRows, SqliteWriter, toRows, unpackRows } from '../../src/store/sqlite/writer.js';
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
  it('unpack to the rows toRows builds, for every kind, through a structured clone', () => {
    const readings = [...everyKind(1, T0), ...measurements(100, T0, 5, 'meter-2')];
    const packed = packRows('ws-1', 'agent-a', readings);
    const copy = structuredClone(packed, { transfer: [packed.numbers.buffer as ArrayBuffer] });
    expect(unpackRows(copy)).toEqual(toRows('ws-1', 'agent-a', readings));
    expect(unpackRows(packRows('ws-1', 'agent-a', []))).toEqual({ params: [] });
  });

  it('refuses a packed batch whose bodies do not match its readings', () => {
    const packed = packRows('ws-1', 'agent-a', measurements(1, T0, 3));
    expect(() => unpackRows({ ...packed, bodies: `${packed.bodies}\n{}` })).toThrow(/3 readings but 4 bodies/);
  });
});
