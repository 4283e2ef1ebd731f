import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tempDir } from '@gongbang/harness';
import { afterEach, describe, expect, it } from 'vitest';
import { EnrollError, exchangeEnrollmentCode, rotateAgentToken } from '../../src/enroll/index.js';
import { httpRequest } from '../../src/http/index.js';
import { HeartbeatError, HttpHeartbeatClient } from '../../src/remote-config/index.js';

const run = promisify(execFile);
const CALLS = fileURLToPath(new URL('../support/agent-calls-main.ts', import.meta.url));

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const servers: http.Server[] = [];
const cleanups: Array<() => Promise<void>> = [];

/** A real HTTP server on a free loopback port; `seen` counts the requests it got. */
async function serve(handler: Handler): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => handler(req, res));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

/** Answers every endpoint the agent calls, as the collector would. */
const collectorLike: Handler = (req, res) => {
  if (req.url === '/healthz') return json(res, 200, { ok: true });
  if (req.url === '/api/v1/enroll')
    return json(res, 200, { v: 1, agentId: 'a-1', workshopId: 'ws', token: 't-1', configVersion: 1, config: {} });
  if (req.url === '/api/v1/agent/token') return json(res, 200, { v: 1, agentId: 'a-1', token: 't-2' });
  if (req.url === '/api/v1/agent/heartbeat')
    return json(res, 200, { v: 1, serverTime: Date.now(), configVersion: 3, config: null });
  if (req.url === '/api/v1/ingest')
    return json(res, 200, {
      v: 1,
      batchId: 'b-1',
      stored: [[1, 1]],
      duplicates: [],
      rejected: [],
      serverTime: Date.now(),
    });
  json(res, 404, {});
};

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  for (const c of cleanups.splice(0)) await c();
});

describe('the agent calls the collector through one node:http module', () => {
  it('enrolls, rotates, heartbeats and uploads without ever loading undici (fetch)', async () => {
    const { url, seen } = await serve(collectorLike);
    const dir = await tempDir('gb-agent-http-');
    cleanups.push(dir.remove);
    const out = async (...extra: string[]) =>
      JSON.parse(
        (
          await run(process.execPath, ['--import', 'tsx', CALLS, url, `${dir.dir}/token`, ...extra], {
            timeout: 30_000,
          })
        ).stdout,
      );
    const plain = await out();
    expect(plain).toEqual({ before: false, after: false, agentId: 'a-1', configVersion: 3, acked: 'b-1', probe: true });
    expect(seen).toEqual([
      'POST /api/v1/enroll',
      'POST /api/v1/agent/token',
      'POST /api/v1/agent/heartbeat',
      'POST /api/v1/ingest',
      'GET /healthz',
    ]);
    // The check is not blind: the same script sees undici once it calls fetch.
    expect((await out('--fetch')).after).toBe(true);
  });

  it('fails a heartbeat answered with a body that is not JSON as a HeartbeatError, not a crash', async () => {
    const { url } = await serve((_req, res) => res.writeHead(200).end('<html>captive portal</html>'));
    const err = await new HttpHeartbeatClient({ url, token: 't' })
      .heartbeat({ agentVersion: 'test', appliedConfigVersion: null })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HeartbeatError);
    expect((err as HeartbeatError).message).toMatch(/unexpected heartbeat body/);
  });

  it('does not follow a redirect with the token, and names where it points', async () => {
    const { url, seen } = await serve((_req, res) =>
      res.writeHead(308, { location: 'https://elsewhere.example/api/v1/agent/heartbeat' }).end(),
    );
    const err = (await new HttpHeartbeatClient({ url, token: 't' })
      .heartbeat({ agentVersion: 'test', appliedConfigVersion: null })
      .catch((e: unknown) => e)) as HeartbeatError;
    expect(err).toBeInstanceOf(HeartbeatError);
    expect(err.message).toContain('https://elsewhere.example/api/v1/agent/heartbeat');
    expect(err.message).toContain('collector.url');
    expect(seen).toHaveLength(1);
  });

  it('names the HTTP status when an enrollment is refused with a JSON null body', async () => {
    const { url } = await serve((_req, res) => json(res, 400, null));
    const err = (await exchangeEnrollmentCode({ collectorUrl: url, code: 'X', agentVersion: 't' }).catch(
      (e: unknown) => e,
    )) as EnrollError;
    expect(err).toBeInstanceOf(EnrollError);
    expect(err.code).toBe('http_400');
  });

  it('gives up on an answer that drips in past the deadline, though the socket never idles', async () => {
    const timers: NodeJS.Timeout[] = [];
    const { url } = await serve((_req, res) => {
      res.writeHead(200);
      timers.push(setInterval(() => res.write(' '), 20));
    });
    cleanups.push(async () => timers.forEach(clearInterval));
    const t0 = Date.now();
    const err = (await rotateAgentToken({
      collectorUrl: url,
      agentId: 'a',
      token: 't',
      tokenFile: '/nonexistent/token',
      timeoutMs: 300,
    }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/no complete answer within 300 ms/);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('refuses an answer longer than the cap instead of buffering it', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200);
      res.end(Buffer.alloc(2 * 2 ** 20, 0x20));
    });
    const err = (await httpRequest(new URL(url), { method: 'GET', timeoutMs: 5_000, maxResponseBytes: 2 ** 20 }).catch(
      (e: unknown) => e,
    )) as Error & { code?: string };
    expect(err.code).toBe('ERESPONSETOOLARGE');
  });
});
