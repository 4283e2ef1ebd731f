import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySpool, type Spool, SqliteSpool } from '../../src/spool/index.js';
import { DEFAULT_SPOOL_OPTIONS, type SpoolOptions } from '../../src/spool/options.js';
import { measurement, silentLogger } from '../support/drafts.js';

type Make = (opts?: Partial<SpoolOptions>, now?: () => number) => Spool;
const dirs: string[] = [];
const open: Spool[] = [];

const makers: Record<string, Make> = {
  MemorySpool: (opts = {}, now) => new MemorySpool(opts, { now }),
  'SqliteSpool synchronous=NORMAL': (opts = {}, now) => makers.SqliteSpool!({ synchronous: 'NORMAL', ...opts }, now),
  SqliteSpool: (opts = {}, now) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gb-spool-'));
    dirs.push(dir);
    return new SqliteSpool(
      { ...DEFAULT_SPOOL_OPTIONS, file: path.join(dir, 'spool.db'), ...opts },
      { logger: silentLogger(), now },
    );
  },
};

afterEach(async () => {
  for (const s of open.splice(0)) await s.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe.each(Object.entries(makers))('Spool contract: %s', (_name, make) => {
  async function started(opts?: Partial<SpoolOptions>, now?: () => number): Promise<Spool> {
    const s = make(opts, now);
    await s.start();
    open.push(s);
    return s;
  }

  it('assigns increasing seqs at append and hands readings out oldest first after a flush', async () => {
    const s = await started();
    const seqs = [1, 2, 3].map((i) => s.append(measurement(i)));
    expect(seqs).toEqual([seqs[0], seqs[0]! + 1, seqs[0]! + 2]);
    expect(s.stats().depth).toBe(3);
    expect(s.takeOldest({ maxReadings: 10, maxBytes: 1e6 })).toEqual([]);
    s.flush();
    const rows = s.takeOldest({ maxReadings: 2, maxBytes: 1e6 });
    expect(rows.map((r) => r.seq)).toEqual(seqs.slice(0, 2));
    expect(JSON.parse(rows[0]!.json)).toMatchObject({ seq: seqs[0], kind: 'measurement', value: 1 });
  });

  it('limits a take by bytes but always returns at least one reading', async () => {
    const s = await started();
    for (let i = 0; i < 5; i++) s.append(measurement(i));
    s.flush();
    expect(s.takeOldest({ maxReadings: 5, maxBytes: 1 })).toHaveLength(1);
    const one = s.takeOldest({ maxReadings: 1, maxBytes: 1e6 })[0]!.json.length + 1;
    expect(s.takeOldest({ maxReadings: 5, maxBytes: one * 2 })).toHaveLength(2);
  });

  it('deletes only acknowledged readings', async () => {
    const s = await started();
    const seqs = [0, 1, 2, 3].map((i) => s.append(measurement(i)));
    s.flush();
    expect(s.ack([seqs[0]!, seqs[2]!])).toBe(2);
    expect(s.takeOldest({ maxReadings: 10, maxBytes: 1e6 }).map((r) => r.seq)).toEqual([seqs[1], seqs[3]]);
    expect(s.stats().depth).toBe(2);
  });

  it('returns the newest readings after a seq, in order', async () => {
    const s = await started();
    const seqs = [0, 1, 2, 3, 4].map((i) => s.append(measurement(i)));
    s.flush();
    expect(s.takeNewest(seqs[1]!, { maxReadings: 2, maxBytes: 1e6 }).map((r) => r.seq)).toEqual(seqs.slice(3));
  });

  it('parks dead letters with their code and keeps them out of the queue', async () => {
    const s = await started();
    const seqs = [0, 1].map((i) => s.append(measurement(i)));
    s.flush();
    s.deadLetter([seqs[0]!], 'invalid_batch', 'readings[0].value: bad');
    expect(s.stats()).toMatchObject({ depth: 1, deadLetters: 1 });
    expect(s.deadLetters()[0]).toMatchObject({ seq: seqs[0], code: 'invalid_batch' });
  });

  it('resends dead letters into the queue with their seq, in seq order, by seq or code, and wakes the listeners', async () => {
    const s = await started();
    const seqs = [0, 1, 2, 3].map((i) => s.append(measurement(i)));
    s.flush();
    const bytesBefore = s.stats().bytes;
    s.deadLetter([seqs[0]!, seqs[2]!], 'not_found', 'HTTP 404');
    s.deadLetter([seqs[3]!], 'invalid_batch', 'readings[0].value: bad');
    let woken = 0;
    s.onCommit(() => woken++);
    expect(s.resendDeadLetters({ code: 'nope' })).toBe(0);
    expect(s.resendDeadLetters({ code: 'not_found', seqs: [seqs[2]!] })).toBe(1);
    expect(s.resendDeadLetters({ code: 'not_found' })).toBe(1);
    expect(woken).toBe(2);
    expect(s.takeOldest({ maxReadings: 10, maxBytes: 1e6 }).map((r) => r.seq)).toEqual(seqs.slice(0, 3));
    expect(s.stats()).toMatchObject({ depth: 3, deadLetters: 1 });
    expect(s.resendDeadLetters()).toBe(1);
    expect(s.stats()).toMatchObject({ depth: 4, deadLetters: 0, bytes: bytesBefore });
    const first = s.takeOldest({ maxReadings: 1, maxBytes: 1e6 })[0]!;
    expect(JSON.parse(first.json)).toMatchObject({ seq: seqs[0], value: 0 });
    expect(s.ack(seqs)).toBe(4);
    expect(s.stats()).toMatchObject({ depth: 0, bytes: 0 });
  });

  it('drops the oldest readings past the byte cap and reports them as one gap with the right count', async () => {
    const s = await started({ maxBytes: 2_000 });
    const first = s.append(measurement(0));
    for (let i = 1; i < 40; i++) s.append(measurement(i));
    s.flush();
    const rows = s.takeOldest({ maxReadings: 100, maxBytes: 1e9 }).map((r) => JSON.parse(r.json));
    const gaps = rows.filter((r) => r.kind === 'gap');
    expect(gaps).toHaveLength(1);
    const kept = rows.filter((r) => r.kind === 'measurement');
    expect(gaps[0]).toMatchObject({ reason: 'spool_full', fromSeq: first, source: 'agent' });
    expect(gaps[0].dropped + kept.length).toBe(40);
    expect(gaps[0].toSeq).toBe(kept[0].seq - 1);
    expect(s.stats().dropped.spool_full).toBe(gaps[0].dropped);
    expect(s.stats().bytes).toBeLessThanOrEqual(2_000);
  });

  it('never drops a gap reading when the cap is hit again', async () => {
    const s = await started({ maxBytes: 2_000 });
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 30; i++) s.append(measurement(i));
      s.flush();
    }
    const rows = s.takeOldest({ maxReadings: 1_000, maxBytes: 1e9 }).map((r) => JSON.parse(r.json));
    const gaps = rows.filter((r) => r.kind === 'gap');
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    expect(gaps.reduce((n, g) => n + g.dropped, 0) + rows.length - gaps.length).toBe(150);
  });

  it('drops readings older than maxAgeDays on compaction, as a spool_expired gap', async () => {
    let now = 1_764_000_000_000;
    const s = await started({ maxAgeDays: 1 }, () => now);
    for (let i = 0; i < 3; i++) s.append(measurement(i));
    s.flush();
    now += 2 * 86_400_000;
    s.append(measurement(9));
    s.compact();
    const rows = s.takeOldest({ maxReadings: 100, maxBytes: 1e9 }).map((r) => JSON.parse(r.json));
    expect(rows.map((r) => r.kind)).toEqual(['measurement', 'gap']);
    expect(rows[1]).toMatchObject({ reason: 'spool_expired', dropped: 3 });
  });

  it('remembers the last committed capture time per source', async () => {
    const s = await started();
    s.append(measurement(1, 'a', 1_764_000_000_005));
    s.append(measurement(2, 'a', 1_764_000_000_009));
    expect(s.lastTs('a')).toBeUndefined();
    s.flush();
    expect(s.lastTs('a')).toBe(1_764_000_000_009);
  });

  it('tells listeners after each commit', async () => {
    const s = await started();
    let calls = 0;
    s.onCommit(() => calls++);
    s.append(measurement(1));
    s.flush();
    s.flush();
    expect(calls).toBe(1);
  });

  it('commits on its own as soon as it is free, and committed() resolves only then', async () => {
    const s = await started();
    await expect(s.committed()).resolves.toBeUndefined(); // nothing waiting
    const seqs = [1, 2, 3].map((i) => s.append(measurement(i)));
    let done = false;
    const p = s.committed().then(() => {
      done = true;
    });
    expect(s.takeOldest({ maxReadings: 10, maxBytes: 1e6 })).toEqual([]);
    expect(done).toBe(false);
    await p;
    // No timer: the commit ran on the next turn of the event loop, before committed() resolved.
    expect(s.takeOldest({ maxReadings: 10, maxBytes: 1e6 }).map((r) => r.seq)).toEqual(seqs);
  });

  it('waits for the timer when flushIntervalMs is set', async () => {
    const s = await started({ flushIntervalMs: 10_000 });
    s.append(measurement(1));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(s.takeOldest({ maxReadings: 10, maxBytes: 1e6 })).toEqual([]);
    const p = s.committed();
    s.flush();
    await p;
    expect(s.takeOldest({ maxReadings: 10, maxBytes: 1e6 })).toHaveLength(1);
  });
});
