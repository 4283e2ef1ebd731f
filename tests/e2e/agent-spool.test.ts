import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanupAfterEach, tempDir, waitFor } from '@gongbang/harness';
import type { GapReading } from '@gongbang/shared';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fetchStatus,
  kill9,
  logLines,
  sigterm,
  startAgent,
  waitStarted,
  writeAgentConfig,
} from '../../packages/edge-agent/test/support/agent-process.js';
import { exactlyOnceProblems, tickOf } from '../../packages/edge-agent/test/support/exactly-once.js';
import { TestReceiver } from '../../packages/edge-agent/test/support/receiver.js';

const cleanups = cleanupAfterEach(afterEach);

async function setup(prefix: string) {
  const tmp = await tempDir(prefix);
  cleanups.push(tmp.remove);
  const receiver = new TestReceiver({ token: 'tok' });
  await receiver.start();
  cleanups.push(() => receiver.stop());
  const collector = { url: receiver.url, token: 'tok' };
  const forwarder = { backoff: { initialMs: 50, maxMs: 500 }, probeIntervalMs: 100 };
  return { tmp, receiver, collector, forwarder };
}

const gaps = (r: TestReceiver) => [...r.stored.values()].filter((x): x is GapReading => x.kind === 'gap');

describe('agent process and its spool file', () => {
  it('moves a corrupt spool file aside, reports it as a gap and keeps running on a fresh one', async () => {
    const { tmp, receiver, collector, forwarder } = await setup('gb-corrupt-');
    const sim = { id: 'sim-c', type: 'simulated', ratePerS: 50, channels: [{ id: 'v', kind: 'measurement' }] };
    await receiver.stop(); // readings stay in the spool
    const cfg = writeAgentConfig(tmp.dir, 'agent.yaml', { collector, forwarder, inputs: [sim] });
    const first = startAgent(cfg);
    cleanups.push(() => first.stop());
    await waitStarted(first);
    await waitFor('a spool with readings', async () => (await fetchStatus(first)).spool.depth > 50);
    expect(await sigterm(first)).toBe(0);
    const file = path.join(tmp.dir, 'data', 'spool.db');
    writeFileSync(file, Buffer.alloc(100_000, 0x42)); // overwritten with garbage

    await receiver.start();
    const second = startAgent(cfg);
    cleanups.push(() => second.stop());
    await waitStarted(second);
    await waitFor('the spool_corrupt gap', () => gaps(receiver).some((g) => g.reason === 'spool_corrupt'));
    expect(readdirSync(path.join(tmp.dir, 'data')).some((f) => f.startsWith('spool.db.corrupt-'))).toBe(true);
    expect(existsSync(file)).toBe(true);
    await waitFor('fresh readings after the replacement', () => receiver.readingsOf('sim-c').length > 20);
    const st = await fetchStatus(second);
    expect(st.spool.problem?.code).toBe('spool_corrupt');
    expect(st.spool.dropped.spool_corrupt).toBeGreaterThanOrEqual(1);
    expect(await sigterm(second)).toBe(0);
  });

  it('drops the oldest readings at the byte cap and reports them as gaps with the right count', async () => {
    const { tmp, receiver, collector, forwarder } = await setup('gb-cap-');
    await receiver.stop();
    const sim = {
      id: 'sim-cap',
      type: 'simulated',
      ratePerS: 200,
      resume: false,
      channels: [{ id: 'v', kind: 'measurement' }],
    };
    const cfg = writeAgentConfig(tmp.dir, 'agent.yaml', {
      collector,
      forwarder,
      spool: { maxBytes: 40_000, flushIntervalMs: 50 },
      inputs: [sim],
    });
    const agent = startAgent(cfg);
    cleanups.push(() => agent.stop());
    await waitStarted(agent);
    await waitFor(
      'the cap to drop readings twice',
      async () => ((await fetchStatus(agent)).spool.dropped.spool_full ?? 0) > 600,
      {
        timeoutMs: 30_000,
      },
    );
    expect(await sigterm(agent)).toBe(0);
    const dropped = logLines(agent, 'spool cap reached').reduce((n, l) => n + (l.dropped as number), 0);

    await receiver.start();
    const drain = startAgent(writeAgentConfig(tmp.dir, 'drain.yaml', { collector, forwarder, inputs: [] }));
    cleanups.push(() => drain.stop());
    await waitStarted(drain);
    await waitFor('the spool to drain', async () => (await fetchStatus(drain)).spool.depth === 0);
    expect(await sigterm(drain)).toBe(0);

    const full = gaps(receiver).filter((g) => g.reason === 'spool_full');
    expect(full.length).toBeGreaterThanOrEqual(2);
    expect(full.reduce((n, g) => n + g.dropped, 0)).toBe(dropped);
    // Every seq the first run handed out either arrived or lies in a gap; within a gap's range only
    // gap readings arrived (the caps never drop a report), and `dropped` counts exactly the rest.
    const maxSeq = Math.max(...receiver.stored.keys());
    for (const g of full) {
      let arrived = 0;
      for (let s = g.fromSeq!; s <= g.toSeq!; s++) {
        const r = receiver.stored.get(s);
        if (r) {
          expect(r.kind).toBe('gap');
          arrived++;
        }
      }
      expect(g.toSeq! - g.fromSeq! + 1 - arrived).toBe(g.dropped);
    }
    const inGap = (s: number) => full.some((g) => s >= g.fromSeq! && s <= g.toSeq!);
    const missing: number[] = [];
    for (let s = 1; s <= maxSeq; s++) if (!receiver.stored.has(s) && !inGap(s)) missing.push(s);
    expect(missing).toEqual([]);
  });

  it('loses nothing when SIGTERM arrives during a burst', async () => {
    const { tmp, receiver, collector, forwarder } = await setup('gb-term-');
    const sim = {
      id: 'sim-burst',
      type: 'simulated',
      ratePerS: 1000,
      resume: false, // so only what the agent committed before exiting can arrive
      channels: [
        { id: 'a', kind: 'measurement' },
        { id: 'b', kind: 'measurement' },
        { id: 'n', kind: 'count', every: 2 },
      ],
    };
    const cfg = writeAgentConfig(tmp.dir, 'agent.yaml', {
      collector,
      forwarder,
      spool: { flushIntervalMs: 500 },
      inputs: [sim],
    });
    const agent = startAgent(cfg);
    cleanups.push(() => agent.stop());
    await waitStarted(agent);
    await waitFor('a burst under way', () => receiver.readingsOf('sim-burst').length > 2_000, { timeoutMs: 30_000 });
    expect(await sigterm(agent)).toBe(0);
    const stopped = logLines(agent, 'simulated input stopped')[0]!;
    const drain = startAgent(writeAgentConfig(tmp.dir, 'drain.yaml', { collector, forwarder, inputs: [] }));
    cleanups.push(() => drain.stop());
    await waitStarted(drain);
    await waitFor('the spool to drain', async () => (await fetchStatus(drain)).spool.depth === 0);
    expect(await sigterm(drain)).toBe(0);
    const got = receiver.readingsOf('sim-burst');
    expect(got.length).toBe(stopped.produced);
    expect(
      exactlyOnceProblems(got, sim, tickOf(sim, stopped.firstTs as number), tickOf(sim, stopped.lastTs as number)),
    ).toEqual([]);
  });

  it('never reuses a delivered seq after the WAL file is lost, and reports the loss', async () => {
    const { tmp, receiver, collector, forwarder } = await setup('gb-wal-');
    const sim = {
      id: 'sim-w',
      type: 'simulated',
      ratePerS: 100,
      resume: false,
      channels: [{ id: 'v', kind: 'measurement' }],
    };
    const cfg = writeAgentConfig(tmp.dir, 'agent.yaml', { collector, forwarder, inputs: [sim] });
    // A clean run first, so spool.db itself holds a counter (checkpointed at the clean close).
    const first = startAgent(cfg);
    cleanups.push(() => first.stop());
    await waitStarted(first);
    await waitFor('readings delivered', () => receiver.readingsOf('sim-w').length > 50);
    expect(await sigterm(first)).toBe(0);
    // A second run delivers more readings, whose commits are only in the WAL, then crashes and the WAL is lost.
    const second = startAgent(cfg);
    cleanups.push(() => second.stop());
    await waitStarted(second);
    const before = receiver.readingsOf('sim-w').length;
    await waitFor('more readings delivered', () => receiver.readingsOf('sim-w').length > before + 100);
    await kill9(second);
    const file = path.join(tmp.dir, 'data', 'spool.db');
    expect(existsSync(`${file}-wal`)).toBe(true);
    rmSync(`${file}-wal`);
    const delivered = receiver.readingsOf('sim-w').length;
    const maxDelivered = Math.max(...receiver.stored.keys());

    const third = startAgent(cfg);
    cleanups.push(() => third.stop());
    await waitStarted(third);
    await waitFor('new readings stored after the restart', () => receiver.readingsOf('sim-w').length > delivered + 100);
    expect(receiver.conflicts).toEqual([]);
    const gap = gaps(receiver).find((g) => g.reason === 'spool_corrupt');
    expect(gap?.detail).toContain('wal_lost');
    expect(gap!.toSeq!).toBeGreaterThanOrEqual(maxDelivered);
    expect((await fetchStatus(third)).spool.problem?.code).toBe('spool_wal_lost');
    expect(logLines(third, 'the spool WAL file was lost').length).toBe(1);
    expect(await sigterm(third)).toBe(0);
  });
});
