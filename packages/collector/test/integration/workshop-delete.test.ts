import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import { buildRegistryApp, DIALECTS, seed, startTestRegistry } from './registry-fixtures.js';

describe.each(DIALECTS)('deleting a workshop on %s', (dialect) => {
  let registry: Registry;
  let close: () => Promise<void>;
  let world: Awaited<ReturnType<typeof seed>>;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ registry, close } = await startTestRegistry(dialect));
    world = await seed(registry);
    app = await buildRegistryApp(registry);
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
  });

  const del = (id: string) =>
    app.inject({
      method: 'DELETE',
      url: `/api/v1/workshops/${encodeURIComponent(id)}`,
      headers: { authorization: `Bearer ${world.tokens.admin}` },
    });

  it('answers 409 naming the agents while the workshop still has one, and keeps it', async () => {
    const res = await del('ws-a');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('conflict');
    expect(res.json().error.message).toContain('still has agents');
    expect(await registry.workshops.find('ws-a')).toBeDefined();
  });

  it('deletes a workshop without agents with its stages and user links, then answers 404', async () => {
    await registry.workshops.create({ id: 'ws-gone', nameKo: '폐업', nameEn: 'Closed', industry: 'other' });
    await registry.workshops.setStage('ws-gone', { stage: 0, startedOn: '2026-01-05', level: 'ict_none' });
    const user = await registry.users.create({
      username: 'tech-gone',
      password: 'tech-gone-password',
      role: 'technician',
      workshopIds: ['ws-a', 'ws-gone'],
    });
    expect((await del('ws-gone')).statusCode).toBe(204);
    expect(await registry.workshops.find('ws-gone')).toBeUndefined();
    expect(await registry.workshops.stages('ws-gone')).toEqual([]);
    expect((await registry.users.get(user.id)).workshopIds).toEqual(['ws-a']);
    expect((await del('ws-gone')).statusCode).toBe(404);
  });
});
