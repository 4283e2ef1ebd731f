import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { assertAlive, type ManagedProcess, startProcess, waitFor } from '@gongbang/harness';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { bearerJson, seededCollectorForSuite } from './collector-process.js';

const run = promisify(execFile);
const AGENT = fileURLToPath(new URL('../../packages/edge-agent/bin/gongbang-agent.js', import.meta.url));

// biome-ignore lint/suspicious/noExplicitAny: JSON answers read in assertions
type Json = Record<string, any>;

/**
 * The technician's day as real processes: `gongbang-collector serve`, `gongbang-agent enroll`,
 * `gongbang-agent run`; a config edited in the collector reaches the running agent with its
 * heartbeat, its readings arrive, and a config that cannot start is rolled back.
 */
describe('serve + enroll + run: remote config reaches a running agent', () => {
  const server = seededCollectorForSuite('gongbang-day-');
  let agent: ManagedProcess | undefined;
  afterAll(async () => {
    await agent?.stop();
  });

  const tech = bearerJson(
    () => server.url,
    () => server.world.tokens.technician,
  );

  it('enrolls, runs, applies v2, delivers its readings, and rolls back a v3 that cannot start', async () => {
    const { code } = (await tech('POST', '/api/v1/workshops/ws-a/enrollment-codes', { agentId: 'ws-a-pc' })).body;
    await run(process.execPath, [AGENT, 'enroll', '--collector', server.url, '--code', code], { cwd: server.dir });
    // A quick heartbeat and no status page for the test; everything else as enrolled.
    const yamlFile = path.join(server.dir, 'agent.yaml');
    const local = parse(readFileSync(yamlFile, 'utf8'));
    writeFileSync(
      yamlFile,
      stringify({
        ...local,
        jobs: { heartbeat: '* * * * * *' },
        statusPage: { enabled: false },
        log: { level: 'warn' },
      }),
    );
    agent = startProcess(process.execPath, [AGENT, 'run', '--config', yamlFile], { cwd: server.dir });

    const v2 = await tech('PUT', '/api/v1/agents/ws-a-pc/config', {
      config: { agent: { id: 'ws-a-pc' }, inputs: [{ id: 'sim-1', type: 'simulated', ratePerS: 10 }] },
    });
    expect(v2.body.version).toBe(2);
    const state = () => {
      assertAlive(agent as ManagedProcess, 'gongbang-agent run');
      return tech('GET', '/api/v1/agents/ws-a-pc/config').then((r) => r.body);
    };
    await waitFor('the agent to run config v2', async () => (await state()).appliedVersion === 2, {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    const readings = async () => {
      const res = await fetch(`${server.url}/api/v1/readings?workshop=ws-a&source=sim-1`, {
        headers: { authorization: `Bearer ${server.world.tokens.owner}` },
      });
      const body = (await res.json()) as Json;
      return (body.readings ?? []) as unknown[];
    };
    await waitFor('readings of sim-1 in the store', async () => (await readings()).length > 0, {
      timeoutMs: 60_000,
      intervalMs: 500,
    });

    // v3 asks for a broker on the collector's own port: the schema accepts it, starting it fails.
    const port = Number(new URL(server.url).port);
    const broker = {
      id: 'broker-1',
      type: 'mqtt-broker',
      port,
      devices: [{ username: 'plug-1', password: 'secret-pass' }],
      topics: [{ topic: 'devices/plug-1/power', payload: { format: 'number', channel: 'power_w', unit: 'W' } }],
    };
    const v3 = await tech('PUT', '/api/v1/agents/ws-a-pc/config', {
      config: { agent: { id: 'ws-a-pc' }, inputs: [{ id: 'sim-1', type: 'simulated', ratePerS: 10 }, broker] },
    });
    expect(v3.body.version).toBe(3);
    await waitFor('the agent to report v3 failed', async () => (await state()).failedVersion === 3, {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    const after = await state();
    expect(after.appliedVersion).toBe(2);
    expect(String(after.failedReason)).toMatch(/EADDRINUSE|address/i);
    const count = (await readings()).length;
    await waitFor('sim-1 to keep delivering after the rollback', async () => (await readings()).length > count, {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
  });
});
