import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { SqliteStore } from '../../src/store/index.js';
import { agentHeaders, makeApp, type TestApp, testConfig } from '../support/app.js';
import { batchOf, measurements } from '../support/readings.js';

describe('health, docs and metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers /healthz and /readyz when the store is reachable', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toMatchObject({ status: 'ok' });
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
  });

  it('serves the OpenAPI document with the ingest and readings routes, and Swagger UI at /docs', async () => {
    const doc = (await t.app.inject({ url: '/docs/json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/ingest', '/api/v1/readings', '/healthz']));
    expect(doc.paths['/api/v1/ingest'].post.requestBody).toBeDefined();
    const ui = await t.app.inject({ url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/html/);
  });

  it('counts ingested readings, rejects by reason and store latency on /metrics', async () => {
    const now = Date.now();
    const rs = measurements(1, now - 1000, 3);
    rs[2] = { ...rs[2]!, ts: now + 86_400_000 };
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: agentHeaders(),
      payload: batchOf('agent-1', rs),
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: agentHeaders('wrong-token-0123456789'),
      payload: {},
    });
    const text = (await t.app.inject({ url: '/metrics' })).body;
    expect(text).toMatch(/gongbang_ingest_readings_total\{outcome="stored"\} 2/);
    expect(text).toMatch(/gongbang_ingest_rejects_total\{reason="ts_in_future"\} 1/);
    expect(text).toMatch(/gongbang_ingest_rejects_total\{reason="unauthorized"\} 1/);
    expect(text).toMatch(/gongbang_store_write_seconds_count\{store="sqlite",result="ok"\} 1/);
  });

  it('answers unknown routes with a typed 404', async () => {
    const res = await t.app.inject({ url: '/api/v1/nothing' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});

describe('route access convention', () => {
  it('refuses at startup a route that declares no access', async () => {
    const config = testConfig({ dataDir: '/nonexistent' });
    await expect(
      buildApp({
        config,
        // Never started: the app fails before it would use the store.
        store: new SqliteStore({ file: '/nonexistent/readings.db' }),
        logger: false,
        processMetrics: false,
        plugins: [
          {
            plugin: async (app) => {
              app.get('/api/v1/undeclared', async () => 'x');
            },
          },
        ],
      }).then((app) => app.ready()),
    ).rejects.toThrow(/declares no access/);
  });

  it('registers extra plugins with their routes', async () => {
    const t = await makeApp({
      plugins: [
        {
          plugin: async (app) => {
            app.get('/api/v1/extra', { config: { access: 'public' } }, async () => ({ extra: true }));
          },
        },
      ],
    });
    try {
      expect((await t.app.inject({ url: '/api/v1/extra' })).json()).toEqual({ extra: true });
    } finally {
      await t.close();
    }
  });
});
