import { tempDir } from '@gongbang/harness';
import { ApiErrorSchema } from '@gongbang/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchOf, measurements } from '../support/readings.js';
import { buildWholeApp, seed, startTestRegistry } from './registry-fixtures.js';

/**
 * The app as `serve` builds it has one access plugin whose refusals go through the app's one
 * error handler: the ingest metrics count them by code, and every refusal has the one body.
 */
describe('one access plugin, one error handler (issue #11)', () => {
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof seed>>;
  let close: () => Promise<void>;
  let dir: { dir: string; remove: () => Promise<void> };

  beforeAll(async () => {
    dir = await tempDir('gb-access-seam-');
    const started = await startTestRegistry('sqlite');
    close = started.close;
    world = await seed(started.registry);
    app = await buildWholeApp(started.registry, dir.dir);
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
    await dir?.remove();
  });

  it('counts an ingest refused for its token as reason="unauthorized", as production emits it', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { authorization: 'Bearer gba_not-a-real-token', 'content-type': 'application/json' },
      payload: JSON.stringify(batchOf('agent-a', measurements(1, Date.now() - 1000, 1))),
    });
    expect(res.statusCode).toBe(401);
    const text = (await app.inject({ url: '/metrics' })).body;
    expect(text).toMatch(/gongbang_ingest_rejects_total\{reason="unauthorized"\} 1/);
    expect(text).not.toMatch(/reason="http_401"/);
  });

  it('answers every kind of refusal with the wire contract error body', async () => {
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const refusals = [
      { res: await app.inject({ url: '/api/v1/users' }), status: 401, code: 'unauthorized' },
      {
        res: await app.inject({ url: '/api/v1/users', headers: bearer(world.tokens.owner) }),
        status: 403,
        code: 'forbidden',
      },
      {
        res: await app.inject({ url: '/api/v1/workshops/ws-b', headers: bearer(world.tokens.owner) }),
        status: 404,
        code: 'not_found',
      },
      { res: await app.inject({ url: '/api/v1/no-such-route' }), status: 404, code: 'not_found' },
    ];
    for (const { res, status, code } of refusals) {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(ApiErrorSchema.parse(res.json()).error).toMatchObject({ code, retryable: false });
    }
  });

  it('answers registry refusals with codes of the wire contract, in the same body', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/workshops',
      headers: { authorization: `Bearer ${world.tokens.admin}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        id: 'ws-a',
        nameKo: '중복',
        nameEn: 'Twice',
        industry: 'printing',
        cluster: 'Euljiro',
        headcount: 1,
      }),
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toEqual({ v: 1, error: { code: 'conflict', message: expect.any(String), retryable: false } });
    // The shared schema an agent or the dashboard parses errors with knows the code.
    expect(ApiErrorSchema.parse(res.json()).error.code).toBe('conflict');
  });
});
