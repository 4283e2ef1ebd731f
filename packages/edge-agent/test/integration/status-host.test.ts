import http from 'node:http';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStatus } from '../../src/status/index.js';
import { StatusServer } from '../../src/status/index.js';

/** GET over real HTTP with the Host header given; resolves with status, headers and body. */
function get(url: string, host: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { host }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

describe('the status page refuses foreign Host names (DNS rebinding)', () => {
  const server = new StatusServer(
    { host: '127.0.0.1', port: 0 },
    () => ({ agentId: 'agent-x' }) as AgentStatus,
    pino({ level: 'silent' }),
  );
  let url: string;
  let port: string;
  beforeAll(async () => {
    url = await server.start();
    port = new URL(url).port;
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers 421 with a Korean and English message to a request for evil.example', async () => {
    for (const path of ['', 'status.json']) {
      const res = await get(`${url}${path}`, `evil.example:${port}`);
      expect(res.status).toBe(421);
      expect(res.body).toContain('상태 페이지');
      expect(res.body).toMatch(/Misdirected request/);
      expect(res.body).not.toContain('agent-x');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('answers the bound address and localhost', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const res = await get(`${url}status.json`, host);
      expect(res.status, host).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ agentId: 'agent-x' });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});
