import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import { buildRegistryApp, seed, startTestRegistry } from './registry-fixtures.js';

describe('an agent id that does not exist', () => {
  let registry: Registry;
  let close: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildRegistryApp>>;
  let world: Awaited<ReturnType<typeof seed>>;
  beforeAll(async () => {
    ({ registry, close } = await startTestRegistry('sqlite'));
    world = await seed(registry);
    app = await buildRegistryApp(registry);
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
  });

  it.each([
    ['GET', '/api/v1/agents/no-such-agent'],
    ['POST', '/api/v1/agents/no-such-agent/token/rotate'],
    ['POST', '/api/v1/agents/no-such-agent/token/revoke'],
  ] as const)('is 404 for an admin too: %s %s', async (method, url) => {
    const res = await app.inject({ method, url, headers: { authorization: `Bearer ${world.tokens.admin}` } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});
