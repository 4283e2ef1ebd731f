import { DEFAULT_FORWARDER_OPTIONS, Forwarder, HttpUplink, MemorySpool } from '@gongbang/edge-agent';
import { startInfluxDB, waitFor } from '@gongbang/harness';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { InfluxStore } from '../../src/store/index.js';
import { AGENT_TOKEN, agentHeaders, makeApp, testConfig } from '../support/app.js';
import { batchOf, measurements } from '../support/readings.js';

const TOTAL = 3000;

describe('InfluxDB outage during ingest', () => {
  it("answers 503 while InfluxDB is down; after a restart the agent's retries complete with nothing missing or doubled", async () => {
    const influx = await startInfluxDB();
    await influx.createDatabase('gongbang');
    const store = new InfluxStore({ url: influx.url, api: 'v1', database: 'gongbang', timeoutMs: 3000 });
    await store.start();
    const t = await makeApp({ store, config: testConfig({ ingest: { retryAfterS: 1 } }) });
    const spool = new MemorySpool();
    let forwarder: Forwarder | undefined;
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const url = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
      await spool.start();
      const now = Date.now();
      for (let i = 0; i < TOTAL; i++) {
        spool.append({
          ts: now - 60_000 + i,
          timeSource: 'device',
          source: 'meter-1',
          kind: 'measurement',
          channel: 'power_w',
          value: i,
          unit: 'W',
        });
      }
      spool.flush();
      const uplink = new HttpUplink({
        url,
        agentId: 'agent-1',
        token: AGENT_TOKEN,
        gzip: true,
        requestTimeoutMs: 5000,
      });
      forwarder = new Forwarder(
        spool,
        uplink,
        {
          ...DEFAULT_FORWARDER_OPTIONS,
          batchMaxReadings: 100,
          backoff: { initialMs: 100, maxMs: 1000, multiplier: 2 },
          probeIntervalMs: 200,
          idlePollMs: 100,
        },
        { logger: pino({ level: 'silent' }) },
      );
      forwarder.start();
      // Stop InfluxDB once the first batches are through, while the rest are still being sent.
      await waitFor('first acknowledged batches', () => forwarder!.status().delivered > 0, {
        timeoutMs: 30_000,
        intervalMs: 5,
      });
      await influx.stopOnly();
      const direct = await fetch(`${url}/api/v1/ingest`, {
        method: 'POST',
        headers: agentHeaders(),
        body: JSON.stringify(batchOf('agent-1', measurements(TOTAL + 1, now, 1))),
      });
      expect(direct.status).toBe(503);
      expect(direct.headers.get('retry-after')).toBe('1');
      await waitFor('the agent to see a 503', () => forwarder!.status().lastError?.status === 503, {
        timeoutMs: 30_000,
      });
      expect(spool.stats().depth).toBeGreaterThan(0);
      await influx.restart();
      await waitFor('the spool to drain', () => spool.stats().depth === 0, { timeoutMs: 60_000, intervalMs: 100 });
      const res = await influx.query(
        `SELECT count("seq") AS n, count(distinct("seq")) AS d, min("seq") AS lo, max("seq") AS hi FROM "gb_measurement" WHERE "agent" = 'agent-1'`,
        'gongbang',
      );
      const [, n, d, lo, hi] = res.results[0]!.series![0]!.values[0]!;
      expect({ n, d, lo, hi }).toEqual({ n: TOTAL, d: TOTAL, lo: 1, hi: TOTAL });
    } finally {
      await forwarder?.stop();
      await spool.stop();
      await t.close();
      await store.stop();
      await influx.close();
    }
  });
});
