import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Registry } from '../../src/compose/registry.js';
import { SECRET_MASK } from '../../src/remote-config/secrets.js';
import { buildRegistryApp, DIALECTS, seed, startTestRegistry } from './registry-fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers read in assertions
type Json = Record<string, any>;

const TOPICS = [{ topic: 'shelly/{plug}', source: 'plug-{plug}', payload: { format: 'shelly-gen2' } }];
const device = (username: string, password: string) => ({ username, password });
const configWith = (devices: Json[], cloudPassword: string, cloudUser = 'gongbang') => ({
  agent: { id: 'agent-a' },
  inputs: [
    { id: 'shop-mqtt', type: 'mqtt-broker', port: 0, devices, topics: TOPICS },
    {
      id: 'cloud',
      type: 'mqtt-subscribe',
      url: 'mqtt://broker.example.kr:1883',
      username: cloudUser,
      password: cloudPassword,
      tls: { keyFile: '/etc/gongbang/client.key' },
      topics: TOPICS,
    },
  ],
});

describe.each(DIALECTS)('secrets in remote configs on %s', (dialect) => {
  let registry: Registry;
  let close: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildRegistryApp>>;
  let world: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    ({ registry, close } = await startTestRegistry(dialect));
    world = await seed(registry);
    app = await buildRegistryApp(registry);
    const first = configWith([device('iron-plug', 'iron-secret-1'), device('press', 'press-secret-2')], 'cloud-pw-3');
    const put = await app.inject({
      method: 'PUT',
      url: '/api/v1/agents/agent-a/config',
      headers: { authorization: `Bearer ${world.tokens.technician}` },
      payload: { config: first },
    });
    expect(put.statusCode, put.body).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
  });

  const get = (token: string) =>
    app.inject({ method: 'GET', url: '/api/v1/agents/agent-a/config', headers: { authorization: `Bearer ${token}` } });
  const put = (token: string, config: unknown) =>
    app.inject({
      method: 'PUT',
      url: '/api/v1/agents/agent-a/config',
      headers: { authorization: `Bearer ${token}` },
      payload: { config },
    });
  const stored = async () => (await registry.remoteConfigs.latest('agent-a'))?.config as Json;

  it('shows the secrets to the workshop’s technician and to admins', async () => {
    for (const token of [world.tokens.technician, world.tokens.admin]) {
      const body = (await get(token)).json();
      expect(body.current.secretsMasked).toBe(false);
      expect(body.current.config.inputs[0].devices[0].password).toBe('iron-secret-1');
      expect(body.current.config.inputs[1].password).toBe('cloud-pw-3');
    }
  });

  it('masks every secret for an evaluator, and only the secrets', async () => {
    const res = await get(world.tokens.evaluator);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(/iron-secret-1|press-secret-2|cloud-pw-3/);
    const { current } = res.json();
    expect(current.secretsMasked).toBe(true);
    expect(current.config.inputs[0].devices).toEqual([device('iron-plug', SECRET_MASK), device('press', SECRET_MASK)]);
    expect(current.config.inputs[1]).toMatchObject({
      username: 'gongbang',
      password: SECRET_MASK,
      tls: { keyFile: '/etc/gongbang/client.key' },
    });
  });

  it('keeps the real secrets when a masked config is saved again, reordered and edited', async () => {
    const masked = (await get(world.tokens.evaluator)).json().current.config;
    masked.inputs[0].devices.reverse();
    masked.inputs[1].username = 'gongbang-2';
    const res = await put(world.tokens.technician, masked);
    expect(res.statusCode, res.body).toBe(200);
    const config = await stored();
    expect(config.inputs[0].devices).toEqual([device('press', 'press-secret-2'), device('iron-plug', 'iron-secret-1')]);
    expect(config.inputs[1]).toMatchObject({ username: 'gongbang-2', password: 'cloud-pw-3' });
    // The agent itself gets the real config with its heartbeat.
    const hb = await app.inject({
      method: 'POST',
      url: '/api/v1/agent/heartbeat',
      headers: { authorization: `Bearer ${world.agentTokens.a}` },
      payload: {},
    });
    expect(hb.json().config.config.inputs[1].password).toBe('cloud-pw-3');
  });

  it('refuses a mask where no secret is stored, naming the path', async () => {
    const current = await stored();
    current.inputs[0].devices.push(device('new-plug', SECRET_MASK));
    const res = await put(world.tokens.technician, current);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues).toEqual([expect.objectContaining({ path: 'inputs[0].devices[2].password' })]);
  });

  it('takes a newly typed secret', async () => {
    const current = await stored();
    current.inputs[1].password = 'cloud-pw-rotated';
    expect((await put(world.tokens.admin, current)).statusCode).toBe(200);
    expect((await stored()).inputs[1].password).toBe('cloud-pw-rotated');
  });
});
