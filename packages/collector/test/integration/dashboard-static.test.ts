import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { tempDir } from '@gongbang/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import { buildRegistryApp, startTestRegistry } from './registry-fixtures.js';

describe('the dashboard files at /', () => {
  let registry: Registry;
  let closeRegistry: () => Promise<void>;
  let built: FastifyInstance;
  let unbuilt: FastifyInstance;
  let tmp: { dir: string; remove: () => Promise<void> };

  beforeAll(async () => {
    ({ registry, close: closeRegistry } = await startTestRegistry('sqlite'));
    tmp = await tempDir('gongbang-dashboard-dist-');
    const dist = join(tmp.dir, 'dist');
    await mkdir(join(dist, 'assets'), { recursive: true });
    await writeFile(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
    await writeFile(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    await writeFile(join(tmp.dir, 'secret.txt'), 'not for the web');
    built = await buildRegistryApp(registry, { dashboardDir: dist });
    unbuilt = await buildRegistryApp(registry, { dashboardDir: join(tmp.dir, 'missing') });
  });
  afterAll(async () => {
    await built?.close();
    await unbuilt?.close();
    await closeRegistry?.();
    await tmp?.remove();
  });

  it('answers index.html at / and at the pages of the app, with a strict CSP and no caching', async () => {
    for (const url of ['/', '/sign-in', '/owner/today', '/account', '/admin/users', '/admin/workshops/ws-a']) {
      const res = await built.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('<div id="app">');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets with long caching, and nothing outside assets/', async () => {
    const js = await built.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    for (const url of [
      '/assets/../secret.txt',
      '/assets/..%2fsecret.txt',
      '/assets/%2e%2e/secret.txt',
      '/assets/nope.js',
    ]) {
      const res = await built.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('not for the web');
    }
  });

  it('gzips an asset for a client that takes gzip, byte for byte the same once unzipped, and never the API', async () => {
    const plain = await built.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toContain('accept-encoding');
    for (const accept of ['gzip, deflate, br', 'br;q=1.0, gzip;q=0.8', '*']) {
      const res = await built.inject({
        method: 'GET',
        url: '/assets/index-abc123.js',
        headers: { 'accept-encoding': accept },
      });
      expect(res.headers['content-encoding'], accept).toBe('gzip');
      expect(gunzipSync(res.rawPayload).toString()).toBe('console.log(1)');
    }
    for (const accept of ['gzip;q=0', 'identity', 'br', '*;q=0']) {
      const res = await built.inject({
        method: 'GET',
        url: '/assets/index-abc123.js',
        headers: { 'accept-encoding': accept },
      });
      expect(res.headers['content-encoding'], accept).toBeUndefined();
      expect(res.body).toBe('console.log(1)');
    }
    // API answers carry session data: not compressed (BREACH).
    const api = await built.inject({ method: 'GET', url: '/healthz', headers: { 'accept-encoding': 'gzip' } });
    expect(api.headers['content-encoding']).toBeUndefined();
  });

  it('leaves the API, /healthz and /docs as they were', async () => {
    expect((await built.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await built.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    expect((await built.inject({ method: 'GET', url: '/api/v1/nothing-here' })).json()).toMatchObject({
      error: { code: 'not_found' },
    });
    expect((await built.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
  });

  it('says in Korean and English how to build it when it is not built', async () => {
    const res = await unbuilt.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('npm run build');
    expect(res.body).toContain('빌드되지 않았습니다');
    expect(res.body).toContain('not built yet');
  });
});
