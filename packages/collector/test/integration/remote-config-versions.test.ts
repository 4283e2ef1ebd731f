import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import { SECRET_MASK } from '../../src/remote-config/secrets.js';
import { buildRegistryApp, seed, startTestRegistry } from './registry-fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers read in assertions
type Json = Record<string, any>;

const SERIAL = { id: 'scanner-1', type: 'serial-scanner', port: '/dev/ttyACM0', baudRate: 9600 };
const config = (extra: Json = {}) => ({ agent: { id: 'agent-a' }, inputs: [], ...extra });
const withCloud = (password: string) =>
  config({
    inputs: [
      {
        id: 'cloud',
        type: 'mqtt-subscribe',
        url: 'mqtt://broker.example.kr:1883',
        username: 'gongbang',
        password,
        topics: [{ topic: 'shelly/{plug}', source: 'plug-{plug}', payload: { format: 'shelly-gen2' } }],
      },
    ],
  });

/**
 * The dashboard's config editor needs two routes besides GET/PUT: a dry run of the save
 * (`…/config/validate`) and one earlier version (`…/config/versions/:version`) to show a diff and
 * roll back to it.
 */
describe('remote config: the dry run and one version', () => {
  let registry: Registry;
  let close: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildRegistryApp>>;
  let world: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    ({ registry, close } = await startTestRegistry('sqlite'));
    world = await seed(registry);
    app = await buildRegistryApp(registry);
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
  });

  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const validate = (token: string, body: object, agent = 'agent-a') =>
    app.inject({ method: 'POST', url: `/api/v1/agents/${agent}/config/validate`, headers: as(token), payload: body });
  const put = (token: string, body: object) =>
    app.inject({ method: 'PUT', url: '/api/v1/agents/agent-a/config', headers: as(token), payload: { config: body } });
  const version = (token: string, v: string, agent = 'agent-a') =>
    app.inject({ method: 'GET', url: `/api/v1/agents/${agent}/config/versions/${v}`, headers: as(token) });

  it('answers every issue with its path and stores nothing', async () => {
    const bad = config({ inputs: [{ ...SERIAL, baudRate: 'fast' }], surprise: 1 });
    const res = await validate(world.tokens.technician, { config: bad });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Json;
    expect(body.valid).toBe(false);
    const paths = (body.issues as Json[]).map((i) => i.path);
    expect(paths).toContain('inputs[0].baudRate');
    expect(paths).toContain('surprise');
    expect(await registry.remoteConfigs.latest('agent-a')).toBeUndefined();
  });

  it('refuses a config for another agent id, as the save does', async () => {
    const res = await validate(world.tokens.technician, { config: { agent: { id: 'agent-b' }, inputs: [] } });
    expect(res.json()).toEqual({
      valid: false,
      issues: [{ path: 'agent.id', message: expect.stringContaining('agent-a') }],
    });
  });

  it('says valid for a config the save then accepts', async () => {
    const good = config({ inputs: [SERIAL] });
    expect((await validate(world.tokens.technician, { config: good })).json()).toEqual({ valid: true, issues: [] });
    expect((await put(world.tokens.technician, good)).statusCode).toBe(200);
  });

  it('answers one earlier version with its config, and 404 for a version that does not exist', async () => {
    expect((await put(world.tokens.technician, config())).statusCode).toBe(200);
    const first = await version(world.tokens.technician, '1');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      agentId: 'agent-a',
      version: 1,
      author: 'tech',
      config: { inputs: [SERIAL] },
    });
    expect((await version(world.tokens.technician, '2')).json().config.inputs).toEqual([]);
    for (const v of ['99', '0', '-1', 'abc', '1.5', '%2e%2e']) {
      const res = await version(world.tokens.technician, v);
      expect(res.statusCode, v).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
    }
  });

  it('masks secrets of a version for evaluators, shows them to the technician', async () => {
    const saved = await put(world.tokens.technician, withCloud('cloud-secret-9'));
    const v = String(saved.json().version);
    expect((await version(world.tokens.technician, v)).json().config.inputs[0].password).toBe('cloud-secret-9');
    const masked = (await version(world.tokens.evaluator, v)).json();
    expect(masked.secretsMasked).toBe(true);
    expect(masked.config.inputs[0].password).toBe(SECRET_MASK);
    // The evaluator reads but does not write: the dry run is the save's, so it is refused too.
    expect((await validate(world.tokens.evaluator, { config: config() })).statusCode).toBe(403);
  });

  it("gives a technician of workshop A nothing of B's agent: 404, like a missing one", async () => {
    await registry.remoteConfigs.put('agent-b', { agent: { id: 'agent-b' }, inputs: [] }, 'admin');
    const read = await version(world.tokens.technician, '1', 'agent-b');
    expect(read.statusCode).toBe(404);
    expect(read.body).not.toContain('inputs');
    const dry = await validate(world.tokens.technician, { config: { agent: { id: 'agent-b' } } }, 'agent-b');
    expect(dry.statusCode).toBe(404);
    expect((await version(world.tokens.owner, '1')).statusCode).toBe(403);
  });
});
