import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import type { RouteAccess } from '../../src/core/access.js';
import { buildRegistryApp, seed, startTestRegistry } from './registry-fixtures.js';

/** The collector's own routes (ingest, readings, health, docs): roles-app-matrix covers them. */
const COLLECTOR_ROUTE =
  /^(HEAD,)?(GET|POST) (\/healthz|\/readyz|\/metrics|\/api\/v1\/admin\/health|\/api\/v1\/ingest|\/api\/v1\/readings|\/docs)/;

type Caller = 'anonymous' | 'admin' | 'evaluator' | 'technician' | 'owner' | 'agent';
const CALLERS: Caller[] = ['anonymous', 'admin', 'evaluator', 'technician', 'owner', 'agent'];
const ALL = ['admin', 'evaluator', 'technician', 'owner'];
const READERS = ['admin', 'evaluator', 'technician'];
const WRITERS = ['admin', 'technician'];

const WEEKLY = { mon: { start: '09:00', end: '18:00' } };
const CONFIG = { agent: { id: 'agent-a' }, inputs: [] };

/**
 * Every route of the registry, who may call it, and a request that exercises it. The
 * test fails if a route is registered that this table does not list (or the reverse), and
 * if a route's declared roles differ from the table: adding a route means deciding here.
 */
const ROUTES: Array<{
  method: string;
  url: string;
  access: 'public' | 'agent' | string[];
  body?: unknown;
  scoped?: string;
}> = [
  {
    method: 'POST',
    url: '/api/v1/auth/login',
    access: 'public',
    body: { username: 'eval', password: 'eval-password-1' },
  },
  { method: 'POST', url: '/api/v1/auth/logout', access: ALL },
  { method: 'GET', url: '/api/v1/auth/me', access: ALL },
  {
    method: 'POST',
    url: '/api/v1/auth/password',
    access: ALL,
    body: { currentPassword: 'wrong-password', newPassword: 'a-new-password-1' },
  },
  { method: 'POST', url: '/api/v1/auth/api-tokens', access: ALL, body: { name: 'script' } },
  { method: 'GET', url: '/api/v1/auth/api-tokens', access: ALL },
  { method: 'DELETE', url: '/api/v1/auth/api-tokens/:tokenId', access: ALL },
  { method: 'GET', url: '/api/v1/workshops', access: ALL },
  {
    method: 'POST',
    url: '/api/v1/workshops',
    access: ['admin'],
    body: { id: 'ws-new', nameKo: '새', nameEn: 'New', industry: 'other' },
  },
  { method: 'GET', url: '/api/v1/workshops/:workshopId', access: ALL, scoped: 'workshop' },
  {
    method: 'PATCH',
    url: '/api/v1/workshops/:workshopId',
    access: ['admin'],
    body: { headcount: 5 },
    scoped: 'workshop',
  },
  { method: 'DELETE', url: '/api/v1/workshops/:workshopId', access: ['admin'], scoped: 'workshop' },
  { method: 'GET', url: '/api/v1/workshops/:workshopId/stages', access: ALL, scoped: 'workshop' },
  {
    method: 'PUT',
    url: '/api/v1/workshops/:workshopId/stages/:stage',
    access: WRITERS,
    body: { startedOn: '2026-01-05', level: 'basic' },
    scoped: 'workshop',
  },
  { method: 'DELETE', url: '/api/v1/workshops/:workshopId/stages/:stage', access: WRITERS, scoped: 'workshop' },
  { method: 'GET', url: '/api/v1/workshops/:workshopId/calendar', access: ALL, scoped: 'workshop' },
  {
    method: 'PUT',
    url: '/api/v1/workshops/:workshopId/calendar',
    access: [...WRITERS, 'owner'],
    body: { weekly: WEEKLY },
    scoped: 'workshop',
  },
  { method: 'GET', url: '/api/v1/workshops/:workshopId/calendar/plan', access: ALL, scoped: 'workshop' },
  { method: 'GET', url: '/api/v1/workshops/:workshopId/products', access: ALL, scoped: 'workshop' },
  {
    method: 'PUT',
    url: '/api/v1/workshops/:workshopId/products/:productId',
    access: [...WRITERS, 'owner'],
    body: { name: '반지' },
    scoped: 'workshop',
  },
  {
    method: 'DELETE',
    url: '/api/v1/workshops/:workshopId/products/:productId',
    access: [...WRITERS, 'owner'],
    scoped: 'workshop',
  },
  { method: 'GET', url: '/api/v1/workshops/:workshopId/machines', access: ALL, scoped: 'workshop' },
  {
    method: 'PUT',
    url: '/api/v1/workshops/:workshopId/machines/:machineId',
    access: [...WRITERS, 'owner'],
    body: { name: '재단기' },
    scoped: 'workshop',
  },
  {
    method: 'DELETE',
    url: '/api/v1/workshops/:workshopId/machines/:machineId',
    access: [...WRITERS, 'owner'],
    scoped: 'workshop',
  },
  { method: 'GET', url: '/api/v1/workshops/:workshopId/agents', access: ALL, scoped: 'workshop' },
  {
    method: 'POST',
    url: '/api/v1/workshops/:workshopId/enrollment-codes',
    access: WRITERS,
    body: {},
    scoped: 'workshop',
  },
  { method: 'GET', url: '/api/v1/workshops/:workshopId/enrollment-codes', access: WRITERS, scoped: 'workshop' },
  {
    method: 'DELETE',
    url: '/api/v1/workshops/:workshopId/enrollment-codes/:codeId',
    access: WRITERS,
    scoped: 'workshop',
  },
  {
    method: 'GET',
    url: '/api/v1/workshops/:workshopId/manual-entries',
    access: ALL,
    scoped: 'workshop',
  },
  {
    method: 'POST',
    url: '/api/v1/workshops/:workshopId/manual-entries',
    access: [...WRITERS, 'owner'],
    body: { day: '2025-01-06', pq: 1 },
    scoped: 'workshop',
  },
  {
    method: 'POST',
    url: '/api/v1/workshops/:workshopId/manual-entries/import',
    access: [...WRITERS, 'owner'],
    body: { csv: 'not csv: answered 415 after the access check' },
    scoped: 'workshop',
  },
  {
    method: 'DELETE',
    url: '/api/v1/workshops/:workshopId/manual-entries/:entryId',
    access: [...WRITERS, 'owner'],
    scoped: 'workshop',
  },
  {
    method: 'PUT',
    url: '/api/v1/workshops/:workshopId/stops/reason',
    access: [...WRITERS, 'owner'],
    body: { machineId: 'press-1', startMs: 1_736_121_600_000, endMs: 1_736_121_660_000, reason: 'setup' },
    scoped: 'workshop',
  },
  { method: 'GET', url: '/api/v1/workshops/:workshopId/stop-reasons', access: ALL, scoped: 'workshop' },
  { method: 'GET', url: '/api/v1/workshops/:workshopId/kpis', access: ALL, scoped: 'workshop' },
  { method: 'GET', url: '/api/v1/workshops/:workshopId/stops', access: ALL, scoped: 'workshop' },
  { method: 'GET', url: '/api/v1/workshops/:workshopId/machine-states', access: ALL, scoped: 'workshop' },
  { method: 'GET', url: '/api/v1/workshops/:workshopId/peer-gains', access: ALL, scoped: 'workshop' },
  { method: 'GET', url: '/api/v1/programme/kpis', access: ['admin', 'evaluator'] },
  { method: 'GET', url: '/api/v1/programme/coverage', access: ['admin', 'evaluator'] },
  { method: 'GET', url: '/api/v1/kpi-definitions', access: ALL },
  { method: 'GET', url: '/api/v1/evaluation', access: ['admin', 'evaluator'] },
  { method: 'GET', url: '/api/v1/workshops/:workshopId/evaluation/descriptive', access: ALL, scoped: 'workshop' },
  { method: 'GET', url: '/api/v1/agents', access: READERS },
  { method: 'GET', url: '/api/v1/agents/:agentId', access: ALL, scoped: 'agent' },
  { method: 'POST', url: '/api/v1/agents/:agentId/token/rotate', access: WRITERS, scoped: 'agent' },
  { method: 'POST', url: '/api/v1/agents/:agentId/token/revoke', access: WRITERS, scoped: 'agent' },
  { method: 'GET', url: '/api/v1/agents/:agentId/config', access: READERS, scoped: 'agent' },
  { method: 'PUT', url: '/api/v1/agents/:agentId/config', access: WRITERS, body: { config: CONFIG }, scoped: 'agent' },
  { method: 'GET', url: '/api/v1/agents/:agentId/config/versions/:version', access: READERS, scoped: 'agent' },
  {
    method: 'POST',
    url: '/api/v1/agents/:agentId/config/validate',
    access: WRITERS,
    body: { config: CONFIG },
    scoped: 'agent',
  },
  { method: 'GET', url: '/api/v1/users', access: ['admin'] },
  { method: 'POST', url: '/api/v1/users', access: ['admin'], body: { username: 'new-user', role: 'evaluator' } },
  { method: 'GET', url: '/api/v1/users/:userId', access: ['admin'] },
  { method: 'PUT', url: '/api/v1/users/:userId/workshops', access: ['admin'], body: { workshopIds: ['ws-a'] } },
  { method: 'POST', url: '/api/v1/users/:userId/password', access: ['admin'], body: { password: 'a-new-password' } },
  { method: 'POST', url: '/api/v1/users/:userId/disable', access: ['admin'] },
  { method: 'POST', url: '/api/v1/enroll', access: 'public', body: { code: 'AAAA-BBBB-CCCC' } },
  // The dashboard's static pages and assets (http/dashboard.ts): public, they hold no data.
  { method: 'GET', url: '/', access: 'public' },
  { method: 'GET', url: '/sign-in', access: 'public' },
  { method: 'GET', url: '/account', access: 'public' },
  { method: 'GET', url: '/owner/*', access: 'public' },
  { method: 'GET', url: '/technician/*', access: 'public' },
  { method: 'GET', url: '/evaluator/*', access: 'public' },
  { method: 'GET', url: '/admin/*', access: 'public' },
  { method: 'GET', url: '/assets/*', access: 'public' },
  { method: 'POST', url: '/api/v1/agent/heartbeat', access: 'agent', body: {} },
  { method: 'GET', url: '/api/v1/agent/config', access: 'agent' },
  { method: 'POST', url: '/api/v1/agent/token', access: 'agent' },
];

