import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeriveRunner } from '../../src/inputs/common/derive-runner.js';
import type { DeriveStateStore, ReadingDraft } from '../../src/inputs/types.js';
import { DEFAULT_SPOOL_OPTIONS, SqliteSpool } from '../../src/spool/index.js';
import { silentLogger } from '../support/drafts.js';

const T = 1_764_000_000_000;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function spoolIn(dir: string): SqliteSpool {
  return new SqliteSpool({ ...DEFAULT_SPOOL_OPTIONS, file: path.join(dir, 'spool.db') }, { logger: silentLogger() });
}

/** One agent run: a counter input over the spool, fed raw counter values; returns the count readings. */
function runCounter(spool: SqliteSpool, raws: number[], t0: number) {
  const out: ReadingDraft[] = [];
  const state: DeriveStateStore = { get: (k) => spool.getState(k), set: (k, v) => spool.setState(k, v) };
  const sink = (d: ReadingDraft) => {
    spool.append(d);
    out.push(d);
  };
  const runner = new DeriveRunner(
    'sewing-3',
    [{ kind: 'count', channel: 'raw', countChannel: 'pieces', rolloverAt: 65_536 } as never],
    sink,
    state,
  );
  for (const [i, value] of raws.entries()) {
    runner.measurement({
      kind: 'measurement',
      ts: t0 + i * 1000,
      timeSource: 'agent',
      source: 'sewing-3',
      channel: 'raw',
      value,
      unit: '1',
    });
  }
  return out.filter((d): d is Extract<ReadingDraft, { kind: 'count' }> => d.kind === 'count');
}

describe('derived counts across an agent restart', () => {
  it('keeps the running total and counts the pieces made while the agent was down', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gb-derive-state-'));
    dirs.push(dir);
    const first = spoolIn(dir);
    await first.start();
    const a = runCounter(first, [100, 105, 112], T);
    expect(a.map((c) => [c.delta, c.total])).toEqual([
      [5, 5],
      [7, 12],
    ]);
    await first.stop();

    // The device counted on (112 → 130) while the agent was off.
    const second = spoolIn(dir);
    await second.start();
    const b = runCounter(second, [130, 131, 3], T + 60_000);
    expect(b.map((c) => [c.delta, c.total, c.counterEvent])).toEqual([
      [18, 30, undefined],
      [1, 31, undefined],
      [3, 34, 'reset'],
    ]);
    await second.stop();
  });

  it('never commits derived state ahead of the readings it belongs to', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gb-derive-state-'));
    dirs.push(dir);
    const s = spoolIn(dir);
    await s.start();
    s.setState('count:x:pieces:total', 7);
    expect(s.getState('count:x:pieces:total')).toBe(7);
    // Nothing appended, so nothing committed: a crash now must not keep the state.
    s.flush();
    const db = (s as unknown as { db: import('better-sqlite3').Database }).db;
    const rows = db.prepare("SELECT key FROM meta WHERE key LIKE 'state:%'").all();
    expect(rows).toEqual([]);
    await s.stop();
  });
});
