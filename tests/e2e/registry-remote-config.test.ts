import { statSync } from 'node:fs';
import net from 'node:net';
import { tempDir, waitFor } from '@gongbang/harness';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../packages/collector/src/app.js';
import type { Registry } from '../../packages/collector/src/compose/registry.js';
import { parseCollectorConfig } from '../../packages/collector/src/config/index.js';
import { seed, startTestRegistry } from '../../packages/collector/test/integration/registry-fixtures.js';
import { Agent } from '../../packages/edge-agent/src/agent.js';
import { type AgentConfig, loadAgentConfig } from '../../packages/edge-agent/src/config/index.js';
import { exchangeEnrollmentCode, writeEnrollment } from '../../packages/edge-agent/src/enroll/index.js';
import {
  attachRemoteConfig,
  effectiveConfig,
  type RemoteConfigSync,
} from '../../packages/edge-agent/src/remote-config/index.js';
import { bearerJson } from './collector-process.js';

const silent = pino({ level: 'silent' });
const sim = (id: string) => ({ id, type: 'simulated', ratePerS: 20 });

describe('remote config round trip: collector → heartbeat → agent, with a bad config rolled back', () => {
  let registry: Registry;
  let closeRegistry: () => Promise<void>;
  let app: FastifyInstance;
  let url: string;
  let dir: { dir: string; remove: () => Promise<void> };
  let world: Awaited<ReturnType<typeof seed>>;
  let agent: Agent | undefined;
  let busy: net.Server | undefined;

  beforeAll(async () => {
    dir = await tempDir('gongbang-rc-e2e-');
    ({ registry, close: closeRegistry } = await startTestRegistry('sqlite'));
    world = await seed(registry);
    const config = parseCollectorConfig({
      dataDir: `${dir.dir}/collector`,
      server: { port: 0 },
      log: { level: 'silent' },
    });
    app = await buildApp({ config, registry, logger: false, processMetrics: false });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await agent?.stop();
    await app?.close();
    await closeRegistry?.();
    await new Promise<void>((r) => (busy ? busy.close(() => r()) : r()));
    await dir?.remove();
  });

  const tech = bearerJson(
    () => url,
    () => world.tokens.technician,
  );

  it('enrolls, delivers with the enrolled token, applies a new config and rolls back a bad one', async () => {
    // Enrollment: the technician's code becomes a token file and an agent.yaml, both 0600.
    const code = (await tech('POST', '/api/v1/workshops/ws-a/enrollment-codes', { agentId: 'ws-a-pc' })).body
      .code as string;
    const grant = await exchangeEnrollmentCode({ collectorUrl: url, code, agentVersion: 'test' });
    const files = writeEnrollment(grant, url, {
      configFile: `${dir.dir}/agent/agent.yaml`,
      dataDir: `${dir.dir}/agent/data`,
    });
    for (const f of [files.configFile, files.tokenFile, files.recordFile, files.remoteConfigFile])
      expect(statSync(f).mode & 0o777).toBe(0o600);

    const local: Readonly<AgentConfig> = {
      ...loadAgentConfig(files.configFile),
      statusPage: { enabled: false, host: '127.0.0.1', port: 0 },
    };
    const start = effectiveConfig(local, silent);
    expect(start.version).toBe(1);
    agent = new Agent(start.config, { logger: silent });
    const sync = attachRemoteConfig(agent, start.config, start.version, silent) as RemoteConfigSync;
    await agent.start();

    // A technician edits the config: a simulated device appears; the agent pulls it with its heartbeat.
    const v2 = await tech('PUT', '/api/v1/agents/ws-a-pc/config', {
      config: { agent: { id: 'ws-a-pc' }, inputs: [sim('sim-1')] },
    });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ version: 2, author: 'tech' });
    await agent.heartbeat();
    expect(sync.state().appliedVersion).toBe(2);
    expect(agent.status().inputs.map((i) => i.id)).toEqual(['sim-1']);
    // The forwarder delivers with the enrolled token through the collector's ingest.
    await waitFor('readings delivered', () => (agent?.status().forwarder?.delivered ?? 0) > 0, { timeoutMs: 30_000 });

    // A config the schema accepts but that cannot start (its broker port is taken) is rolled back.
    busy = net.createServer();
    await new Promise<void>((r) => busy?.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as net.AddressInfo).port;
    const broker = {
      id: 'broker-1',
      type: 'mqtt-broker',
      port,
      devices: [{ username: 'plug-1', password: 'secret-pass' }],
      topics: [{ topic: 'devices/plug-1/power', payload: { format: 'number', channel: 'power_w', unit: 'W' } }],
    };
    const v3 = await tech('PUT', '/api/v1/agents/ws-a-pc/config', {
      config: { agent: { id: 'ws-a-pc' }, inputs: [sim('sim-1'), broker] },
    });
    expect(v3.body).toMatchObject({ version: 3 });
    const before = agent.status().forwarder?.delivered ?? 0;
    await agent.heartbeat();
    expect(sync.state()).toMatchObject({ appliedVersion: 2, failedVersion: 3 });
    expect(agent.status().inputs.map((i) => i.id)).toEqual(['sim-1']);
    const seen = await tech('GET', '/api/v1/agents/ws-a-pc/config');
    expect(seen.body).toMatchObject({ appliedVersion: 2, failedVersion: 3 });
    expect(String(seen.body.failedReason)).toMatch(/EADDRINUSE|address/i);
    // Readings keep flowing from the inputs of the last good config.
    await waitFor('more readings delivered', () => (agent?.status().forwarder?.delivered ?? 0) > before, {
      timeoutMs: 30_000,
    });
    expect(agent.spool.stats().dropped).toEqual({});

    // After a restart the agent starts from the last good remote config, not the enrolled file.
    await agent.stop();
    agent = undefined;
    const again = effectiveConfig(local, silent);
    expect(again.version).toBe(2);
    expect(again.config.inputs.map((i) => i.id)).toEqual(['sim-1']);
  });

  it('refuses a config the agent schema rejects, naming the path', async () => {
    const res = await tech('PUT', '/api/v1/agents/ws-a-pc/config', {
      config: { agent: { id: 'ws-a-pc' }, inputs: [{ id: 'x', type: 'fax' }] },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/inputs\[0\]/);
  });
});
