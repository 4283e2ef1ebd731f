import { existsSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AgentConfigSchema } from '@gongbang/agent-config';
import { waitFor } from '@gongbang/harness';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SPOOL_OPTIONS, SqliteSpool } from '../../src/spool/index.js';
import { openSpoolFile } from '../../src/spool/sqlite-file.js';
import { measurement, silentLogger } from '../support/drafts.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function spoolIn(dir: string, extra = {}): SqliteSpool {
  return new SqliteSpool(
    { ...DEFAULT_SPOOL_OPTIONS, file: path.join(dir, 'spool.db'), ...extra },
    { logger: silentLogger() },
  );
}
function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'gb-sqlite-'));
  dirs.push(d);
  return d;
}

describe('SqliteSpool on a real file', () => {
  it('keeps readings, seqs and cursors across a restart', async () => {
    const dir = tmp();
    const a = spoolIn(dir);
    await a.start();
    const seqs = [1, 2, 3].map((i) => a.append(measurement(i)));
    await a.stop();
    const b = spoolIn(dir);
    await b.start();
    expect(b.takeOldest({ maxReadings: 10, maxBytes: 1e6 }).map((r) => r.seq)).toEqual(seqs);
    expect(b.append(measurement(4))).toBe(seqs[2]! + 1);
    expect(b.lastTs('meter-1')).toBe(measurement(3).ts);
    b.ack(seqs);
    await b.stop();
    const c = spoolIn(dir);
    await c.start();
    // Acknowledged readings are gone, and their seqs are never handed out again.
    expect(c.takeOldest({ maxReadings: 10, maxBytes: 1e6 }).map((r) => r.seq)).toEqual([seqs[2]! + 1]);
    expect(c.append(measurement(5))).toBe(seqs[2]! + 2);
    await c.stop();
  });

  it('group-commits on its own timer, many readings per transaction', async () => {
    const s = spoolIn(tmp(), { flushIntervalMs: 20 });
    await s.start();
    let commits = 0;
    s.onCommit(() => commits++);
    for (let i = 0; i < 500; i++) s.append(measurement(i));
    // A deadline, not an open loop: a commit that never comes fails here, naming what was awaited.
    await waitFor(
      'the 500 readings committed',
      () => s.takeOldest({ maxReadings: 1_000, maxBytes: 1e9 }).length === 500,
      {
        timeoutMs: 5_000,
        intervalMs: 10,
      },
    );
    expect(commits).toBe(1);
    await s.stop();
  });

  it.each([
    ['overwritten with garbage', (f: string) => writeFileSync(f, Buffer.alloc(64 * 1024, 0x5a))],
    ['truncated', (f: string) => truncateSync(f, 4096 + 100)],
  ])(
    'moves a spool file %s aside, reports a spool_corrupt gap and continues above every used seq',
    async (_n, damage) => {
      const dir = tmp();
      const a = spoolIn(dir);
      await a.start();
      let last = 0;
      for (let i = 0; i < 2_000; i++) last = a.append(measurement(i));
      await a.stop();
      const file = path.join(dir, 'spool.db');
      damage(file);
      const b = spoolIn(dir);
      await b.start();
      expect(readdirSync(dir).some((f) => f.startsWith('spool.db.corrupt-'))).toBe(true);
      expect(existsSync(file)).toBe(true);
      b.flush();
      const rows = b.takeOldest({ maxReadings: 10, maxBytes: 1e6 }).map((r) => JSON.parse(r.json));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: 'gap', reason: 'spool_corrupt', source: 'agent' });
      expect(rows[0].dropped).toBeGreaterThanOrEqual(1);
      expect(rows[0].seq).toBeGreaterThan(last);
      expect(b.stats().problem?.code).toBe('spool_corrupt');
      expect(b.append(measurement(1))).toBeGreaterThan(rows[0].seq);
      await b.stop();
    },
  );
});

