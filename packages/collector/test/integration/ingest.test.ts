import { gzipSync } from 'node:zlib';
import { ApiErrorSchema, type IngestAck, IngestAckSchema } from '@gongbang/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AGENT2_TOKEN, agentHeaders, makeApp, type TestApp, testConfig } from '../support/app.js';
import { batchOf, everyKind, measurements } from '../support/readings.js';

const NOW = Date.UTC(2026, 10, 26, 3, 0, 0);

async function stored(t: TestApp, workshop = 'ws-1') {
  const page = await t.store.query({ workshopId: workshop, fromMs: 0, toMs: 4_102_444_800_000, limit: 10_000 });
  return page.readings.map((s) => s.reading.seq);
}

describe('POST /api/v1/ingest (inject)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeApp({ now: () => NOW });
  });
  afterEach(async () => {
    await t.close();
  });

  const post = (body: unknown, headers: Record<string, string> = agentHeaders()) =>
    t.app.inject({ method: 'POST', url: '/api/v1/ingest', headers, payload: JSON.stringify(body) });

  it('stores a batch of every kind and acknowledges the stored ranges', async () => {
    const rs = everyKind(1, NOW - 60_000);
    const res = await post(batchOf('agent-1', rs, 'b1'));
    expect(res.statusCode).toBe(200);
    const ack = IngestAckSchema.parse(res.json());
    expect(ack).toMatchObject({ batchId: 'b1', stored: [[1, rs.length]], duplicates: [], rejected: [] });
    expect(await stored(t)).toEqual(rs.map((r) => r.seq));
  });

  it('stores the same batch replayed three times once, the replays acknowledged as duplicates', async () => {
    const batch = batchOf('agent-1', measurements(1, NOW - 1000, 100));
    const acks: IngestAck[] = [];
    for (let i = 0; i < 3; i++) acks.push((await post(batch)).json());
    expect(acks[0]).toMatchObject({ stored: [[1, 100]], duplicates: [] });
    expect(acks[1]).toMatchObject({ stored: [], duplicates: [[1, 100]] });
    expect(acks[2]).toMatchObject({ stored: [], duplicates: [[1, 100]] });
    expect(await stored(t)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('rejects a reading far in the future or older than the retention with a reason, and stores the rest', async () => {
    const rs = measurements(1, NOW - 1000, 4);
    rs[1] = { ...rs[1]!, ts: NOW + 2 * 3_600_000 };
    rs[2] = { ...rs[2]!, ts: NOW - 800 * 86_400_000 };
    const ack: IngestAck = (await post(batchOf('agent-1', rs))).json();
    expect(ack.stored).toEqual([
      [1, 1],
      [4, 4],
    ]);
    expect(ack.rejected.map((r) => [r.seq, r.code])).toEqual([
      [2, 'ts_in_future'],
      [3, 'ts_before_retention'],
    ]);
    expect(ack.rejected[0]!.message).toMatch(/after/);
    expect(await stored(t)).toEqual([1, 4]);
  });

  it('rejects an invalid reading with the path of the problem and stores the valid ones of the batch', async () => {
    const rs: unknown[] = measurements(1, NOW - 1000, 3);
    rs[1] = { ...(rs[1] as object), value: 'high' };
    const res = await post({ ...batchOf('agent-1', measurements(1, NOW - 1000, 3)), readings: rs });
    const ack: IngestAck = res.json();
    expect(res.statusCode).toBe(200);
    expect(ack.rejected).toEqual([{ seq: 2, code: 'invalid', message: expect.stringContaining('readings[1].value') }]);
    expect(await stored(t)).toEqual([1, 3]);
  });

  it('accepts a gzip body', async () => {
    const body = gzipSync(JSON.stringify(batchOf('agent-1', measurements(1, NOW - 1000, 50))));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { ...agentHeaders(), 'content-encoding': 'gzip' },
      payload: body,
    });
    expect(res.statusCode).toBe(200);
    expect(await stored(t)).toHaveLength(50);
  });

  it('answers 401 without a known token and 403 for a batch of another agent, storing nothing', async () => {
    const batch = batchOf('agent-1', measurements(1, NOW - 1000, 2));
    const none = await post(batch, { 'content-type': 'application/json' });
    expect(none.statusCode).toBe(401);
    expect(ApiErrorSchema.parse(none.json()).error.code).toBe('unauthorized');
    const wrong = await post(batch, agentHeaders('not-a-known-token-at-all'));
    expect(wrong.statusCode).toBe(401);
    const other = await post(batch, agentHeaders(AGENT2_TOKEN));
    expect(other.statusCode).toBe(403);
    expect(other.json().error).toMatchObject({ code: 'forbidden', retryable: false });
    expect(await stored(t)).toEqual([]);
  });

  it('stores readings under the workshop of the token', async () => {
    await post(batchOf('agent-2', measurements(1, NOW - 1000, 3)), agentHeaders(AGENT2_TOKEN));
    expect(await stored(t, 'ws-2')).toEqual([1, 2, 3]);
    expect(await stored(t, 'ws-1')).toEqual([]);
  });

  it('answers 503 with Retry-After, never 2xx, when the store is unavailable', async () => {
    await t.store.stop();
    const res = await post(batchOf('agent-1', measurements(1, NOW - 1000, 2)));
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json().error).toMatchObject({ code: 'store_unavailable', retryable: true, retryAfterS: 5 });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    await t.store.start();
    expect((await post(batchOf('agent-1', measurements(1, NOW - 1000, 2)))).statusCode).toBe(200);
  });
});

describe('POST /api/v1/ingest limits', () => {
  it('answers 429 with Retry-After once an agent passes its rate limit, other agents unaffected', async () => {
    const config = testConfig({ ingest: { rateLimitMax: 3, rateLimitWindowS: 60 } });
    const t = await makeApp({ config, now: () => NOW });
    try {
      const send = (token?: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/ingest',
          headers: agentHeaders(token),
          payload: JSON.stringify(batchOf(token ? 'agent-2' : 'agent-1', measurements(1, NOW - 1000, 1))),
        });
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await send()).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      const limited = await send();
      expect(limited.json().error).toMatchObject({ code: 'rate_limited', retryable: true });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await send(AGENT2_TOKEN)).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('POST /api/v1/ingest over real HTTP', () => {
  it('stores gzip batches from concurrent clients and acknowledges each', async () => {
    const t = await makeApp();
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const addr = t.app.server.address() as { port: number };
      const now = Date.now();
      const results = await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const batch = batchOf('agent-1', measurements(i * 500 + 1, now - 10_000 + i, 500));
          const r = await fetch(`http://127.0.0.1:${addr.port}/api/v1/ingest`, {
            method: 'POST',
            headers: { ...agentHeaders(), 'content-encoding': 'gzip' },
            body: gzipSync(JSON.stringify(batch)),
          });
          return { status: r.status, ack: (await r.json()) as IngestAck };
        }),
      );
      for (const [i, r] of results.entries()) {
        expect(r.status).toBe(200);
        expect(r.ack.stored).toEqual([[i * 500 + 1, i * 500 + 500]]);
      }
      expect(await stored(t)).toHaveLength(4000);
    } finally {
      await t.close();
    }
  });
});
