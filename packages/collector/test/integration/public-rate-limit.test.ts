import { tempDir } from '@gongbang/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWholeApp, startTestRegistry } from './registry-fixtures.js';

// Login and enrollment take secrets from strangers. Besides the throttle on failed attempts,
// the app as `serve` builds it limits each client address to 60 requests a minute.
describe('request limit per address on the public secret-taking routes (whole app)', () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let dir: Awaited<ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    dir = await tempDir('gb-public-limit-');
    const started = await startTestRegistry('sqlite');
    close = started.close;
    app = await buildWholeApp(started.registry, dir.dir);
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
    await dir?.remove();
  });

  it.each([
    ['login', '/api/v1/auth/login'],
    ['enroll', '/api/v1/enroll'],
  ])('limits %s to 60 requests a minute per address, whatever they fail with', async (_name, url) => {
    // Malformed bodies are answered 400 and count as no failed login or code: only the
    // per-address limit can stop them.
    const send = (remoteAddress: string) =>
      app.inject({
        method: 'POST',
        url,
        remoteAddress,
        headers: { 'content-type': 'application/json' },
        payload: '{}',
      });
    for (let i = 0; i < 60; i++) expect((await send('198.51.100.7')).statusCode).toBe(400);
    const limited = await send('198.51.100.7');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().error).toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/60 requests per/),
    });
    // Another address is not held back by the first one's requests.
    expect((await send('198.51.100.8')).statusCode).toBe(400);
  });
});
