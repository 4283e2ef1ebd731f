import { writeFileSync } from 'node:fs';
import { cleanupAfterEach, startPtyPair, tempDir, waitFor } from '@gongbang/harness';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent, waitStarted, writeAgentConfig } from '../../packages/edge-agent/test/support/agent-process.js';
import { collectorUrl, startCollector, stopGracefully, writeCollectorConfig } from './collector-process.js';

const cleanups = cleanupAfterEach(afterEach);

const AGENT_TOKEN = 'e2e-agent-token-0123456789';
const ADMIN_TOKEN = 'e2e-admin-token-0123456789';

describe('bytes at a serial port end up in the store', () => {
  it('stores scans written to a pty scanner port through a real agent and a real collector', async () => {
    const tmp = await tempDir('gb-pty-store-');
    cleanups.push(tmp.remove);
    const pty = await startPtyPair();
    cleanups.push(pty.close);

    const collector = startCollector([
      '--config',
      writeCollectorConfig(tmp.dir, {
        agents: [{ id: 'e2e-agent', workshop: 'ws-e2e', token: AGENT_TOKEN }],
        apiTokens: [{ id: 'admin', role: 'admin', token: ADMIN_TOKEN }],
      }),
    ]);
    cleanups.push(() => collector.stop());
    const url = await collectorUrl(collector);

    const agent = startAgent(
      writeAgentConfig(tmp.dir, 'agent.yaml', {
        collector: { url, token: AGENT_TOKEN },
        forwarder: { backoff: { initialMs: 50, maxMs: 500 }, probeIntervalMs: 100 },
        spool: { flushIntervalMs: 20 },
        inputs: [{ id: 'scanner-1', type: 'serial-scanner', port: pty.devicePath, terminator: 'CR' }],
      }),
    );
    cleanups.push(() => agent.stop());
    await waitStarted(agent);

    const scans = ['WO-2026-0001', ']C10108801234567893101234', '작업지시 A-1 😀'];
    for (const s of scans) writeFileSync(pty.testPath, Buffer.from(`${s}\r`, 'utf8'));

    const stored = await waitFor(
      'three scans in the collector store',
      async () => {
        const r = await fetch(`${url}/api/v1/readings?workshop=ws-e2e&kind=scan&from=0`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        const body = (await r.json()) as { readings: Array<{ agent: string; source: string; text: string | null }> };
        return body.readings.length >= 3 ? body.readings : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(stored.map((s) => s.text)).toEqual(['WO-2026-0001', '0108801234567893101234', '작업지시 A-1 😀']);
    expect(new Set(stored.map((s) => `${s.agent}/${s.source}`))).toEqual(new Set(['e2e-agent/scanner-1']));
    expect(await stopGracefully(agent)).toBe(0);
    expect(await stopGracefully(collector)).toBe(0);
  });
});