const fill = (url: string, workshop: string, agent: string, userId: string) =>
  url
    .replace(':workshopId', workshop)
    .replace(':agentId', url.includes('/token/') && agent === 'agent-a' ? 'agent-a2' : agent)
    .replace(':stage', '1')
    .replace(':version', '1')
    .replace(':productId', 'ring-01')
    .replace(':machineId', 'press-01')
    .replace(':tokenId', 'no-such-token')
    .replace(':codeId', 'no-such-code')
    .replace(':entryId', 'no-such-entry')
    .replace(':userId', userId) +
  (url.endsWith('/plan') || url.endsWith('/manual-entries') ? '?from=2026-01-01&to=2026-01-07' : '');

describe('every route × every role', () => {
  const declared = new Map<string, RouteAccess | undefined>();
  let registry: Registry;
  let close: () => Promise<void>;
  let world: Awaited<ReturnType<typeof seed>>;
  let targetUserId: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ registry, close } = await startTestRegistry('sqlite'));
    world = await seed(registry);
    targetUserId = (await registry.users.create({ username: 'target', role: 'evaluator' })).id;
    await registry.agents.create('agent-a2', 'ws-a');
    // The app as `serve` builds it; the registry's routes are the ones this table owns.
    app = await buildRegistryApp(registry, {
      onRoute: (r: RouteOptions) => {
        const key = `${r.method} ${r.url}`;
        if (r.method !== 'HEAD' && !COLLECTOR_ROUTE.test(key))
          declared.set(key, (r.config as { access?: RouteAccess })?.access);
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
  });

  it('lists exactly the registered routes, each with the roles it declares', () => {
    const table = new Map(ROUTES.map((r) => [`${r.method} ${r.url}`, r.access]));
    expect([...declared.keys()].sort()).toEqual([...table.keys()].sort());
    for (const [key, access] of declared) {
      const want = table.get(key);
      if (typeof want === 'string') expect(access, key).toBe(want);
      else expect([...((access as { roles: string[] }).roles ?? [])].sort(), key).toEqual([...(want ?? [])].sort());
    }
  });

  it('refuses at startup a route that declares no access', async () => {
    const late = buildRegistryApp(registry, {
      plugins: [
        {
          plugin: async (child) => {
            child.get('/api/v1/also-forgotten', async () => 'secret');
          },
        },
      ],
    });
    await expect(late).rejects.toThrow(/declares no access/);
  });

  const headers = (caller: Caller): Record<string, string> => {
    if (caller === 'anonymous') return {};
    if (caller === 'agent') return { authorization: `Bearer ${world.agentTokens.a}` };
    return { authorization: `Bearer ${world.tokens[caller]}` };
  };

  describe.each(ROUTES)('$method $url', (route) => {
    it.each(CALLERS)('answers %s as declared', async (caller) => {
      const res = await app.inject({
        method: route.method as 'GET',
        url: fill(route.url, 'ws-a', 'agent-a', targetUserId),
        headers: headers(caller),
        ...(route.body !== undefined ? { payload: route.body as object } : {}),
      });
      const denied = res.statusCode === 401 || res.statusCode === 403;
      if (route.access === 'public') expect(denied, res.body).toBe(false);
      else if (route.access === 'agent')
        expect(res.statusCode, res.body).toBe(caller === 'agent' ? res.statusCode : 401);
      else if (caller === 'anonymous' || caller === 'agent') expect(res.statusCode, res.body).toBe(401);
      else if (route.access.includes(caller)) expect(denied, `${caller}: ${res.statusCode} ${res.body}`).toBe(false);
      else expect(res.statusCode, res.body).toBe(403);
      if (route.access === 'agent' && caller === 'agent') expect(res.statusCode, res.body).toBeLessThan(400);
    });

    if (route.scoped) {
      it.each(['owner', 'technician'] as const)(
        'answers 404 to a %s asking for another workshop, never the data',
        async (caller) => {
          if (Array.isArray(route.access) && !route.access.includes(caller)) return;
          const res = await app.inject({
            method: route.method as 'GET',
            url: fill(route.url, 'ws-b', 'agent-b', targetUserId),
            headers: headers(caller),
            ...(route.body !== undefined ? { payload: route.body as object } : {}),
          });
          expect(res.statusCode, res.body).toBe(404);
          expect(res.body).not.toContain('Seongsu');
          expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
        },
      );
    }
  });
});
