import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tempDir } from '@gongbang/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCollectorConfig } from '../../src/config/index.js';
import { buildWholeApp, startTestRegistry } from './registry-fixtures.js';

// The collector behind a reverse proxy at 127.0.0.1 (server.trustProxy lists it). Linux routes
// all of 127/8 to the loopback interface, so 127.0.0.2 is a real second client that reaches the
// collector directly, without the proxy: the attacker who forges X-Forwarded-For.
const PROXY = '127.0.0.1';
const DIRECT = '127.0.0.2';

// Bound to `::` (dual stack), IPv4 peers appear as ::ffff:127.0.0.1; the IPv4 entry must still match.
describe.each(['127.0.0.1', '::'])(
  'per-address limits behind a trusted reverse proxy (whole app, real HTTP, bound to %s)',
  (bindHost) => {
    let app: FastifyInstance;
    let port: number;
    let close: () => Promise<void>;
    let dir: Awaited<ReturnType<typeof tempDir>>;

    beforeAll(async () => {
      dir = await tempDir('gb-proxy-limit-');
      const started = await startTestRegistry('sqlite');
      close = started.close;
      const config = parseCollectorConfig({
        dataDir: dir.dir,
        server: { port: 0, trustProxy: [PROXY] },
        log: { level: 'silent' },
      });
      app = await buildWholeApp(started.registry, dir.dir, { config });
      await app.listen({ host: bindHost, port: 0 });
      port = (app.server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await app?.close();
      await close?.();
      await dir?.remove();
    });

    /** POSTs `{}` from `from` (a local address) with the X-Forwarded-For given; resolves with the status. */
    const post = (url: string, from: string, forwardedFor?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            path: url,
            method: 'POST',
            localAddress: from,
            agent: false,
            headers: {
              'content-type': 'application/json',
              ...(forwardedFor !== undefined ? { 'x-forwarded-for': forwardedFor } : {}),
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end('{}');
      });

    // Malformed bodies are answered 400 without touching a failure throttle: only the
    // 60-a-minute limit per client address can stop them.
    describe.each([
      ['login', '/api/v1/auth/login', 1],
      ['enroll', '/api/v1/enroll', 2],
    ])('%s', (_name, url, net) => {
      it('gives two clients behind the proxy a limit each', async () => {
        const a = `198.51.${net}.1`;
        for (let i = 0; i < 60; i++) expect(await post(url, PROXY, a)).toBe(400);
        expect(await post(url, PROXY, a)).toBe(429);
        expect(await post(url, PROXY, `198.51.${net}.2`)).toBe(400);
      });

      it('does not let a client that reaches the collector directly escape by rotating X-Forwarded-For', async () => {
        const codes: number[] = [];
        for (let i = 0; i < 61; i++) codes.push(await post(url, DIRECT, `203.0.${net}.${i + 1}`));
        expect(codes.slice(0, 60).every((c) => c === 400)).toBe(true);
        expect(codes[60]).toBe(429);
        // Its address is the TCP peer: without the header it is just as limited.
        expect(await post(url, DIRECT)).toBe(429);
      });

      it('holds a direct client to 60 when it sends 70 requests at once, each with another X-Forwarded-For', async () => {
        const from = '127.0.0.3';
        const codes = await Promise.all(Array.from({ length: 70 }, (_, i) => post(url, from, `203.1.${net}.${i + 1}`)));
        expect(codes.filter((c) => c === 400)).toHaveLength(60);
        expect(codes.filter((c) => c === 429)).toHaveLength(10);
      });

      it('keys a "spoofed, real" chain through the proxy on the address the proxy saw', async () => {
        const real = `192.0.${net}.9`;
        const codes: number[] = [];
        // The client sends its own X-Forwarded-For; the proxy appends the address it saw.
        for (let i = 0; i < 61; i++) codes.push(await post(url, PROXY, `10.${net}.0.${i + 1}, ${real}`));
        expect(codes.slice(0, 60).every((c) => c === 400)).toBe(true);
        expect(codes[60]).toBe(429);
        expect(await post(url, PROXY, real)).toBe(429);
        expect(await post(url, PROXY, `10.${net}.0.1`)).toBe(400);
      });
    });
  },
);
