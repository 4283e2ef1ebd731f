import type { AddressInfo } from 'node:net';
import { tempDir } from '@gongbang/harness';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureRole } from '../../bench/dashboard-pages.js';
import { benchConfig, ensureWorld, NOW_MS, TO_DAY, type World } from '../../bench/dashboard-programme.js';
import { buildApp } from '../../packages/collector/src/app.js';
import { launchChromium } from './support/browser.js';

// The dashboard benchmark's machinery on a tiny programme (2 workshops × 1 month, loaded into a
// temp dir, not bench/.cache/): it loads and reuses its world, finds each role's pages in the
// rendered navigation and measures them without an error. Not timed: the figures come from
// `npm run bench -- dashboard` on 400 workshops; this only keeps the bench from rotting.

describe('the dashboard benchmark', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  let world: World;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  const params = { workshops: 2, months: 1, seed: 3, toDay: TO_DAY };

  beforeAll(async () => {
    tmp = await tempDir('gongbang-dashboard-bench-');
    world = await ensureWorld(params, () => {}, tmp.dir);
    app = await buildApp({
      config: benchConfig(world.dataDir),
      logger: false,
      processMetrics: false,
      now: () => NOW_MS,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await tmp?.remove();
  });

  it('loads the programme once and reuses it', async () => {
    expect(world.load.readings).toBeGreaterThan(0);
    expect(world.users.map((u) => u.role)).toEqual(['owner', 'technician', 'evaluator', 'admin']);
    const again = await ensureWorld(params, () => {}, tmp.dir);
    expect(again.load.loadedAt).toBe(world.load.loadedAt);
    expect(again.dataDir).toBe(world.dataDir);
  });

  it("measures the owner's pages cold, warm and on a phone, with their API calls and bytes", async () => {
    const owner = world.users.find((u) => u.role === 'owner')!;
    const slow = { cpuRate: 2, latencyMs: 20, downloadKbps: 50_000, uploadKbps: 10_000 };
    const r = await measureRole(browser, { base, nowMs: NOW_MS, size: 'phone' }, owner, 1, 1_000, () => {}, slow);
    expect(r.home).toBe('/owner/today');
    const today = r.pages['/owner/today'];
    expect(today?.cold).toMatchObject({ runs: 1, errors: [] });
    expect(today?.cold?.apiCalls).toBeGreaterThanOrEqual(1);
    expect(today?.cold?.jsBytes).toBeGreaterThan(0);
    expect(today?.cold?.medianMs).toBeGreaterThan(0);
    // The second load takes the hashed assets from the cache, and asks the API again.
    expect(today?.warm).toMatchObject({ runs: 1, errors: [], jsBytes: 0 });
    expect(today?.warm?.fromCache).toBeGreaterThan(0);
    expect(today?.warm?.apiBytes).toBeGreaterThan(0);
    expect(today?.coldThrottled).toMatchObject({ runs: 1, errors: [] });
  });

  it("visits every page in each other role's navigation without an error", async () => {
    for (const user of world.users.filter((u) => u.role !== 'owner')) {
      const r = await measureRole(browser, { base, nowMs: NOW_MS, size: 'desk' }, user, 1, 1_000, () => {});
      for (const [page, kinds] of Object.entries(r.pages))
        for (const [kind, s] of Object.entries(kinds)) expect(s?.errors, `${user.role} ${page} ${kind}`).toEqual([]);
    }
  });
});
