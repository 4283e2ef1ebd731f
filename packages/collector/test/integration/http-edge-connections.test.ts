import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_TOKEN, makeApp, type TestApp, testConfig } from '../support/app.js';
import { head, type RawClient, rawConnect } from '../support/raw-http.js';
import { batchOf, measurements } from '../support/readings.js';

// Issue #10, items 9 and 13 (collector half): stalled senders and unknown routes, over real TCP.

let t: TestApp | undefined;
let clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients) c.destroy();
  clients = [];
  await t?.close();
  t = undefined;
});

async function listen(server: Record<string, unknown> = {}): Promise<string> {
  t = await makeApp({ config: testConfig({ server: { port: 0, ...server } }) });
  return t.app.listen({ port: 0, host: '127.0.0.1' });
}
async function connect(url: string): Promise<RawClient> {
  const c = await rawConnect(url);
  clients.push(c);
  return c;
}
const ingestHead = (path: string, length: number, extra: string[] = []) =>
  head([
    `POST ${path} HTTP/1.1`,
    'Host: x',
    `Authorization: Bearer ${AGENT_TOKEN}`,
    'Content-Type: application/json',
    `Content-Length: ${length}`,
    ...extra,
  ]);
const within = (p: Promise<number>, ms: number) =>
  Promise.race([
    p,
    new Promise<number>((_r, reject) => setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms)),
  ]);

describe('timeouts', () => {
  it('closes a request that declares more Content-Length than it sends, with 408', async () => {
    const url = await listen({ requestTimeoutMs: 1000 });
    const c = await connect(url);
    c.write(ingestHead('/api/v1/ingest', 1000));
    c.write('{"v":1,');
    const closedAfterMs = await within(c.closed, 5000);
    expect(closedAfterMs).toBeGreaterThanOrEqual(900);
    expect(c.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a request whose body drips in slower than the request timeout allows', async () => {
    const url = await listen({ requestTimeoutMs: 1000, idleTimeoutMs: 60_000 });
    const c = await connect(url);
    c.write(ingestHead('/api/v1/ingest', 1000));
    // A byte every 100 ms keeps the connection from ever being idle.
    const drip = setInterval(() => c.write(' '), 100);
    try {
      await within(c.closed, 5000);
    } finally {
      clearInterval(drip);
    }
  });

  it('closes a connection that goes silent in the middle of a request', async () => {
    const url = await listen({ requestTimeoutMs: 60_000, idleTimeoutMs: 1000 });
    const c = await connect(url);
    c.write(ingestHead('/api/v1/ingest', 1000));
    const closedAfterMs = await within(c.closed, 5000);
    expect(closedAfterMs).toBeGreaterThanOrEqual(900);
  });

  it('has sane defaults: 120 s per request, 30 s idle', async () => {
    t = await makeApp();
    expect(t.app.server.requestTimeout).toBe(120_000);
    expect(t.app.server.timeout).toBe(30_000);
    expect(testConfig().server).toMatchObject({ requestTimeoutMs: 120_000, idleTimeoutMs: 30_000 });
  });

  it('refuses timeouts below a second in the config, naming the key', () => {
    expect(() => testConfig({ server: { requestTimeoutMs: 0 } })).toThrow(/server\.requestTimeoutMs/);
  });
});

describe('unknown routes answer 404 before the body is read', () => {
  const doubled = '/api/v1/api/v1/ingest';

  it.each([
    ['a gzip body', ['Content-Encoding: gzip'], gzipSync('{"v":1,"agentId":"agent-1"').subarray(0, 20)],
    ['a JSON body', [], Buffer.from('{"v":1,"agentId":"agent-1",')],
    ['a text body', ['Content-Type: text/plain'], Buffer.from('hello')],
  ])('with %s announced at 10 MB but barely sent', async (_n, extra, start) => {
    const url = await listen();
    const c = await connect(url);
    c.write(ingestHead(doubled, 10_000_000, extra as string[]));
    c.write(start as Buffer);
    const text = await c.waitFor(/\r\n\r\n[\s\S]*\}$/, 3000);
    expect(text).toMatch(/^HTTP\/1\.1 404/);
    expect(text).toMatch(/connection: close/i);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)).error).toMatchObject({
      code: 'not_found',
      message: `no route POST ${doubled}`,
    });
    await within(c.closed, 3000);
  });

  it('answers 404, not 400 or 415, to a whole gzipped batch posted to the doubled path', async () => {
    const url = await listen();
    const batch = JSON.stringify(batchOf('agent-1', measurements(1, Date.now() - 1000, 3)));
    const variants: Array<Record<string, string>> = [
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      { 'content-type': 'application/json' },
      { 'content-type': 'application/x-ndjson' },
    ];
    for (const headers of variants) {
      const body = headers['content-encoding'] ? gzipSync(batch) : batch;
      const r = await fetch(`${url}${doubled}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${AGENT_TOKEN}`, ...headers },
        body,
      });
      expect(r.status).toBe(404);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    // The real route is untouched.
    const ok = await fetch(`${url}/api/v1/ingest`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${AGENT_TOKEN}`,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      body: gzipSync(batch),
    });
    expect(ok.status).toBe(200);
  });
});
