import { tempDir } from '@gongbang/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { parseCollectorConfig } from '../../src/config/index.js';
import { seed, startTestRegistry } from './registry-fixtures.js';

describe('collector.yaml token lists next to the registry', () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let dir: { dir: string; remove: () => Promise<void> };
  let world: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    dir = await tempDir('gongbang-fallback-');
    const started = await startTestRegistry('sqlite');
    close = started.close;
    world = await seed(started.registry);
    const config = parseCollectorConfig({
      dataDir: dir.dir,
      log: { level: 'silent' },
      agents: [{ id: 'yaml-agent', workshop: 'ws-a', token: 'yaml-agent-token-0123456789' }],
      apiTokens: [{ id: 'yaml-eval', role: 'evaluator', token: 'yaml-eval-token-0123456789' }],
    });
    // As serve builds it: the registry's authenticators first, the yaml lists as fallback.
    app = await buildApp({ config, registry: started.registry, logger: false, processMetrics: false });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
    await dir?.remove();
  });

  const get = (url: string, token: string) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const heartbeat = (token: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/agent/heartbeat',
      headers: { authorization: `Bearer ${token}` },
      payload: {},
    });

  it('accepts agents enrolled in the registry and agents listed in the file', async () => {
    expect((await heartbeat(world.agentTokens.a)).statusCode).toBe(200);
    expect((await heartbeat('yaml-agent-token-0123456789')).statusCode).toBe(200);
    expect((await heartbeat('neither-0123456789')).statusCode).toBe(401);
  });

  it('accepts registry users and API tokens from the file, with their roles', async () => {
    expect((await get('/api/v1/workshops', 'yaml-eval-token-0123456789')).json().workshops).toHaveLength(2);
    expect((await get('/api/v1/users', 'yaml-eval-token-0123456789')).statusCode).toBe(403);
    expect((await get('/api/v1/users', world.tokens.admin)).statusCode).toBe(200);
  });
});
