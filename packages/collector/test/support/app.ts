import path from 'node:path';
import { tempDir } from '@gongbang/harness';
import type { FastifyInstance } from 'fastify';
import { type BuildAppOptions, buildApp } from '../../src/app.js';
import { Registry } from '../../src/compose/index.js';
import { parseCollectorConfig } from '../../src/config/index.js';
import { SqliteStore, type TimeSeriesStore } from '../../src/store/index.js';

export const AGENT_TOKEN = 'agent-1-token-0123456789abcdef';
export const AGENT2_TOKEN = 'agent-2-token-0123456789abcdef';
export const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
export const OWNER_TOKEN = 'owner-token-0123456789abcdef';
export const OWNER2_TOKEN = 'owner2-token-0123456789abcdef';
export const TECH_TOKEN = 'tech-token-0123456789abcdef';

/** A config with two agents in two workshops and API tokens of several roles. */
export function testConfig(extra: Record<string, unknown> = {}) {
  return parseCollectorConfig({
    agents: [
      { id: 'agent-1', workshop: 'ws-1', token: AGENT_TOKEN },
      { id: 'agent-2', workshop: 'ws-2', token: AGENT2_TOKEN },
    ],
    apiTokens: [
      { id: 'admin', role: 'admin', token: ADMIN_TOKEN },
      { id: 'owner-1', role: 'owner', workshops: ['ws-1'], token: OWNER_TOKEN },
      { id: 'owner-2', role: 'owner', workshops: ['ws-2'], token: OWNER2_TOKEN },
      { id: 'tech', role: 'technician', workshops: ['ws-1', 'ws-2'], token: TECH_TOKEN },
    ],
    log: { level: 'silent' },
    ...extra,
  });
}

export interface TestApp {
  app: FastifyInstance;
  store: TimeSeriesStore;
  registry: Registry;
  close: () => Promise<void>;
}

/**
 * The app as `serve` builds it (buildApp: the registry's authenticators first, then the
 * config's token lists), on a SqliteStore and an empty SQLite registry in a temp dir (or the
 * store given).
 */
export async function makeApp(opts: Partial<BuildAppOptions> & { store?: TimeSeriesStore } = {}): Promise<TestApp> {
  const tmp = await tempDir('gb-collector-app-');
  const store = opts.store ?? new SqliteStore({ file: path.join(tmp.dir, 'readings.db') });
  if (!opts.store) await store.start();
  const registry =
    opts.registry ?? new Registry({ location: { kind: 'sqlite', file: path.join(tmp.dir, 'registry.db') } });
  if (!opts.registry) await registry.start();
  const app = await buildApp({ config: testConfig(), processMetrics: false, ...opts, store, registry });
  await app.ready();
  return {
    app,
    store,
    registry,
    close: async () => {
      await app.close();
      if (!opts.store) await store.stop();
      if (!opts.registry) await registry.stop();
      await tmp.remove();
    },
  };
}

export const agentHeaders = (token = AGENT_TOKEN) => ({
  authorization: `Bearer ${token}`,
  'content-type': 'application/json',
});
