import { tempDir } from '@gongbang/harness';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteAccess } from '../../src/core/access.js';
import { buildWholeApp, seed, startTestRegistry } from './registry-fixtures.js';

type Caller = 'anonymous' | 'admin' | 'evaluator' | 'technician' | 'owner' | 'agent';
const CALLERS: Caller[] = ['anonymous', 'admin', 'evaluator', 'technician', 'owner', 'agent'];

/**
 * The whole collector as `serve` builds it (collector routes + registry routes): every route
 * it registers declares its access, and answers every kind of caller as it declares.
 * Unlike roles-matrix (the registry's own table), this one follows the routes other parts add.
 */
describe('every route of the whole app × every role', () => {
  const routes: { method: string; url: string; access: RouteAccess | undefined }[] = [];
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof seed>>;
  let close: () => Promise<void>;
  let dir: { dir: string; remove: () => Promise<void> };

  beforeAll(async () => {
    dir = await tempDir('gongbang-app-matrix-');
    const started = await startTestRegistry('sqlite');
    close = started.close;
    world = await seed(started.registry);
    // Each route as the access plugin left it (undeclared /docs routes made public).
    app = await buildWholeApp(started.registry, dir.dir, {
      onRoute: (r: RouteOptions) => {
        if (r.method !== 'HEAD')
          routes.push({ method: String(r.method), url: r.url, access: (r.config as { access?: RouteAccess })?.access });
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
    await dir?.remove();
  });

  it('has routes from the collector and the registry, each with a declaration', () => {
    const urls = routes.map((r) => r.url);
    expect(urls).toEqual(expect.arrayContaining(['/healthz', '/api/v1/ingest', '/api/v1/workshops', '/api/v1/enroll']));
    for (const r of routes) expect(r.access, `${r.method} ${r.url}`).toBeDefined();
  });

  const fill = (url: string) =>
    url
      .replace(/:workshopId/g, 'ws-a')
      .replace(/:agentId/g, 'agent-a')
      .replace(/:[A-Za-z]+/g, 'x')
      .replace(/\*$/, 'index.html');

  it('answers each caller as each route declares', async () => {
    const auth: Record<Caller, Record<string, string>> = {
      anonymous: {},
      agent: { authorization: `Bearer ${world.agentTokens.a}` },
      admin: { authorization: `Bearer ${world.tokens.admin}` },
      evaluator: { authorization: `Bearer ${world.tokens.evaluator}` },
      technician: { authorization: `Bearer ${world.tokens.technician}` },
      owner: { authorization: `Bearer ${world.tokens.owner}` },
    };
    const problems: string[] = [];
    // Read-only methods only: the point is the access check, which runs before any handler.
    for (const r of routes.filter((x) => x.method === 'GET')) {
      for (const caller of CALLERS) {
        const res = await app.inject({ method: 'GET', url: fill(r.url), headers: auth[caller] });
        const a = r.access;
        const denied = res.statusCode === 401 || res.statusCode === 403;
        let ok: boolean;
        if (a === 'public') ok = !denied;
        else if (a === 'agent') ok = caller === 'agent' ? !denied : res.statusCode === 401;
        else if (caller === 'anonymous' || caller === 'agent') ok = res.statusCode === 401;
        else ok = a?.roles.includes(caller) ? !denied : res.statusCode === 403;
        if (!ok) problems.push(`${caller} GET ${r.url} → ${res.statusCode}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
