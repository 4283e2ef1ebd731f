import { cleanupAfterEach, tempDir, waitFor } from '@gongbang/harness';
import type { Reading } from '@gongbang/shared';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fetchStatus,
  logLines,
  sigterm,
  startAgent,
  waitStarted,
  writeAgentConfig,
} from '../../packages/edge-agent/test/support/agent-process.js';
import { exactlyOnceProblems, tickOf } from '../../packages/edge-agent/test/support/exactly-once.js';
import { TestReceiver } from '../../packages/edge-agent/test/support/receiver.js';

const cleanups = cleanupAfterEach(afterEach);

const SIM = {
  id: 'sim-2',
  type: 'simulated',
  ratePerS: 100,
  seed: 99,
  channels: [
    { id: 'power_w', kind: 'measurement', unit: 'W' },
    { id: 'orders', kind: 'scan', every: 10 },
  ],
};

describe('agent process against a failing collector', () => {
  it('survives a long outage, 500, 503 with Retry-After, 413 and one poisoned batch, and loses nothing', async () => {
    const tmp = await tempDir('gb-fail-');
    cleanups.push(tmp.remove);
    // Port 0: the receiver binds a port at its first start and comes back on that same port.
    const receiver = new TestReceiver({ token: 'tok' });
    cleanups.push(() => receiver.stop());
    const base = {
      collector: { url: `http://127.0.0.1:${0}`, token: 'tok' },
      spool: { flushIntervalMs: 50 },
      // A long backoff: only the "is it back?" probe can bring the agent back quickly.
      forwarder: { batchMaxReadings: 400, backoff: { initialMs: 60_000, maxMs: 600_000 }, probeIntervalMs: 200 },
      jobs: { heartbeat: '*/2 * * * * *' },
    };
    await receiver.start();
    const url = receiver.url;
    await receiver.stop(); // the collector is down when the agent starts
    base.collector.url = url;
    const cfg = writeAgentConfig(tmp.dir, 'agent.yaml', { ...base, inputs: [SIM] });
    const agent = startAgent(cfg);
    cleanups.push(() => agent.stop());
    await waitStarted(agent);

    // Outage: readings pile up in the spool, the forwarder backs off for a long time.
    await waitFor('a failed upload', async () => (await fetchStatus(agent)).forwarder?.lastError?.code === 'network');
    await waitFor('a backlog', async () => (await fetchStatus(agent)).spool.depth > 300, { timeoutMs: 30_000 });
    const during = await fetchStatus(agent);
    expect(during.forwarder!.nextRetryAt! - during.at).toBeGreaterThan(20_000);
    await receiver.start();
    await waitFor('the backlog to drain', async () => (await fetchStatus(agent)).spool.depth < 100, {
      timeoutMs: 30_000,
    });
    expect(await sigterm(agent)).toBe(0);

    // The same agent (same spool) with a short backoff for the error answers.
    const short = { ...base, forwarder: { ...base.forwarder, backoff: { initialMs: 100, maxMs: 1_000 } } };
    const agent2 = startAgent(writeAgentConfig(tmp.dir, 'short.yaml', { ...short, inputs: [SIM] }));
    cleanups.push(() => agent2.stop());
    await waitStarted(agent2);

    receiver.mode = { kind: 'error', status: 500 };
    await waitFor('500 answers', () => receiver.answers.filter((s) => s === 500).length >= 2, { timeoutMs: 30_000 });
    receiver.mode = { kind: 'unavailable', retryAfterS: 1 };
    await waitFor('a 503', async () => (await fetchStatus(agent2)).forwarder?.lastError?.status === 503, {
      timeoutMs: 30_000,
    });
    const s503 = await fetchStatus(agent2);
    expect(s503.forwarder!.nextRetryAt! - s503.forwarder!.lastError!.at).toBeGreaterThanOrEqual(1_000);
    receiver.mode = { kind: 'ok' };

    // 413 for anything above 30 readings: the agent splits.
    receiver.maxReadings = 30;
    const n413 = receiver.answers.length;
    await waitFor(
      'a 413 and later acks',
      () => {
        const later = receiver.answers.slice(n413);
        return later.includes(413) && later.filter((s) => s === 200).length > 3;
      },
      { timeoutMs: 30_000 },
    );
    receiver.maxReadings = undefined;

    // One poisoned reading: a scan a second or two from now.
    const nowTick = tickOf(SIM, Date.now());
    const poisonTick = Math.ceil((nowTick + 150) / 10) * 10;
    const poisonText = `WO-${poisonTick}`;
    const isPoison = (r: Reading) => r.kind === 'scan' && r.text === poisonText;
    receiver.poison = isPoison;
    await waitFor(
      'the poisoned reading in the dead letters',
      async () => (await fetchStatus(agent2)).spool.deadLetters === 1,
      {
        timeoutMs: 30_000,
      },
    );
    const st = await fetchStatus(agent2);
    expect(st.deadLetters[0]).toMatchObject({ code: 'invalid_batch' });
    expect(receiver.answers).toContain(400);

    expect(await sigterm(agent2)).toBe(0);
    const lastTs = logLines(agent2, 'simulated input stopped')[0]!.lastTs as number;
    const drain = startAgent(writeAgentConfig(tmp.dir, 'drain.yaml', { ...short, inputs: [] }));
    cleanups.push(() => drain.stop());
    await waitStarted(drain);
    await waitFor('the spool to drain', async () => (await fetchStatus(drain)).spool.depth === 0, {
      timeoutMs: 30_000,
    });
    expect((await fetchStatus(drain)).spool.deadLetters).toBe(1);
    expect(await sigterm(drain)).toBe(0);

    const sim = receiver.readingsOf('sim-2');
    const fromTick = tickOf(SIM, Math.min(...sim.map((r) => r.ts)));
    expect(exactlyOnceProblems(receiver.stored.values(), SIM, fromTick, tickOf(SIM, lastTs), isPoison)).toEqual([]);
    expect(sim.some(isPoison)).toBe(false);
    expect(receiver.conflicts).toEqual([]);
  }, 120_000);
});
