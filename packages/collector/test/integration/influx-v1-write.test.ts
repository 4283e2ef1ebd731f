import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startInfluxDB } from '@gongbang/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfluxStore, StoreRejectedError, StoreUnavailableError } from '../../src/store/index.js';
import { measurements } from '../support/readings.js';

const T0 = Date.now() - 3_600_000;

// The v1 write path posts the line protocol's bytes itself (store/influx/v1-write.ts): what
// InfluxDB answers must reach the ingest route as the same two errors as before.
describe('InfluxStore v1 writes', () => {
  let influx: Awaited<ReturnType<typeof startInfluxDB>>;
  beforeAll(async () => {
    influx = await startInfluxDB();
    await influx.createDatabase('gongbang');
  });
  afterAll(async () => {
    await influx?.close();
  });

  it('stores the bytes it sends, Hangul included', async () => {
    const store = new InfluxStore({ url: `${influx.url}/`, api: 'v1', database: 'gongbang', timeoutMs: 5000 });
    await store.start();
    try {
      const rs = measurements(1, T0, 3).map((r, i) => (i === 1 ? { ...r, unit: '℃' } : r));
      await store.write('공방-1', 'agent-v1', rs);
      const res = await influx.query(`SELECT "unit" FROM "gb_measurement" WHERE "agent" = 'agent-v1'`, 'gongbang');
      expect(res.results[0]!.series![0]!.values.map((v) => v[1])).toEqual(['W', '℃', 'W']);
    } finally {
      await store.stop();
    }
  });

  it("refuses a batch InfluxDB refuses (a field's type changed) with InfluxDB's own message", async () => {
    const store = new InfluxStore({ url: influx.url, api: 'v1', database: 'gongbang', timeoutMs: 5000 });
    await store.start();
    try {
      await store.writeLines(['gb_typeclash,agent=a value=1 1700000000000000000']);
      const err = await store.writeLines(['gb_typeclash,agent=a value="text" 1700000000000000001']).catch((e) => e);
      expect(err).toBeInstanceOf(StoreRejectedError);
      expect(err.message).toMatch(/\(400\).*field type conflict/);
    } finally {
      await store.stop();
    }
  });

  it('says unavailable for a missing database, a server that is not there and one that never answers', async () => {
    const missing = new InfluxStore({ url: influx.url, api: 'v1', database: 'no_such_db', timeoutMs: 5000 });
    const err404 = await missing.writeLines(['m v=1 1']).catch((e) => e);
    expect(err404).toBeInstanceOf(StoreUnavailableError);
    expect(err404.message).toMatch(/answered 404/);
    await missing.stop();

    const silent = http.createServer(() => {}); // reads the request, never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    const slow = new InfluxStore({ url: `http://127.0.0.1:${port}`, api: 'v1', database: 'gongbang', timeoutMs: 300 });
    const errTimeout = await slow.writeLines(['m v=1 1']).catch((e) => e);
    expect(errTimeout).toBeInstanceOf(StoreUnavailableError);
    expect(errTimeout.message).toMatch(/unreachable \(Request timed out\)/);
    await slow.stop();
    silent.closeAllConnections();
    await new Promise<void>((r) => silent.close(() => r()));

    // The port of the server just closed: nothing listens there now.
    const gone = new InfluxStore({ url: `http://127.0.0.1:${port}`, api: 'v1', database: 'gongbang', timeoutMs: 5000 });
    const errGone = await gone.writeLines(['m v=1 1']).catch((e) => e);
    expect(errGone).toBeInstanceOf(StoreUnavailableError);
    expect(errGone.message).toMatch(/unreachable \(.*ECONNREFUSED/);
    await gone.stop();
  });

  it('sends the credentials, the retention policy and a path prefix, and keeps its connection open', async () => {
    const seen: Array<{ url: string; auth?: string; type?: string; length: number; socket: number }> = [];
    const sockets = new Map<object, number>();
    const proxy = http.createServer((req, res) => {
      let length = 0;
      req.on('data', (c: Buffer) => {
        length += c.length;
      });
      req.on('end', () => {
        if (!sockets.has(req.socket)) sockets.set(req.socket, sockets.size);
        seen.push({
          url: req.url!,
          auth: req.headers.authorization,
          type: req.headers['content-type'],
          length,
          socket: sockets.get(req.socket)!,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as AddressInfo).port;
    const store = new InfluxStore({
      url: `http://127.0.0.1:${port}/influx`,
      api: 'v1',
      database: 'gong bang',
      retentionPolicy: 'two_years',
      username: 'writer',
      password: 'pa:ss',
      timeoutMs: 5000,
    });
    try {
      await store.write('ws-1', 'agent-1', measurements(1, T0, 10));
      await store.write('ws-1', 'agent-1', measurements(11, T0, 10));
    } finally {
      await store.stop();
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
    }
    expect(seen).toHaveLength(2);
    expect(seen[0]!.url).toBe('/influx/write?db=gong+bang&precision=ns&rp=two_years');
    expect(seen[0]!.auth).toBe(`Basic ${Buffer.from('writer:pa:ss').toString('base64')}`);
    expect(seen[0]!.type).toBe('text/plain; charset=utf-8');
    expect(seen[0]!.length).toBeGreaterThan(10 * 100);
    expect(seen.map((s) => s.socket)).toEqual([0, 0]);
  });
});
