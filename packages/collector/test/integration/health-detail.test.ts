import { tempDir, waitFor } from '@gongbang/harness';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, makeApp, OWNER_TOKEN, type TestApp } from '../support/app.js';
import { buildWholeApp, seed, startTestRegistry } from './registry-fixtures.js';

describe('readiness: terse in public, detailed for admins', () => {
  let t: TestApp;
  let storeError = '';
  beforeAll(async () => {
    t = await makeApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const admin = (token = ADMIN_TOKEN) =>
    t.app.inject({ url: '/api/v1/admin/health', headers: { authorization: `Bearer ${token}` } });

  it('reports each check as ok to admins while ready', async () => {
    const res = await admin();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ready',
      version: expect.any(String),
      checks: [
        { name: 'store', status: 'ok', durationMs: expect.any(Number) },
        { name: 'registry', status: 'ok', durationMs: expect.any(Number) },
      ],
    });
  });

  it('says only "unavailable" with a generic reason on /readyz when the store fails', async () => {
    await t.store.stop();
    try {
      storeError = await t.store.ping().then(
        () => '',
        (err: Error) => err.message,
      );
      expect(storeError).not.toBe('');
      const res = await t.app.inject({ url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toEqual({ status: 'unavailable', reason: 'dependency_unavailable' });
      expect(res.body).not.toContain(storeError);
      expect(res.body).not.toMatch(/store|sqlite|readings\.db/i);

      const detail = await admin();
      expect(detail.statusCode).toBe(200);
      expect(detail.json()).toMatchObject({
        status: 'unavailable',
        checks: [
          { name: 'store', status: 'unavailable', detail: storeError },
          { name: 'registry', status: 'ok' },
        ],
      });
    } finally {
      await t.store.start();
    }
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(200);
  });

  it('keeps the detail from anyone but admins', async () => {
    expect((await t.app.inject({ url: '/api/v1/admin/health' })).statusCode).toBe(401);
    const owner = await admin(OWNER_TOKEN);
    expect(owner.statusCode).toBe(403);
    expect(owner.body).not.toContain('checks');
  });
});

describe('readiness with the registry (whole app as serve builds it)', () => {
  it('lists the registry check beside the store for admins, and nothing of either on /readyz', async () => {
    const dir = await tempDir('gb-health-registry-');
    const started = await startTestRegistry('sqlite');
    let app: FastifyInstance | undefined;
    try {
      const world = await seed(started.registry);
      app = await buildWholeApp(started.registry, dir.dir);
      expect((await app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
      const res = await app.inject({
        url: '/api/v1/admin/health',
        headers: { authorization: `Bearer ${world.tokens.admin}` },
      });
      expect(res.json().checks.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([
        ['store', 'ok'],
        ['registry', 'ok'],
      ]);
      const evaluator = await app.inject({
        url: '/api/v1/admin/health',
        headers: { authorization: `Bearer ${world.tokens.evaluator}` },
      });
      expect(evaluator.statusCode).toBe(403);
    } finally {
      await app?.close();
      await started.close();
      await dir.remove();
    }
  });
});

describe('a flood of /readyz probes', () => {
  it('shares one run of the checks among the probes that arrive while it runs', async () => {
    let runs = 0;
    let arrived = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const countArrivals = fp(async (app: FastifyInstance) => {
      app.addHook('preHandler', async (req) => {
        if (req.url === '/readyz') arrived++;
      });
    });
    const t = await makeApp({
      plugins: [{ plugin: countArrivals as never }],
      readinessChecks: [
        {
          name: 'slow',
          check: async () => {
            runs++;
            await gate;
          },
        },
      ],
    });
    try {
      const probes = Array.from({ length: 50 }, () => t.app.inject({ url: '/readyz' }));
      await waitFor('every probe to arrive', () => arrived === 50 && runs === 1, { timeoutMs: 5000 });
      release();
      const answers = await Promise.all(probes);
      expect(answers.every((a) => a.statusCode === 200)).toBe(true);
      expect(runs).toBe(1);
      // A probe after the run finished runs the checks again: no stale answer.
      await t.app.inject({ url: '/readyz' });
      expect(runs).toBe(2);
    } finally {
      await t.close();
    }
  });
});
