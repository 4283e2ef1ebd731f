import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type InfluxServer, startInfluxDB, startVictoriaMetrics, tempDir, waitFor } from '@gongbang/harness';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ADMIN_TOKEN, agentHeaders, testConfig } from '../support/app.js';
import { batchOf, measurements } from '../support/readings.js';

const run = promisify(execFile);

/** The app as serve builds it on the InfluxDB store of `store`, with its log lines kept. */
async function influxApp(store: Record<string, unknown>) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => lines.push(JSON.parse(s)) });
  // The registry lives in dataDir like in production; the folder goes when the app closes.
  const tmp = await tempDir('gb-influx-app-');
  const app = await buildApp({ config: testConfig({ store, dataDir: tmp.dir }), logger, processMetrics: false });
  app.addHook('onClose', () => tmp.remove());
  await app.ready();
  return { app, lines };
}

const ingest = (app: FastifyInstance) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/ingest',
    headers: agentHeaders(),
    payload: JSON.stringify(batchOf('agent-1', measurements(1, Date.now() - 1000, 3))),
  });
const adminHealth = async (app: FastifyInstance) =>
  (await app.inject({ url: '/api/v1/admin/health', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json();

describe('InfluxDB 1.6 whose database does not exist', () => {
  let influx: InfluxServer;
  beforeAll(async () => {
    influx = await startInfluxDB();
  }, 60_000);
  afterAll(async () => {
    await influx?.close();
  });

  it('is not ready, and admins and the log get the exact command; running it makes the collector ready', async () => {
    const { app, lines } = await influxApp({ type: 'influxdb', url: influx.url, api: 'v1', database: 'gb_missing' });
    try {
      const ready = await app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'unavailable', reason: 'dependency_unavailable' });
      expect((await ingest(app)).statusCode).toBe(503);

      const command = `curl -XPOST '${influx.url}/query' --data-urlencode 'q=CREATE DATABASE "gb_missing"'`;
      const store = (await adminHealth(app)).checks.find((c: { name: string }) => c.name === 'store');
      expect(store.status).toBe('unavailable');
      expect(store.detail).toContain(`has no database "gb_missing"`);
      expect(store.detail).toContain(command);
      expect(store.detail).toContain('store.createDatabase: true');
      const logged = lines.find((l) => l.command === command);
      expect(logged).toMatchObject({ level: 50, database: 'gb_missing' });

      // The operator runs what they were told, as it is written.
      await run('sh', ['-c', command]);
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
      expect((await ingest(app)).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('creates the database at start with createDatabase: true, and again when it is dropped while running', async () => {
    const { app, lines } = await influxApp({
      type: 'influxdb',
      url: influx.url,
      api: 'v1',
      database: 'gb_created',
      createDatabase: true,
    });
    try {
      const dbs = await influx.query('SHOW DATABASES');
      expect(dbs.results[0]!.series![0]!.values.flat()).toContain('gb_created');
      expect(lines.some((l) => l.msg === 'created the InfluxDB database' && l.database === 'gb_created')).toBe(true);
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
      expect((await ingest(app)).statusCode).toBe(200);

      await influx.query('DROP DATABASE "gb_created"');
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
      expect((await ingest(app)).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('creates it once InfluxDB comes up when the collector started first', async () => {
    await influx.stopOnly();
    const { app, lines } = await influxApp({
      type: 'influxdb',
      url: influx.url,
      api: 'v1',
      database: 'gb_late',
      createDatabase: true,
      timeoutMs: 1000,
    });
    try {
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(503);
      expect(lines.some((l) => /cannot check the InfluxDB database yet/.test(String(l.msg)))).toBe(true);
      await influx.restart();
      await waitFor(
        'the database to be created',
        () => lines.some((l) => l.database === 'gb_late' && /created/.test(String(l.msg))),
        {
          timeoutMs: 30_000,
          intervalMs: 100,
        },
      );
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('VictoriaMetrics (no databases to create)', () => {
  it('is ready and stores through the v2 write API', async () => {
    const vm = await startVictoriaMetrics();
    try {
      const { app } = await influxApp({
        type: 'influxdb',
        url: vm.url,
        api: 'v2',
        bucket: 'gongbang',
        createDatabase: true,
      });
      try {
        expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
        expect((await ingest(app)).statusCode).toBe(200);
        expect((await adminHealth(app)).checks[0]).toMatchObject({ name: 'store', status: 'ok' });
      } finally {
        await app.close();
      }
    } finally {
      await vm.close();
    }
  });
});
