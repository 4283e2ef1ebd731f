import { gzipSync } from 'node:zlib';
import { ApiErrorSchema } from '@gongbang/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_TOKEN, makeApp, type TestApp } from '../support/app.js';
import { batchOf, measurements } from '../support/readings.js';

const now = Date.now();
const good = () => batchOf('agent-1', measurements(1, now - 1000, 2));
const json = (o: unknown) => Buffer.from(JSON.stringify(o));
const withReading = (r: Record<string, unknown>) => json({ ...good(), readings: [{ ...good().readings[0], ...r }] });
const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

interface Case {
  name: string;
  body: Buffer | string;
  headers?: Record<string, string>;
  status: number;
  code: string;
  message: RegExp;
}

const cases: Case[] = [
  {
    name: 'agentId of the wrong type',
    body: json({ ...good(), agentId: 5 }),
    status: 400,
    code: 'invalid_batch',
    message: /agentId/,
  },
  {
    name: 'readings not an array',
    body: json({ ...good(), readings: 'many' }),
    status: 400,
    code: 'invalid_batch',
    message: /readings/,
  },
  {
    name: 'a missing field',
    body: json({ ...good(), batchId: undefined }),
    status: 400,
    code: 'invalid_batch',
    message: /batchId/,
  },
  {
    name: 'an unknown field',
    body: json({ ...good(), extra: 1 }),
    status: 400,
    code: 'invalid_batch',
    message: /extra/,
  },
  {
    name: 'firstSeq 1e400 (Infinity)',
    body: JSON.stringify(good()).replace('"firstSeq":1', '"firstSeq":1e400'),
    status: 400,
    code: 'invalid_batch',
    message: /firstSeq/,
  },
  {
    name: 'sentAt 1e20',
    body: json({ ...good(), sentAt: 1e20 }),
    status: 400,
    code: 'invalid_batch',
    message: /sentAt/,
  },
  {
    name: 'a seq beyond 2^53',
    body: withReading({ seq: 2 ** 60 }),
    status: 400,
    code: 'invalid_batch',
    message: /readings\[0\]\.seq/,
  },
  {
    name: 'a reading without seq',
    body: withReading({ seq: 'one' }),
    status: 400,
    code: 'invalid_batch',
    message: /readings\[0\]\.seq/,
  },
  {
    name: 'wire version 2',
    body: json({ ...good(), v: 2 }),
    status: 400,
    code: 'unsupported_version',
    message: /version 2/,
  },
  {
    name: 'a 12 MB body',
    body: json({ ...good(), batchId: 'x'.repeat(12 * 2 ** 20) }),
    status: 413,
    code: 'too_large',
    message: /too large/,
  },
  {
    name: 'a gzip bomb (12 MB of zeros)',
    body: gzipSync(Buffer.alloc(12 * 2 ** 20, 0x20)),
    headers: { 'content-encoding': 'gzip' },
    status: 413,
    code: 'too_large',
    message: /too large/,
  },
  {
    name: '10,001 readings',
    body: json({ ...batchOf('agent-1', measurements(1, now - 20_000, 10_001)) }),
    status: 413,
    code: 'too_large',
    message: /at most 10000/,
  },
  {
    name: 'invalid gzip',
    body: Buffer.from('not gzip at all'),
    headers: { 'content-encoding': 'gzip' },
    status: 400,
    code: 'invalid_batch',
    message: /gzip/,
  },
  {
    name: 'a truncated gzip body',
    body: gzipSync(json(good())).subarray(0, 20),
    headers: { 'content-encoding': 'gzip' },
    status: 400,
    code: 'invalid_batch',
    message: /gzip|JSON/,
  },
  {
    name: 'an unsupported Content-Encoding',
    body: json(good()),
    headers: { 'content-encoding': 'br' },
    status: 415,
    code: 'unsupported_media_type',
    message: /br/,
  },
  {
    name: 'deeply nested JSON (200,000 levels)',
    body: deep(200_000),
    status: 400,
    code: 'invalid_batch',
    message: /deeper than 64 levels \(at byte 64\)/,
  },
  {
    // Refused whole, before parsing (issue #10): no agent writes such a reading.
    name: 'deeply nested JSON inside a reading',
    body: `{"v":1,"agentId":"agent-1","batchId":"b","firstSeq":1,"lastSeq":1,"sentAt":${now},"readings":[{"seq":1,"x":${deep(100_000)}}]}`,
    status: 400,
    code: 'invalid_batch',
    message: /deeper than 64 levels/,
  },
  {
    name: 'brackets inside strings, which do not nest',
    body: withReading({ kind: 'nope', x: `${'['.repeat(1000)}\\"{{{` }),
    status: 200,
    code: '',
    message: /readings\[0\]\.kind/,
  },
  {
    name: 'invalid UTF-8',
    body: Buffer.concat([Buffer.from('{"v":1,"batchId":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]),
    status: 400,
    code: 'invalid_batch',
    message: /UTF-8/,
  },
  { name: 'not JSON', body: '{"v":1,', status: 400, code: 'invalid_batch', message: /not valid JSON/ },
  { name: 'an empty body', body: '', status: 400, code: 'invalid_batch', message: /empty body/ },
  { name: 'JSON null', body: 'null', status: 400, code: 'invalid_batch', message: /root|expected object/ },
  {
    name: 'a __proto__ key',
    body: '{"__proto__":{"admin":true}}',
    status: 400,
    code: 'invalid_batch',
    message: /__proto__/,
  },
  {
    name: 'text/plain',
    body: json(good()),
    headers: { 'content-type': 'text/plain' },
    status: 415,
    code: 'unsupported_media_type',
    message: /application\/json/,
  },
];

describe('bad ingest bodies over real HTTP', () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await makeApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(cases)('answers $name with $status and a clear message', async (c) => {
    const r = await fetch(`${url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${AGENT_TOKEN}`, 'content-type': 'application/json', ...c.headers },
      body: c.body,
    });
    const body = (await r.json()) as { rejected: unknown[] };
    expect(r.status).toBe(c.status);
    if (c.status === 200) {
      expect(body.rejected[0]).toMatchObject({ seq: 1, code: 'invalid', message: expect.stringMatching(c.message) });
      return;
    }
    const err = ApiErrorSchema.parse(body).error;
    expect(err.code).toBe(c.code);
    expect(err.message).toMatch(c.message);
    expect(err.message.length).toBeLessThan(4000);
  });

  it('is still alive and storing after all of them', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const r = await fetch(`${url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${AGENT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(batchOf('agent-1', measurements(500, Date.now() - 1000, 3))),
    });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { stored: unknown }).stored).toEqual([[500, 502]]);
  });
});
