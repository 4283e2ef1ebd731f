import { cleanupAfterEach, tempDir, waitFor } from '@gongbang/harness';
import type { Reading } from '@gongbang/shared';
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
import { collectorUrl, startCollector, stopGracefully, writeCollectorConfig } from './collector-process.js';

const cleanups = cleanupAfterEach(afterEach);

const AGENT_TOKEN = 'agent-token-e2e-0123456789';
const ADMIN_TOKEN = 'admin-token-e2e-0123456789';
const SIM = {
  id: 'sim-col',
  type: 'simulated',
  ratePerS: 100,
  seed: 77,
  channels: [
    { id: 'power_w', kind: 'measurement', unit: 'W' },
    { id: 'orders', kind: 'scan', every: 25 },
  ],
};

/** Every reading of a source in the collector's store, through GET /api/v1/readings, page by page. */
async function storedReadings(url: string, source: string, from: number, to: number): Promise<Reading[]> {
  const out: Reading[] = [];
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams({ workshop: 'ws-e2e', source, from: String(from), to: String(to), limit: '10000' });
    if (cursor) q.set('cursor', cursor);
    const res = await fetch(`${url}/api/v1/readings?${q}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const body = (await res.json()) as { readings: Array<Reading & { agent: string }>; next: string | null };
    if (res.status !== 200) throw new Error(`GET /api/v1/readings ${res.status}: ${JSON.stringify(body)}`);
    for (const { agent: _a, ...r } of body.readings) out.push(r as Reading);
    cursor = body.next;
  } while (cursor);
  return out;
}

describe('agent process against the real collector', () => {
  it('stores every reading of a deterministic input exactly once through seeded SIGKILLs and restarts', async () => {
    const tmp = await tempDir('gb-agent-col-');
    cleanups.push(tmp.remove);
    const collector = startCollector([
      '--config',
      writeCollectorConfig(tmp.dir, {
        agents: [{ id: 'e2e-agent', workshop: 'ws-e2e', token: AGENT_TOKEN }],
        apiTokens: [{ id: 'admin', role: 'admin', token: ADMIN_TOKEN }],
      }),
    ]);
    cleanups.push(() => collector.stop());
    const url = await collectorUrl(collector);
    const base = {
      collector: { url, token: AGENT_TOKEN },
      spool: { flushIntervalMs: 50 },
      forwarder: { batchMaxReadings: 300, backoff: { initialMs: 100, maxMs: 1_000 }, probeIntervalMs: 200 },
    };
    const cfg = writeAgentConfig(tmp.dir, 'agent.yaml', { ...base, inputs: [SIM] });
    // Seeded SIGKILLs at random moments while the agent spools and forwards.
    const random = seeded(7_2026);
    for (let round = 0; round < 4; round++) {
      const a = startAgent(cfg);
      cleanups.push(() => a.stop());
      await waitStarted(a);
      await waitFor('uploads', async () => ((await fetchStatus(a)).forwarder?.delivered ?? 0) > 20, {
        timeoutMs: 30_000,
      });
      await new Promise((r) => setTimeout(r, Math.floor(random() * 800)));
      await kill9(a);
    }

    const second = startAgent(cfg);
    cleanups.push(() => second.stop());
    await waitStarted(second);
    await waitFor('more uploads', async () => ((await fetchStatus(second)).forwarder?.delivered ?? 0) > 200, {
      timeoutMs: 30_000,
    });
    expect(await sigterm(second)).toBe(0);
    const lastTs = logLines(second, 'simulated input stopped')[0]!.lastTs as number;

    const drain = startAgent(writeAgentConfig(tmp.dir, 'drain.yaml', { ...base, inputs: [] }));
    cleanups.push(() => drain.stop());
    await waitStarted(drain);
    await waitFor('the spool to drain', async () => (await fetchStatus(drain)).spool.depth === 0, {
      timeoutMs: 30_000,
    });
    const st = await fetchStatus(drain);
    expect(st.spool.deadLetters).toBe(0);
    expect(typeof st.forwarder?.clockOffsetMs).toBe('number');
    expect(await sigterm(drain)).toBe(0);

    const stored = await storedReadings(url, 'sim-col', lastTs - 3_600_000, Date.now() + 1_000);
    const fromTick = tickOf(SIM, Math.min(...stored.map((r) => r.ts)));
    expect(exactlyOnceProblems(stored, SIM, fromTick, tickOf(SIM, lastTs))).toEqual([]);
    expect(await stopGracefully(collector)).toBe(0);
  }, 90_000);
});
