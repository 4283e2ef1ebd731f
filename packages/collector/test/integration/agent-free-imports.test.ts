import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { modulesLoadedBy } from '../support/loaded-modules.js';

// Spawns Node on the built packages (`npx tsc -b` first, as npm test does).
const built = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));
const VALIDATOR = built('collector/dist/remote-config/validator.js');
const REGISTRY = built('collector/dist/registry/index.js');
const COLLECTOR = built('collector/dist/index.js');
const AGENT = built('edge-agent/dist/index.js');

/** A module of the edge agent or one of its device/runtime libraries. */
const AGENT_MODULE =
  /\/packages\/edge-agent\/|\/node_modules\/(serialport|@serialport\/[^/]+|aedes|mqtt|modbus-serial|node-cron)\//;

describe('importing the collector loads no edge-agent module', () => {
  beforeAll(() => {
    for (const f of [VALIDATOR, REGISTRY, COLLECTOR, AGENT])
      if (!existsSync(f)) throw new Error(`${f} is missing: build first with \`npx tsc -b\``);
  });

  it('the remote-config validator and the registry load the agent config package, not the agent', async () => {
    const loaded = await modulesLoadedBy([VALIDATOR, REGISTRY]);
    expect(loaded.some((u) => u.includes('/packages/agent-config/dist/'))).toBe(true);
    expect(loaded.filter((u) => AGENT_MODULE.test(u))).toEqual([]);
  });

  it('nor does the whole collector', async () => {
    const loaded = await modulesLoadedBy([COLLECTOR]);
    expect(loaded.length).toBeGreaterThan(50);
    expect(loaded.filter((u) => AGENT_MODULE.test(u))).toEqual([]);
  });

  it('sees agent modules where they are loaded: the agent package, as the collector imported it before', async () => {
    // Device libraries load lazily when an input starts (LazyInput); the scheduler does not.
    const loaded = (await modulesLoadedBy([AGENT])).filter((u) => AGENT_MODULE.test(u));
    expect(loaded.filter((u) => u.includes('/packages/edge-agent/dist/')).length).toBeGreaterThan(40);
    expect(loaded.some((u) => u.includes('/node_modules/node-cron/'))).toBe(true);
  });
});
