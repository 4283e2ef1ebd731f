import { createPgDatabase, type ManagedProcess, type PgDatabase, tempDir } from '@gongbang/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from '../../packages/collector/src/compose/index.js';
import { seed, TEST_REGISTRY_OPTIONS } from '../../packages/collector/test/integration/registry-fixtures.js';
import { collectorUrl, startCollector, writeCollectorConfig } from './collector-process.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers read in assertions
type Json = Record<string, any>;

/** Two real `gongbang-collector serve` processes behind an imaginary load balancer: one PostgreSQL registry, one store. */
describe('two collector processes sharing one PostgreSQL registry and one store', () => {
  let pg: PgDatabase;
  let dir: { dir: string; remove: () => Promise<void> };
  const procs: ManagedProcess[] = [];
  const urls: string[] = [];
  let world: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    pg = await createPgDatabase();
    dir = await tempDir('gongbang-two-proc-');
    // The first process migrates the registry; the seed goes in through a registry of its own.
    const registry = new Registry({
      ...TEST_REGISTRY_OPTIONS,
      location: { kind: 'postgres', url: pg.url, poolSize: 2 },
    });
    await registry.start();
    world = await seed(registry);
    await registry.stop();
    const file = writeCollectorConfig(dir.dir, { registry: { url: pg.url }, log: { level: 'warn' } });
    for (let i = 0; i < 2; i++) procs.push(startCollector(['--config', file], dir.dir));
    for (const p of procs) urls.push(await collectorUrl(p));
  });
  afterAll(async () => {
    for (const p of procs) await p.stop();
    await pg?.close();
    await dir?.remove();
  });

  const call = async (n: number, method: string, path: string, opts: { token?: string; body?: unknown } = {}) => {
    const res = await fetch(`${urls[n]}${path}`, {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  };

  it('both answer ready, with the registry reachable', async () => {
    for (const n of [0, 1]) expect((await call(n, 'GET', '/readyz')).status).toBe(200);
  });

  it('enroll on one, deliver through both, rotate on one and be refused by the other at once', async () => {
    const code = (
      await call(0, 'POST', '/api/v1/workshops/ws-a/enrollment-codes', {
        token: world.tokens.technician,
        body: { agentId: 'pc-1' },
      })
    ).body.code as string;
    const grant = await call(1, 'POST', '/api/v1/enroll', { body: { code } });
    expect(grant.status, JSON.stringify(grant.body)).toBe(200);
    expect((await call(0, 'POST', '/api/v1/enroll', { body: { code } })).status).toBe(409);

    const ts = Date.now() - 60_000;
    const batch = {
      v: 1,
      agentId: 'pc-1',
      batchId: 'b-1',
      firstSeq: 1,
      lastSeq: 3,
      sentAt: Date.now(),
      readings: [1, 2, 3].map((seq) => ({
        seq,
        ts: ts + seq,
        timeSource: 'agent',
        source: 'sim-1',
        kind: 'count',
        channel: 'pieces',
        delta: 1,
        total: seq,
      })),
    };
    const first = await call(0, 'POST', '/api/v1/ingest', { token: grant.body.token, body: batch });
    expect(first.body.stored, JSON.stringify(first.body)).toEqual([[1, 3]]);
    expect((await call(1, 'POST', '/api/v1/ingest', { token: grant.body.token, body: batch })).body.duplicates).toEqual(
      [[1, 3]],
    );

    const rotated = await call(1, 'POST', '/api/v1/agents/pc-1/token/rotate', { token: world.tokens.technician });
    expect((await call(0, 'POST', '/api/v1/agent/heartbeat', { token: grant.body.token, body: {} })).status).toBe(401);
    expect((await call(0, 'POST', '/api/v1/agent/heartbeat', { token: rotated.body.token, body: {} })).status).toBe(
      200,
    );

    const saved = await call(0, 'PUT', '/api/v1/agents/pc-1/config', {
      token: world.tokens.technician,
      body: { config: { agent: { id: 'pc-1' }, inputs: [{ id: 'sim-1', type: 'simulated' }] } },
    });
    expect(saved.body.version).toBe(2);
    const hb = await call(1, 'POST', '/api/v1/agent/heartbeat', {
      token: rotated.body.token,
      body: { appliedConfigVersion: 1 },
    });
    expect(hb.body.config).toMatchObject({ version: 2 });
  });

  it('keep an owner out of other workshops on both', async () => {
    for (const n of [0, 1]) {
      expect((await call(n, 'GET', '/api/v1/workshops/ws-b', { token: world.tokens.owner })).status).toBe(404);
      expect((await call(n, 'GET', '/api/v1/workshops/ws-a', { token: world.tokens.owner })).status).toBe(200);
    }
  });
});
