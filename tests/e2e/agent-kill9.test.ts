import { cleanupAfterEach, tempDir, waitFor } from '@gongbang/harness';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fetchStatus,
  kill9,
  logLines,
  seeded,
  sigterm,
  startAgent,
  waitStarted,
  writeAgentConfig,
} from '../../packages/edge-agent/test/support/agent-process.js';
import { exactlyOnceProblems, tickOf } from '../../packages/edge-agent/test/support/exactly-once.js';
import { TestReceiver } from '../../packages/edge-agent/test/support/receiver.js';

const cleanups = cleanupAfterEach(afterEach);

const SIM = {
  id: 'sim-1',
  type: 'simulated',
  ratePerS: 200,
  seed: 4242,
  channels: [
    { id: 'power_w', kind: 'measurement', unit: 'W', min: 0, max: 3000 },
    { id: 'pieces', kind: 'count', every: 5 },
    { id: 'orders', kind: 'scan', every: 20 },
  ],
};

describe('agent process killed with SIGKILL at random moments', () => {
  it('delivers every reading of a deterministic input exactly once over many seeded rounds', async () => {
    const tmp = await tempDir('gb-kill9-');
    cleanups.push(tmp.remove);
    const receiver = new TestReceiver({ token: 'kill9-token' });
    await receiver.start();
    cleanups.push(() => receiver.stop());
    const base = {
      collector: { url: receiver.url, token: 'kill9-token' },
      spool: { flushIntervalMs: 50 },
      forwarder: { batchMaxReadings: 150, backoff: { initialMs: 50, maxMs: 500 }, probeIntervalMs: 100 },
      jobs: { heartbeat: '* * * * * *' },
    };
    const withInputs = writeAgentConfig(tmp.dir, 'agent.yaml', { ...base, inputs: [SIM] });
    const drainOnly = writeAgentConfig(tmp.dir, 'drain.yaml', { ...base, inputs: [] });

    const random = seeded(20261126);
    const rounds = 8;
    for (let round = 0; round < rounds; round++) {
      const agent = startAgent(withInputs);
      cleanups.push(() => agent.stop());
      await waitStarted(agent);
      // Some rounds with the collector failing, so kills also land between a send and its ack.
      const r = random();
      receiver.mode = r < 0.25 ? { kind: 'unavailable', retryAfterS: 0 } : { kind: 'ok' };
      await new Promise((res) => setTimeout(res, 150 + Math.floor(random() * 1_200)));
      await kill9(agent);
      receiver.mode = { kind: 'ok' };
    }

    // A last round stopped cleanly, so its log says the last tick it handed to the spool.
    const last = startAgent(withInputs);
    cleanups.push(() => last.stop());
    await waitStarted(last);
    await waitFor('fresh readings to arrive', () => receiver.readingsOf('sim-1').length > 0, { timeoutMs: 30_000 });
    expect(await sigterm(last)).toBe(0);
    const stopped = logLines(last, 'simulated input stopped')[0];
    expect(stopped, last.output()).toBeDefined();

    const drain = startAgent(drainOnly);
    cleanups.push(() => drain.stop());
    await waitStarted(drain);
    await waitFor('the spool to drain', async () => (await fetchStatus(drain)).spool.depth === 0, {
      timeoutMs: 30_000,
    });
    expect(await sigterm(drain)).toBe(0);

    const sim = receiver.readingsOf('sim-1');
    const fromTick = tickOf(SIM, Math.min(...sim.map((x) => x.ts)));
    const toTick = tickOf(SIM, stopped!.lastTs as number);
    expect(toTick - fromTick).toBeGreaterThan(200);
    expect(exactlyOnceProblems(receiver.stored.values(), SIM, fromTick, toTick)).toEqual([]);
    expect(receiver.conflicts).toEqual([]);
    // Nothing was dropped on the way: no gap readings at all.
    expect([...receiver.stored.values()].filter((x) => x.kind === 'gap')).toEqual([]);
  }, 90_000);
});
