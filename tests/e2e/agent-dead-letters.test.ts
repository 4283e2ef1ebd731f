import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cleanupAfterEach, tempDir, waitFor } from '@gongbang/harness';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AGENT_BIN,
  fetchStatus,
  sigterm,
  startAgent,
  waitStarted,
  writeAgentConfig,
} from '../../packages/edge-agent/test/support/agent-process.js';
import { collectorUrl, startCollector, writeCollectorConfig } from './collector-process.js';

const run = promisify(execFile);
const cleanups = cleanupAfterEach(afterEach);
const AGENT_TOKEN = 'agent-token-dead-0123456789';
const ADMIN_TOKEN = 'admin-token-dead-0123456789';
const SIM = { id: 'sim-dl', type: 'simulated', ratePerS: 20, seed: 5 };

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [AGENT_BIN, ...args]);
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** Seqs of every reading of `source` the collector stored (through GET /api/v1/readings). */
async function storedSeqs(url: string, source: string): Promise<number[]> {
  const out: number[] = [];
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams({
      workshop: 'ws-dl',
      source,
      from: '0',
      to: String(Date.now() + 3_600_000),
      limit: '10000',
    });
    if (cursor) q.set('cursor', cursor);
    const res = await fetch(`${url}/api/v1/readings?${q}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const body = (await res.json()) as { readings: Array<{ seq: number }>; next: string | null };
    out.push(...body.readings.map((r) => r.seq));
    cursor = body.next;
  } while (cursor);
  return out;
}

/**
 * A collector URL with a wrong path makes the collector answer 404 and the agent park its
 * readings as dead letters (issue #10, item 13). After the URL is fixed, `dead-letters resend`
 * brings every one of them in, with the agent running and with it stopped — real processes.
 */
describe('gongbang-agent dead-letters against the real collector', () => {
  it('lists readings refused because of a wrong URL, and resends them all, running and stopped', async () => {
    const tmp = await tempDir('gb-dead-letters-');
    cleanups.push(tmp.remove);
    const collector = startCollector([
      '--config',
      writeCollectorConfig(tmp.dir, {
        agents: [{ id: 'e2e-agent', workshop: 'ws-dl', token: AGENT_TOKEN }],
        apiTokens: [{ id: 'admin', role: 'admin', token: ADMIN_TOKEN }],
        log: { level: 'warn' },
      }),
    ]);
    cleanups.push(() => collector.stop());
    const url = await collectorUrl(collector);
    const configFor = (name: string, collectorBase: string) =>
      writeAgentConfig(tmp.dir, name, {
        collector: { url: collectorBase, token: AGENT_TOKEN },
        spool: { flushIntervalMs: 250 },
        forwarder: { batchMaxReadings: 50, backoff: { initialMs: 100, maxMs: 500 } },
        inputs: [SIM],
      });
    const startRunning = async (file: string) => {
      const a = startAgent(file);
      cleanups.push(() => a.stop());
      await waitStarted(a);
      return a;
    };
    const deadLetters = async (file: string) => {
      const r = await cli(['dead-letters', 'list', '--config', file, '--json', '--limit', '100000']);
      expect(r.code, r.out).toBe(0);
      return JSON.parse(r.out) as { total: number; deadLetters: Array<{ seq: number; code: string; source: string }> };
    };
    const parkSome = async (file: string) => {
      const a = await startRunning(file);
      await waitFor('dead letters', async () => ((await fetchStatus(a)).spool.deadLetters ?? 0) >= 20, {
        timeoutMs: 30_000,
      });
      return a;
    };

    // 1. A typo in the path: every batch is answered 404 and parked.
    const wrong = configFor('wrong.yaml', `${url}/gongbnag/`);
    const first = await parkSome(wrong);
    const listedRunning = await cli(['dead-letters', 'list', '--config', wrong, '--lang', 'en']);
    expect(listedRunning.out).toMatch(/Dead letters: \d+/);
    // The code is the collector's answer to an unknown route (404 not_found once it says so).
    expect(listedRunning.out).toMatch(/seq \d+ .* measurement from sim-dl — \w+: /);
    expect(listedRunning.out).toMatch(/dead-letters resend --config/);
    const status = await cli(['status', '--config', wrong, '--lang', 'en']);
    expect(status.out).toMatch(/See and resend dead letters: gongbang-agent dead-letters list\|resend --config/);
    await sigterm(first);
    const parked = await deadLetters(wrong);
    expect(parked.total).toBeGreaterThanOrEqual(20);
    const ko = await cli(['dead-letters', 'list', '--config', wrong, '--lang', 'ko']);
    expect(ko.out).toMatch(/거부된 값 \(보관함\): \d+건/);

    // 2. The URL fixed (typed with /api/v1, which the agent strips); resend while it runs.
    const fixed = configFor('fixed.yaml', `${url}/api/v1`);
    const second = await startRunning(fixed);
    const resent = await cli(['dead-letters', 'resend', '--config', fixed, '--lang', 'en']);
    expect(resent.code, resent.out).toBe(0);
    expect(resent.out).toMatch(new RegExp(`${parked.total} reading\\(s\\) moved back to the queue`));
    expect(resent.out).toMatch(/running agent sends them now/);
    const want = parked.deadLetters.filter((d) => d.source === 'sim-dl').map((d) => d.seq);
    await waitFor(
      'every resent reading in the store',
      async () => {
        const have = new Set(await storedSeqs(url, 'sim-dl'));
        return want.every((s) => have.has(s));
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    expect((await fetchStatus(second)).spool.deadLetters).toBe(0);
    await sigterm(second);
    expect((await deadLetters(fixed)).total).toBe(0);

    // 3. Wrong again, then resend with the agent stopped: sent once it runs with the right URL.
    const third = await parkSome(wrong);
    await sigterm(third);
    const again = await deadLetters(wrong);
    const offline = await cli(['dead-letters', 'resend', '--config', wrong, '--code', again.deadLetters[0]!.code]);
    expect(offline.out).toMatch(/sent when the agent runs|에이전트를 시작하면 보냅니다/);
    expect((await deadLetters(wrong)).total).toBe(0);
    const fourth = await startRunning(configFor('plain.yaml', url));
    const want2 = again.deadLetters.filter((d) => d.source === 'sim-dl').map((d) => d.seq);
    await waitFor(
      'the readings resent while stopped in the store',
      async () => {
        const have = new Set(await storedSeqs(url, 'sim-dl'));
        return want2.every((s) => have.has(s));
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    // Stored once each: the collector keys readings by (agent, seq).
    const all = await storedSeqs(url, 'sim-dl');
    expect(new Set(all).size).toBe(all.length);
    await sigterm(fourth);
  }, 180_000);
});
