import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Registry } from '../../src/compose/registry.js';
import { buildRegistryApp, DIALECTS, seed, startTestRegistry } from './registry-fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers read in assertions
type Json = Record<string, any>;

describe.each(DIALECTS)('enrollment codes bound to their workshop and agent on %s', (dialect) => {
  let registry: Registry;
  let close: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildRegistryApp>>;
  let base: string;
  let world: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    // A roomy enrollment throttle: the race below makes many refused attempts on purpose.
    ({ registry, close } = await startTestRegistry(dialect, {
      enrollThrottle: { maxFailures: 100, windowMs: 60_000 },
    }));
    world = await seed(registry);
    app = await buildRegistryApp(registry);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
  });

  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  };
  const create = (workshop: string, token: string, body: unknown = {}) =>
    call('POST', `/api/v1/workshops/${workshop}/enrollment-codes`, token, body);
  const enroll = (code: string) => call('POST', '/api/v1/enroll', undefined, { code });

  it('refuses a technician of workshop A a code for an agent of workshop B, however the path is spelled', async () => {
    const direct = await create('ws-a', world.tokens.technician, { agentId: 'agent-b' });
    expect(direct.status).toBe(409);
    expect(direct.body.error.code).toBe('conflict');
    expect((await create('ws-b', world.tokens.technician, { agentId: 'agent-b' })).status).toBe(404);
    expect((await create('ws%2Db', world.tokens.technician, { agentId: 'agent-b' })).status).toBe(404);
    expect((await create('WS-B', world.tokens.technician, { agentId: 'agent-b' })).status).toBe(404);
    expect(await registry.db.selectFrom('enrollment_codes').select('id').execute()).toEqual([]);
  });

  it('refuses the exchange when the agent id was registered to another workshop after the code was made', async () => {
    const made = await create('ws-a', world.tokens.technician, { agentId: 'press-7' });
    expect(made.status).toBe(201);
    await registry.agents.create('press-7', 'ws-b');
    const res = await enroll(made.body.code);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(await registry.agents.get('press-7')).toMatchObject({ workshopId: 'ws-b', hasToken: false });
  });

  it('refuses a code for an id that another workshop’s live code reserves', async () => {
    expect((await create('ws-b', world.tokens.admin, { agentId: 'lathe-1' })).status).toBe(201);
    expect((await create('ws-a', world.tokens.technician, { agentId: 'lathe-1' })).status).toBe(409);
  });

  it('gives exactly one token for one code exchanged many times at once', async () => {
    const made = await create('ws-a', world.tokens.technician, { agentId: 'racer-1' });
    const answers = await Promise.all(Array.from({ length: 12 }, () => enroll(made.body.code)));
    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.error.code === 'enrollment_code_used')).toBe(
      true,
    );
    expect(answers.filter((a) => a.status === 409)).toHaveLength(11);
    const hb = await call('POST', '/api/v1/agent/heartbeat', won[0]?.body.token, {});
    expect(hb.status).toBe(200);
  });

  it('lists a workshop’s codes, never the code, to its technicians and admins only', async () => {
    const made = await create('ws-a', world.tokens.technician, { agentId: 'listed-1' });
    const listed = await call('GET', '/api/v1/workshops/ws-a/enrollment-codes', world.tokens.technician);
    expect(listed.status).toBe(200);
    const mine = listed.body.codes.find((c: Json) => c.id === made.body.id);
    expect(mine).toMatchObject({ agentId: 'listed-1', createdBy: 'tech', status: 'pending', usedAt: null });
    expect(JSON.stringify(listed.body)).not.toContain(made.body.code);
    expect(JSON.stringify(listed.body)).not.toMatch(/code_?hash/i);
    expect(listed.body.codes.every((c: Json) => c.workshopId === 'ws-a')).toBe(true);
    expect((await call('GET', '/api/v1/workshops/ws-a/enrollment-codes', world.tokens.admin)).status).toBe(200);
    expect((await call('GET', '/api/v1/workshops/ws-a/enrollment-codes', world.tokens.owner)).status).toBe(403);
    expect((await call('GET', '/api/v1/workshops/ws-a/enrollment-codes', world.tokens.evaluator)).status).toBe(403);
    expect((await call('GET', '/api/v1/workshops/ws-b/enrollment-codes', world.tokens.technician)).status).toBe(404);
  });

  it('revokes an unused code over HTTP; a revoked code is refused; another workshop’s code cannot be revoked', async () => {
    const made = await create('ws-a', world.tokens.technician, { agentId: 'revoked-1' });
    const path = `/api/v1/workshops/ws-a/enrollment-codes/${made.body.id}`;
    expect((await call('DELETE', path, world.tokens.owner)).status).toBe(403);
    expect((await call('DELETE', path, world.tokens.technician)).status).toBe(204);
    expect((await call('DELETE', path, world.tokens.technician)).status).toBe(204);
    const res = await enroll(made.body.code);
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('enrollment_code_revoked');
    const listed = await call('GET', '/api/v1/workshops/ws-a/enrollment-codes', world.tokens.technician);
    expect(listed.body.codes.find((c: Json) => c.id === made.body.id)).toMatchObject({
      status: 'revoked',
      revokedBy: 'tech',
    });

    const theirs = await create('ws-b', world.tokens.admin, { agentId: 'theirs-1' });
    const cross = `/api/v1/workshops/ws-a/enrollment-codes/${theirs.body.id}`;
    expect((await call('DELETE', cross, world.tokens.technician)).status).toBe(404);
    expect(
      (await call('DELETE', `/api/v1/workshops/ws-b/enrollment-codes/${theirs.body.id}`, world.tokens.technician))
        .status,
    ).toBe(404);
    expect((await enroll(theirs.body.code)).status).toBe(200);
    const used = await call('DELETE', `/api/v1/workshops/ws-b/enrollment-codes/${theirs.body.id}`, world.tokens.admin);
    expect(used.status).toBe(409);
    expect(used.body.error.code).toBe('enrollment_code_used');
  });

  it('stops the unused codes of a creator who is disabled or moved to other workshops', async () => {
    const tech2 = await registry.users.create({
      username: 'tech2',
      password: 'tech2-password-1',
      role: 'technician',
      workshopIds: ['ws-a'],
    });
    const token2 = (await registry.apiTokens.create(tech2.id, 'laptop')).token;
    const before = await create('ws-a', token2, { agentId: 'by-tech2-1' });
    const moved = await create('ws-a', token2, { agentId: 'by-tech2-2' });
    expect(before.status).toBe(201);

    await registry.users.setWorkshops(tech2.id, ['ws-b']);
    const whileMoved = await call('GET', '/api/v1/workshops/ws-a/enrollment-codes', world.tokens.admin);
    expect(whileMoved.body.codes.find((c: Json) => c.id === moved.body.id)?.status).toBe('creator_unassigned');
    const r1 = await enroll(moved.body.code);
    expect(r1.status).toBe(410);
    expect(r1.body.error.code).toBe('enrollment_code_revoked');

    await registry.users.setWorkshops(tech2.id, ['ws-a']);
    expect((await call('POST', `/api/v1/users/${tech2.id}/disable`, world.tokens.admin)).status).toBe(204);
    const r2 = await enroll(before.body.code);
    expect(r2.status).toBe(410);
    expect(r2.body.error.code).toBe('enrollment_code_revoked');
    expect(await registry.agents.find('by-tech2-1')).toBeUndefined();
    const listed = await call('GET', '/api/v1/workshops/ws-a/enrollment-codes', world.tokens.admin);
    expect(listed.body.codes.find((c: Json) => c.id === before.body.id)?.status).toBe('creator_disabled');
  });
});
