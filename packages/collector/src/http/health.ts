import type { FastifyInstance } from 'fastify';
import type { TimeSeriesStore } from '../store/index.js';
import { COLLECTOR_VERSION } from '../version.js';

/** A check /readyz runs besides the store (the registry adds its database). */
export type ReadinessCheck = { name: string; check: () => Promise<void> };

/** GET /healthz (the process answers) and GET /readyz (the store and other dependencies answer). */
export async function healthRoutes(
  app: FastifyInstance,
  opts: { store: TimeSeriesStore; checks?: readonly ReadinessCheck[] },
): Promise<void> {
  app.get('/healthz', { config: { access: 'public' }, schema: { summary: 'The process is alive' } }, async () => ({
    status: 'ok',
    version: COLLECTOR_VERSION,
  }));
  app.get(
    '/readyz',
    { config: { access: 'public' }, schema: { summary: 'The store (and registry) can be reached' } },
    async (_req, reply) => {
      const checks = [{ name: 'store', check: () => opts.store.ping() }, ...(opts.checks ?? [])];
      const results: Record<string, string> = {};
      let ready = true;
      for (const c of checks) {
        try {
          await c.check();
          results[c.name] = 'ok';
        } catch (err) {
          ready = false;
          results[c.name] = (err as Error).message;
        }
      }
      if (!ready) reply.code(503).header('retry-after', '5');
      return { status: ready ? 'ready' : 'unavailable', checks: results };
    },
  );
}