describe('SqliteSpool when the disk is full', () => {
  it('keeps readings in memory, reports disk_full, and commits them once there is room again', async () => {
    const dir = tmp();
    const s = spoolIn(dir, { maxBufferReadings: 1_000 });
    await s.start();
    // A real SQLITE_FULL: cap the file at its current size (the same error a full disk gives).
    const db = (s as unknown as { db: import('better-sqlite3').Database }).db;
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    const seqs: number[] = [];
    for (let i = 0; i < 3_000; i++) seqs.push(s.append(measurement(i)));
    s.flush();
    expect(s.stats().problem?.code).toBe('disk_full');
    expect(s.stats().depth).toBe(1_000);
    db.pragma('max_page_count = 1000000');
    s.flush();
    expect(s.stats().problem).toBeNull();
    const rows = s.takeOldest({ maxReadings: 5_000, maxBytes: 1e9 }).map((r) => JSON.parse(r.json));
    const gap = rows.find((r) => r.kind === 'gap');
    expect(gap).toMatchObject({ reason: 'disk_full', dropped: 2_000, fromSeq: seqs[0], toSeq: seqs[1_999] });
    expect(rows.filter((r) => r.kind === 'measurement').map((r) => r.seq)).toEqual(seqs.slice(2_000));
    expect(s.stats().dropped.disk_full).toBe(2_000);
    await s.stop();
  });
});

describe('the spool page cache', () => {
  it('is bounded by spool.cacheKiB (2,000 KiB unless configured), not by the backlog', () => {
    const parsed = AgentConfigSchema.parse({ agent: { id: 'a' } });
    expect(parsed.spool.cacheKiB).toBe(2_000);
    expect(() => AgentConfigSchema.parse({ agent: { id: 'a' }, spool: { cacheKiB: 10 } })).toThrow(/cacheKiB/);
    const dir = tmp();
    const db = openSpoolFile(path.join(dir, 'spool.db'), 'FULL', 512);
    try {
      // Negative means KiB (sqlite.org/pragma.html#pragma_cache_size).
      expect(db.pragma('cache_size', { simple: true })).toBe(-512);
    } finally {
      db.close();
    }
  });
});

describe('SqliteSpool commit pacing (commitGapMs)', () => {
  const takeAll = (s: SqliteSpool) => s.takeOldest({ maxReadings: 100, maxBytes: 1e6 }).map((r) => r.seq);
  const turn = () => new Promise((r) => setImmediate(r));

  it('commits a reading after a quiet spell at once, and the next one only after the gap', async () => {
    const s = spoolIn(tmp(), { commitGapMs: 1_000 });
    await s.start();
    try {
      const t0 = performance.now();
      const first = s.append(measurement(1));
      await s.committed();
      expect(performance.now() - t0).toBeLessThan(500);
      expect(takeAll(s)).toEqual([first]);
      const second = s.append(measurement(2));
      const t1 = performance.now();
      await turn();
      await turn();
      // Not on disk yet, so nothing could have acknowledged it.
      expect(takeAll(s)).toEqual([first]);
      await s.committed();
      expect(performance.now() - t1).toBeGreaterThanOrEqual(900);
      expect(takeAll(s)).toEqual([first, second]);
    } finally {
      await s.stop();
    }
  });

  it('does not hold a full group for the gap', async () => {
    const s = spoolIn(tmp(), { commitGapMs: 10_000, flushMaxReadings: 3 });
    await s.start();
    try {
      s.append(measurement(1));
      await s.committed();
      const t0 = performance.now();
      const seqs = [2, 3, 4].map((i) => s.append(measurement(i)));
      await s.committed();
      expect(performance.now() - t0).toBeLessThan(5_000);
      expect(takeAll(s)).toEqual([1, ...seqs]);
    } finally {
      await s.stop();
    }
  });

  it('commits what waits for the gap when it stops', async () => {
    const dir = tmp();
    const a = spoolIn(dir, { commitGapMs: 10_000 });
    await a.start();
    a.append(measurement(1));
    await a.committed();
    const waiting = a.append(measurement(2));
    const done = a.committed();
    await a.stop();
    await done;
    const b = spoolIn(dir);
    await b.start();
    expect(takeAll(b)).toEqual([1, waiting]);
    await b.stop();
  });
});
