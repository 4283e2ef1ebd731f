import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Registry } from '../../src/compose/registry.js';
import { buildRegistryApp, DIALECTS, seed, startTestRegistry } from './registry-fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers read in assertions
type Json = Record<string, any>;

describe.each(DIALECTS)('enrollment over HTTP on %s', (dialect) => {
  let registry: Registry;
  let close: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildRegistryApp>>;
  let base: string;
  let world: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    ({ registry, close } = await startTestRegistry(dialect));
    world = await seed(registry);
    app = await buildRegistryApp(registry);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
  });

  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
  };
  const newCode = async (agentId?: string) =>
    (await post('/api/v1/workshops/ws-a/enrollment-codes', agentId ? { agentId } : {}, world.tokens.technician))
      .body as {
      code: string;
      agentId: string;
      expiresAt: string;
    };
  const clearFailures = () => registry.db.deleteFrom('auth_failures').execute();

  it('exchanges a technician’s code for a working token and the initial config', async () => {
    const created = await post('/api/v1/workshops/ws-a/enrollment-codes', { ttlMinutes: 30 }, world.tokens.technician);
    expect(created.status).toBe(201);
    expect(created.body.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(created.body.agentId).toBe('ws-a-agent-1');
    const grant = await post('/api/v1/enroll', { code: created.body.code.toLowerCase(), agentVersion: '0.1.0' });
    expect(grant.status).toBe(200);
    expect(grant.body).toMatchObject({
      agentId: 'ws-a-agent-1',
      workshopId: 'ws-a',
      configVersion: 1,
      config: { agent: { id: 'ws-a-agent-1' } },
    });
    // Only the agent id: an initial config naming sections would override the agent's local ones.
    expect(grant.body.config).toEqual({ agent: { id: 'ws-a-agent-1' } });
    expect(grant.body.token).toMatch(/^gba_/);
    const hb = await post('/api/v1/agent/heartbeat', { agentVersion: '0.1.0' }, grant.body.token);
    expect(hb.status).toBe(200);
    const agent = await registry.agents.get('ws-a-agent-1');
    expect(agent).toMatchObject({ workshopId: 'ws-a', version: '0.1.0', hasToken: true });
    expect(agent.lastSeenAt).not.toBeNull();
  });

  it('refuses a code used once already', async () => {
    const { code } = await newCode();
    expect((await post('/api/v1/enroll', { code })).status).toBe(200);
    const again = await post('/api/v1/enroll', { code });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('enrollment_code_used');
    await clearFailures();
  });

  it('refuses an expired code', async () => {
    const { code } = await newCode();
    await registry.db
      .updateTable('enrollment_codes')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('used_at', 'is', null)
      .execute();
    const res = await post('/api/v1/enroll', { code });
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('enrollment_code_expired');
    await clearFailures();
  });

  it('refuses an unknown code', async () => {
    const res = await post('/api/v1/enroll', { code: 'ZZZZ-ZZZZ-ZZZZ' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('enrollment_code_unknown');
    await clearFailures();
  });

  it('slows down guessing: after the allowed failures even a good code waits', async () => {
    const { code } = await newCode();
    for (let i = 0; i < 3; i++) expect((await post('/api/v1/enroll', { code: `GUES-SNUM-BER${i}` })).status).toBe(404);
    const blocked = await post('/api/v1/enroll', { code });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toMatchObject({ code: 'rate_limited', retryable: true });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    await clearFailures();
    expect((await post('/api/v1/enroll', { code })).status).toBe(200);
  });

  it('lets neither an owner nor another workshop’s technician create codes', async () => {
    expect((await post('/api/v1/workshops/ws-a/enrollment-codes', {}, world.tokens.owner)).status).toBe(403);
    expect((await post('/api/v1/workshops/ws-b/enrollment-codes', {}, world.tokens.technician)).status).toBe(404);
    expect(
      (await post('/api/v1/workshops/ws-a/enrollment-codes', { agentId: 'agent-b' }, world.tokens.technician)).status,
    ).toBe(409);
  });
});
