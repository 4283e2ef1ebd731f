import { createPgDatabase, tempDir } from '@gongbang/harness';
import type { FastifyInstance } from 'fastify';
import { type BuildAppOptions, buildApp } from '../../src/app.js';
import { Registry, type RegistryOptions } from '../../src/compose/registry.js';
import { parseCollectorConfig } from '../../src/config/index.js';

export type Dialect = 'sqlite' | 'postgres';
export const DIALECTS: Dialect[] = ['sqlite', 'postgres'];

/** Cheap scrypt for tests (production default is N=2^15); fast failure windows. */
export const TEST_REGISTRY_OPTIONS: Omit<RegistryOptions, 'location'> = {
  scryptCost: { N: 1024, r: 8, p: 1 },
  loginThrottle: { maxFailures: 3, windowMs: 60_000 },
  enrollThrottle: { maxFailures: 3, windowMs: 60_000 },
};

/** A started registry on a fresh SQLite file or a throwaway PostgreSQL database, and its cleanup. */
export async function startTestRegistry(
  dialect: Dialect,
  options: Partial<RegistryOptions> = {},
): Promise<{ registry: Registry; location: RegistryOptions['location']; close: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const tmp = await tempDir('gongbang-registry-');
    const location = { kind: 'sqlite' as const, file: `${tmp.dir}/registry.sqlite` };
    const registry = new Registry({ ...TEST_REGISTRY_OPTIONS, ...options, location });
    await registry.start();
    return {
      registry,
      location,
      close: async () => {
        await registry.stop();
        await tmp.remove();
      },
    };
  }
  const pg = await createPgDatabase();
  const location = { kind: 'postgres' as const, url: pg.url, poolSize: 4 };
  const registry = new Registry({ ...TEST_REGISTRY_OPTIONS, ...options, location });
  await registry.start();
  return {
    registry,
    location,
    close: async () => {
      await registry.stop();
      await pg.close();
    },
  };
}

/**
 * The whole app as `serve` builds it (buildApp: collector and registry routes behind the one
 * access plugin), on a temp data dir removed when the app closes, ready.
 */
export async function buildRegistryApp(
  registry: Registry,
  extra: Partial<BuildAppOptions> = {},
): Promise<FastifyInstance> {
  const tmp = await tempDir('gongbang-registry-app-');
  return await buildWholeApp(registry, tmp.dir, extra, () => tmp.remove());
}

/** The whole app as `serve` builds it (collector routes and the registry), on `dataDir`, ready. */
export async function buildWholeApp(
  registry: Registry,
  dataDir: string,
  extra: Partial<BuildAppOptions> = {},
  onClose?: () => Promise<void>,
): Promise<FastifyInstance> {
  const config = parseCollectorConfig({ dataDir, server: { port: 0 }, log: { level: 'silent' } });
  const app = await buildApp({ config, registry, logger: false, processMetrics: false, ...extra });
  if (onClose) app.addHook('onClose', onClose);
  try {
    await app.ready();
  } catch (err) {
    await onClose?.();
    throw err;
  }
  return app;
}

/** The test world: two workshops, a user per role, and an API token for each. */
export async function seed(registry: Registry) {
  await registry.workshops.create({
    id: 'ws-a',
    nameKo: '을지로 인쇄',
    nameEn: 'Euljiro Print',
    industry: 'printing',
    cluster: 'Euljiro',
    headcount: 4,
  });
  await registry.workshops.create({
    id: 'ws-b',
    nameKo: '성수 수제화',
    nameEn: 'Seongsu Shoes',
    industry: 'handmade_shoes',
    cluster: 'Seongsu',
    headcount: 6,
  });
  const users = {
    admin: await registry.users.create({ username: 'admin', password: 'admin-password-1', role: 'admin' }),
    evaluator: await registry.users.create({ username: 'eval', password: 'eval-password-1', role: 'evaluator' }),
    technician: await registry.users.create({
      username: 'tech',
      password: 'tech-password-1',
      role: 'technician',
      workshopIds: ['ws-a'],
    }),
    owner: await registry.users.create({
      username: 'owner',
      password: 'owner-password-1',
      role: 'owner',
      workshopIds: ['ws-a'],
    }),
  };
  const tokens = {
    admin: (await registry.apiTokens.create(users.admin.id, 'test')).token,
    evaluator: (await registry.apiTokens.create(users.evaluator.id, 'test')).token,
    technician: (await registry.apiTokens.create(users.technician.id, 'test')).token,
    owner: (await registry.apiTokens.create(users.owner.id, 'test')).token,
  };
  await registry.agents.create('agent-a', 'ws-a');
  await registry.agents.create('agent-b', 'ws-b');
  const agentTokens = {
    a: await registry.agents.issueToken('agent-a'),
    b: await registry.agents.issueToken('agent-b'),
  };
  return { users, tokens, agentTokens };
}
