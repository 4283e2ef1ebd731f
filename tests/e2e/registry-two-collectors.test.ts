import { createPgDatabase, type PgDatabase, tempDir } from '@gongbang/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../packages/collector/src/app.js';
import { Registry } from '../../packages/collector/src/compose/index.js';
import { parseCollectorConfig } from '../../packages/collector/src/config/index.js';
import { seed, TEST_REGISTRY_OPTIONS } from '../../packages/collector/test/integration/registry-fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers read in assertions
type Json = Record<string, any>;

/**
 * Two collectors behind one load balancer: one PostgreSQL registry, one readings store.
 * (In-process apps on real ports; each has its own Registry and connection pool, exactly
 * as two processes would.)
 */
describe('two collectors sharing one PostgreSQL registry and one store', () => {
  let pg: PgDatabase;
  let dir: { dir: string; remove: () => Promise<void> };
  const registries: Registry[] = [];
  const apps: FastifyInstance[] = [];
  const urls: string[] = [];
  let world: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    pg = await createPgDatabase();
    dir = await tempDir('gongbang-two-');
    for (let i = 0; i < 2; i++) {
      const registry = new Registry({
        ...TEST_REGISTRY_OPTIONS,
        // The race test fails three exchanges on purpose; the throttle has its own tests.
        enrollThrottle: { maxFailures: 1000, windowMs: 60_000 },
        location: { kind: 'postgres', url: pg.url, poolSize: 4 },
      });
      await registry.start();
      registries.push(registry);
      const config = parseCollectorConfig({
        dataDir: `${dir.dir}/shared-store`,
        server: { port: 0 },
        log: { level: 'silent' },
      });
      const app = await buildApp({ config, registry, logger: false, processMetrics: false });
      apps.push(app);
      urls.push(await app.listen({ port: 0, host: '127.0.0.1' }));
    }
    world = await seed(registries[0] as Registry);
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    for (const r of registries) await r.stop();
    await pg?.close();
    await dir?.remove();
  });

  const call = async (
    n: number,
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const res = await fetch(`${urls[n]}${path}`, {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as Json };
  };
  const newCode = async (n: number, agentId: string) =>
    (
      await call(n, 'POST', '/api/v1/workshops/ws-a/enrollment-codes', {
        token: world.tokens.technician,
        body: { agentId },
      })
    ).body.code as string;

  it('enrolls on one collector and is known to the other at once', async () => {
    const code = await newCode(0, 'pc-1');
    const grant = await call(1, 'POST', '/api/v1/enroll', { body: { code } });
    expect(grant.status).toBe(200);
    for (const n of [0, 1])
      expect((await call(n, 'POST', '/api/v1/agent/heartbeat', { token: grant.body.token, body: {} })).status).toBe(
        200,
      );
    expect((await call(0, 'POST', '/api/v1/enroll', { body: { code } })).body.error.code).toBe('enrollment_code_used');
  });

  it('lets only one of two collectors racing on one code win', async () => {
    const code = await newCode(0, 'pc-race');
    const answers = await Promise.all([0, 1, 0, 1].map((n) => call(n, 'POST', '/api/v1/enroll', { body: { code } })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
  });

  it('stores a batch sent to both collectors once, with the agent’s registry token', async () => {
    const code = await newCode(1, 'pc-2');
    const { token } = (await call(0, 'POST', '/api/v1/enroll', { body: { code } })).body as { token: string };
    const ts = Date.now() - 60_000;
    const batch = {
      v: 1,
      agentId: 'pc-2',
      batchId: 'b-1',
      firstSeq: 1,
      lastSeq: 2,
      sentAt: Date.now(),
      readings: [1, 2].map((seq) => ({
        seq,
        ts: ts + seq,
        timeSource: 'agent',
        source: 'sim-1',
        kind: 'measurement',
        channel: 'value',
        value: seq,
        unit: '1',
      })),
    };
    const first = await call(0, 'POST', '/api/v1/ingest', { token, body: batch });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.stored).toEqual([[1, 2]]);
    const second = await call(1, 'POST', '/api/v1/ingest', { token, body: batch });
    expect(second.status).toBe(200);
    expect(second.body.duplicates).toEqual([[1, 2]]);
  });

  it('revokes and rotates tokens on one collector with immediate effect on the other', async () => {
    const code = await newCode(0, 'pc-3');
    const { token } = (await call(0, 'POST', '/api/v1/enroll', { body: { code } })).body as { token: string };
    const rotated = await call(1, 'POST', '/api/v1/agents/pc-3/token/rotate', { token: world.tokens.technician });
    expect((await call(0, 'POST', '/api/v1/agent/heartbeat', { token, body: {} })).status).toBe(401);
    expect((await call(0, 'POST', '/api/v1/agent/heartbeat', { token: rotated.body.token, body: {} })).status).toBe(
      200,
    );
    await call(0, 'POST', '/api/v1/agents/pc-3/token/revoke', { token: world.tokens.technician });
    expect((await call(1, 'POST', '/api/v1/agent/heartbeat', { token: rotated.body.token, body: {} })).status).toBe(
      401,
    );
  });

  it('serves a config saved on one collector to the agent polling the other', async () => {
    const code = await newCode(1, 'pc-4');
    const { token } = (await call(1, 'POST', '/api/v1/enroll', { body: { code } })).body as { token: string };
    const saved = await call(0, 'PUT', '/api/v1/agents/pc-4/config', {
      token: world.tokens.technician,
      body: { config: { agent: { id: 'pc-4' }, inputs: [{ id: 'sim-1', type: 'simulated' }] } },
    });
    expect(saved.body.version).toBe(2);
    const hb = await call(1, 'POST', '/api/v1/agent/heartbeat', { token, body: { appliedConfigVersion: 1 } });
    expect(hb.body.config).toMatchObject({ version: 2, author: 'tech' });
  });

  it('shares browser sessions: sign in on one, sign out on the other', async () => {
    const login = await call(0, 'POST', '/api/v1/auth/login', {
      body: { username: 'owner', password: 'owner-password-1' },
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect((await call(1, 'GET', '/api/v1/auth/me', { headers: { cookie } })).body.username).toBe('owner');
    await call(1, 'POST', '/api/v1/auth/logout', { headers: { cookie, 'x-csrf-token': login.body.csrfToken } });
    expect((await call(0, 'GET', '/api/v1/auth/me', { headers: { cookie } })).status).toBe(401);
  });
});
