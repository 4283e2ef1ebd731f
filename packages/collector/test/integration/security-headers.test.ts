import { tempDir } from '@gongbang/harness';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import { buildWholeApp, seed, startTestRegistry } from './registry-fixtures.js';

type Injected = LightMyRequestResponse;

const expectBaseHeaders = (res: Injected) => {
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
};

describe('security headers on every answer (whole app as serve builds it)', () => {
  let app: FastifyInstance;
  let registry: Registry;
  let close: () => Promise<void>;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let world: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    dir = await tempDir('gb-sec-headers-');
    const started = await startTestRegistry('sqlite');
    registry = started.registry;
    close = started.close;
    world = await seed(registry);
    app = await buildWholeApp(registry, dir.dir);
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
    await dir?.remove();
  });

  const post = (url: string, body: unknown, token?: string) =>
    app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      payload: JSON.stringify(body),
    });

  it.each([
    ['a public route', 'GET', '/healthz', 200],
    ['a 404', 'GET', '/no/such/route', 404],
    ['a 401', 'GET', '/api/v1/readings?workshop=ws-a', 401],
    ['a 400 from a malformed body', 'POST', '/api/v1/auth/login', 400],
    ['a method the route does not take', 'DELETE', '/healthz', 404],
  ])('sends nosniff, frame protection and no-store on %s', async (_what, method, url, status) => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, payload: '{"nope": 1}' } : {}),
    });
    expect(res.statusCode).toBe(status);
    expectBaseHeaders(res);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('protects Swagger UI at /docs from framing', async () => {
    for (const url of ['/docs', '/docs/', '/docs/json', '/docs/static/index.html']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBeLessThan(400);
      expectBaseHeaders(res);
    }
  });

  it('answers every token-carrying route with Cache-Control: no-store', async () => {
    const checks: Array<[string, Injected]> = [];
    const login = await post('/api/v1/auth/login', { username: 'admin', password: 'admin-password-1' });
    expect(login.statusCode).toBe(200);
    expect(login.headers['set-cookie']).toBeDefined();
    checks.push(['login', login]);
    checks.push(['new API token', await post('/api/v1/auth/api-tokens', { name: 'script' }, world.tokens.admin)]);
    const code = await post('/api/v1/workshops/ws-a/enrollment-codes', {}, world.tokens.technician);
    checks.push(['enrollment code', code]);
    const grant = await post('/api/v1/enroll', { code: code.json().code, agentVersion: '0.1.0' });
    expect(grant.json().token).toMatch(/^gba_/);
    checks.push(['enrollment exchange', grant]);
    checks.push(['agent token rotation', await post('/api/v1/agents/agent-a/token/rotate', {}, world.tokens.admin)]);
    checks.push(['agent asks for a token', await post('/api/v1/agent/token', {}, grant.json().token)]);
    for (const [what, res] of checks) {
      expect(res.statusCode, what).toBeLessThan(300);
      expect(res.headers['cache-control'], what).toBe('no-store');
      expectBaseHeaders(res);
    }
  });

  it('keeps no-store when the path is spelled differently', async () => {
    for (const url of ['/%61pi/v1/auth/login', '/api/v1/auth/login/', '//api/v1/auth/login', '/API/v1/auth/login']) {
      const res = await app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ username: 'admin', password: 'admin-password-1' }),
      });
      expect(res.headers['cache-control'], url).toBe('no-store');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });
});
