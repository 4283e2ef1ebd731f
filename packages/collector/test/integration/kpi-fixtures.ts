import { tempDir } from '@gongbang/harness';
import type { Reading } from '@gongbang/shared';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { type BuildAppOptions, buildApp } from '../../src/app.js';
import type { Registry } from '../../src/compose/registry.js';
import { parseCollectorConfig } from '../../src/config/index.js';
import type { KpiEngine } from '../../src/metrics/index.js';
import { SqliteStore } from '../../src/store/index.js';
import { type Dialect, seed, startTestRegistry } from './registry-fixtures.js';

/**
 * The whole app as `serve` builds it, with its KPI engine computing only when a test asks
 * (`engine.settle()`), and a clock the test sets.
 */
export async function buildKpiApp(
  registry: Registry,
  nowMs: number,
  extra: { store?: Record<string, unknown>; app?: Partial<BuildAppOptions>; config?: Record<string, unknown> } = {},
): Promise<{ app: FastifyInstance; engine: KpiEngine; close: () => Promise<void> }> {
  const tmp = await tempDir('gongbang-kpi-app-');
  const config = parseCollectorConfig({
    dataDir: tmp.dir,
    server: { port: 0 },
    log: { level: 'silent' },
    ...(extra.store ? { store: extra.store } : {}),
    // Far in the future: the test decides when days are computed.
    metrics: { intervalMs: 3_600_000, todayRefreshS: 86_400 },
    ...extra.config,
  });
  const app = await buildApp({
    config,
    registry,
    logger: false,
    processMetrics: false,
    now: () => nowMs,
    ...extra.app,
  });
  await app.ready();
  const engine = app.kpiEngine as KpiEngine;
  return {
    app,
    engine,
    close: async () => {
      await app.close();
      await tmp.remove();
    },
  };
}

let batchNo = 0;

/** POSTs readings to /api/v1/ingest in batches, as an agent does, and checks every one was accepted. */
export async function ingest(
  app: FastifyInstance,
  agentId: string,
  token: string,
  readings: readonly Reading[],
  sentAt: number,
): Promise<void> {
  for (let k = 0; k < readings.length; k += 5_000) {
    const part = readings.slice(k, k + 5_000);
    const seqs = part.map((r) => r.seq);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        v: 1,
        agentId,
        batchId: `b-${++batchNo}`,
        firstSeq: Math.min(...seqs),
        lastSeq: Math.max(...seqs),
        sentAt,
        readings: part,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rejected).toEqual([]);
  }
}

/** GET as a user with an API token; returns status and JSON (or text). */
export async function get(app: FastifyInstance, token: string, url: string) {
  const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const type = String(res.headers['content-type'] ?? '');
  return { status: res.statusCode, body: type.includes('json') ? res.json() : res.body, headers: res.headers };
}

/** Sends a JSON body as a user with an API token. */
export async function send(app: FastifyInstance, token: string, method: 'PUT' | 'POST', url: string, payload: unknown) {
  const res = await app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    payload: payload as object,
  });
  return { status: res.statusCode, body: res.json() };
}

/**
 * What the KPI engine tests build their engine on: a seeded registry of `dialect` and an
 * in-process SQLite readings store (no writer thread), both started; `close` stops both.
 */
export async function seededRegistryAndStore(dialect: Dialect, dirPrefix: string) {
  const { registry, location, close: closeRegistry } = await startTestRegistry(dialect);
  const tmp = await tempDir(dirPrefix);
  const store = new SqliteStore({ file: `${tmp.dir}/readings.db`, synchronous: 'normal', writerThread: false });
  try {
    await seed(registry);
    await store.start();
  } catch (err) {
    await store.stop().catch(() => {});
    await tmp.remove();
    await closeRegistry();
    throw err;
  }
  return {
    registry,
    location,
    store,
    close: async () => {
      await store.stop();
      await tmp.remove();
      await closeRegistry();
    },
  };
}
