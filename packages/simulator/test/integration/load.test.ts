import path from 'node:path';
import { tempDir, waitFor } from '@gongbang/harness';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../collector/src/app.js';
import { Registry } from '../../../collector/src/compose/registry.js';
import { parseCollectorConfig } from '../../../collector/src/config/index.js';
import { DEFAULT_PACE, LoadAgent, waitDrained } from '../../src/load/index.js';

const AGENTS = 40;
const SURGE = 4;
const DAY_MS = 86_400_000;
const logger = pino({ level: 'silent' });
const agentIds = Array.from({ length: AGENTS }, (_, i) => `load-${String(i).padStart(2, '0')}`);
const tokenOf = (id: string) => `${id}-token-0123456789abcdef`;

/** The collector as `serve` builds it (SQLite store and registry), agents in its config, on 127.0.0.1. */
async function startCollector(dir: string) {
  const registry = new Registry({ location: { kind: 'sqlite', file: path.join(dir, 'registry.db') } });
  await registry.start();
  const config = parseCollectorConfig({
    dataDir: dir,
    server: { port: 0 },
    log: { level: 'silent' },
    agents: agentIds.map((id) => ({ id, workshop: `ws-${id}`, token: tokenOf(id) })),
  });
  const app: FastifyInstance = await buildApp({ config, registry, logger: false, processMetrics: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      await registry.stop();
    },
  };
}

/** Per agent: readings in the store's file, lowest and highest seq. */
function storeCounts(dir: string): Map<string, { n: number; lo: number; hi: number }> {
  const db = new Database(path.join(dir, 'readings.db'), { readonly: true });
  try {
    const rows = db
      .prepare('SELECT agent, count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM readings GROUP BY agent')
      .all() as Array<{ agent: string; n: number; lo: number; hi: number }>;
    return new Map(rows.map((r) => [r.agent, { n: r.n, lo: r.lo, hi: r.hi }]));
  } finally {
    db.close();
  }
}

describe('load: many agents live and a surge draining a backlog, one collector', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let agents: LoadAgent[] = [];
  let backlog = 0;

  beforeAll(async () => {
    tmp = await tempDir('gongbang-sim-load-');
    collector = await startCollector(path.join(tmp.dir, 'collector'));
    agents = agentIds.map(
      (id, i) =>
        new LoadAgent({
          agentId: id,
          token: tokenOf(id),
          collectorUrl: collector.url,
          seed: `load-test/${id}`,
          // Faster than a workshop so a few seconds give each agent a dozen readings.
          pace: { minS: 0.1, maxS: 0.4 },
          logger,
          ...(i < SURGE ? { spoolDir: path.join(tmp.dir, 'spools') } : {}),
        }),
    );
    await Promise.all(agents.map((a) => a.start()));
    for (const a of agents) a.startReadings();
    await waitFor('every agent sending', () => agents.every((a) => a.uplink.stored >= 10), { timeoutMs: 30_000 });

    // The surge agents lose the link, record a day at a workshop's pace (2–5 s), and come back.
    const surge = agents.slice(0, SURGE);
    await Promise.all(surge.map((a) => a.offline()));
    const now = Date.now();
    const days = await Promise.all(surge.map((a) => a.recordBacklog(now - DAY_MS, now, DEFAULT_PACE)));
    backlog = days.reduce((s, n) => s + n, 0);
    for (const a of surge) a.online();
    await waitDrained(surge, 60_000);

    for (const a of agents) a.stopReadings();
    await waitDrained(agents, 30_000);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await collector?.close();
    await tmp?.remove();
  });

  it('recorded a day of backlog per surge agent', () => {
    // 86,400 s at 2–5 s a reading.
    expect(backlog).toBeGreaterThan(SURGE * 17_000);
    expect(backlog).toBeLessThan(SURGE * 43_300);
  });

  it('stores every reading each agent sent exactly once', () => {
    const counts = storeCounts(path.join(tmp.dir, 'collector'));
    for (const a of agents) {
      expect(counts.get(a.id), a.id).toEqual({ n: a.sent(), lo: 1, hi: a.sent() });
      expect(a.deadLetters(), a.id).toBe(0);
      expect(a.uplink.rejected, a.id).toBe(0);
    }
    const sent = agents.reduce((s, a) => s + a.sent(), 0);
    expect([...counts.values()].reduce((s, c) => s + c.n, 0)).toBe(sent);
  });

  it('acknowledged every reading as newly stored, none as a duplicate', () => {
    for (const a of agents) {
      expect(a.uplink.stored, a.id).toBe(a.sent());
      expect(a.uplink.duplicates, a.id).toBe(0);
    }
  });
});
