import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Registry } from '../../src/compose/registry.js';
import { buildRegistryApp, seed, startTestRegistry } from './registry-fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers read in assertions
type Json = Record<string, any>;

describe('browser sessions, CSRF, API tokens and agent tokens over HTTP', () => {
  let registry: Registry;
  let close: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildRegistryApp>>;
  let base: string;
  let world: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    ({ registry, close } = await startTestRegistry('sqlite'));
    world = await seed(registry);
    app = await buildRegistryApp(registry);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
  });

  const call = async (
    method: string,
    path: string,
    opts: { body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Json) : {} };
  };
  const login = async (username: string, password: string) => {
    const res = await call('POST', '/api/v1/auth/login', { body: { username, password } });
    const cookie = res.headers.get('set-cookie') ?? '';
    return { ...res, cookie, session: cookie.split(';')[0] ?? '' };
  };

  it('signs in with a secure, HTTP-only, same-site session cookie', async () => {
    const res = await login('owner', 'owner-password-1');
    expect(res.status).toBe(200);
    expect(res.cookie).toMatch(/^gb_session=gbs_/);
    expect(res.cookie).toMatch(/HttpOnly/i);
    expect(res.cookie).toMatch(/Secure/i);
    expect(res.cookie).toMatch(/SameSite=Strict/i);
    const me = await call('GET', '/api/v1/auth/me', { headers: { cookie: res.session } });
    expect(me.body).toMatchObject({ username: 'owner', role: 'owner', workshopIds: ['ws-a'], via: 'session' });
  });

  it('refuses unsafe requests from a session without its CSRF token', async () => {
    const { session, body } = await login('tech', 'tech-password-1');
    const without = await call('PUT', '/api/v1/workshops/ws-a/calendar', {
      headers: { cookie: session },
      body: { weekly: {} },
    });
    expect(without.status).toBe(403);
    expect(without.body.error.code).toBe('csrf_invalid');
    const wrong = await call('PUT', '/api/v1/workshops/ws-a/calendar', {
      headers: { cookie: session, 'x-csrf-token': 'guess' },
      body: { weekly: {} },
    });
    expect(wrong.status).toBe(403);
    const right = await call('PUT', '/api/v1/workshops/ws-a/calendar', {
      headers: { cookie: session, 'x-csrf-token': body.csrfToken },
      body: { weekly: {} },
    });
    expect(right.status).toBe(200);
  });

  it('ends the session at logout, at once', async () => {
    const { session, body } = await login('eval', 'eval-password-1');
    expect(
      (await call('POST', '/api/v1/auth/logout', { headers: { cookie: session, 'x-csrf-token': body.csrfToken } }))
        .status,
    ).toBe(200);
    expect((await call('GET', '/api/v1/auth/me', { headers: { cookie: session } })).status).toBe(401);
  });

  it('rate-limits failed logins, even for the right password afterwards', async () => {
    await registry.users.create({ username: 'victim', password: 'victim-password', role: 'evaluator' });
    for (let i = 0; i < 3; i++) expect((await login('victim', `guess-${i}`)).status).toBe(401);
    const blocked = await login('victim', 'victim-password');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    await registry.db.deleteFrom('auth_failures').execute();
    expect((await login('victim', 'victim-password')).status).toBe(200);
  });

  it('gives scripts API tokens that stop working when revoked', async () => {
    const created = await call('POST', '/api/v1/auth/api-tokens', {
      headers: { authorization: `Bearer ${world.tokens.evaluator}` },
      body: { name: 'nightly report' },
    });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(
      (await call('GET', '/api/v1/workshops', { headers: { authorization: `Bearer ${token}` } })).body.workshops,
    ).toHaveLength(2);
    await call('DELETE', `/api/v1/auth/api-tokens/${created.body.id}`, {
      headers: { authorization: `Bearer ${world.tokens.evaluator}` },
    });
    expect((await call('GET', '/api/v1/workshops', { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      401,
    );
  });

  it('shows an owner only their own workshop in lists', async () => {
    const res = await call('GET', '/api/v1/workshops', { headers: { authorization: `Bearer ${world.tokens.owner}` } });
    expect(res.body.workshops.map((w: { id: string }) => w.id)).toEqual(['ws-a']);
    const agents = await call('GET', '/api/v1/agents/agent-b', {
      headers: { authorization: `Bearer ${world.tokens.owner}` },
    });
    expect(agents.status).toBe(404);
  });

  it('rotates and revokes agent tokens with immediate effect', async () => {
    const hb = (token: string) =>
      call('POST', '/api/v1/agent/heartbeat', { headers: { authorization: `Bearer ${token}` }, body: {} });
    const old = world.agentTokens.a;
    expect((await hb(old)).status).toBe(200);
    const rotated = await call('POST', '/api/v1/agents/agent-a/token/rotate', {
      headers: { authorization: `Bearer ${world.tokens.technician}` },
    });
    expect(rotated.status).toBe(200);
    expect((await hb(old)).status).toBe(401);
    expect((await hb(rotated.body.token)).status).toBe(200);
    const revoked = await call('POST', '/api/v1/agents/agent-a/token/revoke', {
      headers: { authorization: `Bearer ${world.tokens.technician}` },
    });
    expect(revoked.status).toBe(204);
    expect((await hb(rotated.body.token)).status).toBe(401);
  });

  it('lets an agent rotate its own token: the old one works until the new one is first used', async () => {
    const hb = (token: string) =>
      call('POST', '/api/v1/agent/heartbeat', { headers: { authorization: `Bearer ${token}` }, body: {} });
    const ask = (token: string) =>
      call('POST', '/api/v1/agent/token', { headers: { authorization: `Bearer ${token}` } });
    const view = async () =>
      (await call('GET', '/api/v1/agents/agent-b', { headers: { authorization: `Bearer ${world.tokens.admin}` } }))
        .body;
    const old = world.agentTokens.b;
    const first = await ask(old);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ agentId: 'agent-b', token: expect.stringMatching(/^gba_/) });
    expect((await hb(old)).status).toBe(200);
    expect(await view()).toMatchObject({ hasToken: true, tokenRotationPending: true });
    // Asking again replaces the pending token: an agent that lost the first answer asks again.
    const second = await ask(old);
    expect((await hb(first.body.token)).status).toBe(401);
    expect((await hb(old)).status).toBe(200);
    // The first use, even by several requests at once, makes it the token and ends the old one.
    const racing = await Promise.all(Array.from({ length: 5 }, () => hb(second.body.token)));
    expect(racing.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await hb(old)).status).toBe(401);
    expect((await hb(second.body.token)).status).toBe(200);
    expect(await view()).toMatchObject({ hasToken: true, tokenRotationPending: false });
    // A technician's rotation or revocation also drops a pending token.
    const pending = await ask(second.body.token);
    const byTech = await call('POST', '/api/v1/agents/agent-b/token/rotate', {
      headers: { authorization: `Bearer ${world.tokens.admin}` },
    });
    expect((await hb(pending.body.token)).status).toBe(401);
    expect((await hb(byTech.body.token)).status).toBe(200);
    // Only agents ask for their own token.
    expect(
      (await call('POST', '/api/v1/agent/token', { headers: { authorization: `Bearer ${world.tokens.admin}` } }))
        .status,
    ).toBe(401);
    expect((await call('POST', '/api/v1/agent/token')).status).toBe(401);
  });
});
