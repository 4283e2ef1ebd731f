import type { FastifyInstance } from 'fastify';
import type { RouteAccess } from '../core/index.js';
import type { TimeSeriesStore } from '../store/index.js';
import { COLLECTOR_VERSION } from '../version.js';

/** A check /readyz runs besides the store (the registry adds its database). Throws when not ready. */
export type ReadinessCheck = { name: string; check: () => Promise<void> };

/** One check's outcome, as the admin health route shows it. */
export interface CheckResult {
  name: string;
  status: 'ok' | 'unavailable';
  /** The failure's own words (store URL, database error, the command to run); admin only. */
  detail?: string;
  durationMs: number;
}

/** The one reason /readyz gives the public: which dependency and why stays behind admin. */
export const NOT_READY_REASON = 'dependency_unavailable';

const ADMIN_ONLY: { access: RouteAccess } = { access: { roles: ['admin'] } };

async function runChecks(checks: readonly ReadinessCheck[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const c of checks) {
    const started = performance.now();
    try {
      await c.check();
      results.push({ name: c.name, status: 'ok', durationMs: Math.round(performance.now() - started) });
    } catch (err) {
      const detail = (err as Error).message;
      results.push({
        name: c.name,
        status: 'unavailable',
        detail,
        durationMs: Math.round(performance.now() - started),
      });
    }
  }
  return results;
}

/**
 * GET /healthz (the process answers), GET /readyz (the store and other dependencies answer)
 * and GET /api/v1/admin/health (the same checks with their errors, for admins).
 *
 * /readyz is public (load balancers probe it without credentials), so it says only ready or
 * not, with a generic reason: the store's own error text names internal hosts, ports and
 * database names. That detail goes to the log (once per change) and to the admin route.
 */
export async function healthRoutes(
  app: FastifyInstance,
  opts: { store: TimeSeriesStore; checks?: readonly ReadinessCheck[] },
): Promise<void> {
  const checks: ReadinessCheck[] = [{ name: 'store', check: () => opts.store.ping() }, ...(opts.checks ?? [])];
  const log = app.log.child({ component: 'readiness' });
  let lastFailure = '';
  let inFlight: Promise<{ ready: boolean; results: CheckResult[] }> | undefined;
  // /readyz is public: probes that arrive while the checks run share that run, so a flood of
  // them does not become a flood of queries to the store and the registry.
  const check = () => {
    inFlight ??= runAndLog().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
  const runAndLog = async () => {
    const results = await runChecks(checks);
    const failed = results.filter((r) => r.status !== 'ok');
    // Probes come every few seconds: log a failure when it starts or changes, and the recovery.
    const failure = failed.map((r) => `${r.name}: ${r.detail}`).join('; ');
    if (failure !== lastFailure) {
      if (failure) log.warn({ checks: failed }, 'not ready');
      else log.info('ready again');
      lastFailure = failure;
    }
    return { ready: failed.length === 0, results };
  };

  app.get('/healthz', { config: { access: 'public' }, schema: { summary: 'The process is alive' } }, async () => ({
    status: 'ok',
    version: COLLECTOR_VERSION,
  }));
  app.get(
    '/readyz',
    { config: { access: 'public' }, schema: { summary: 'The store (and registry) can be reached' } },
    async (_req, reply) => {
      const { ready } = await check();
      if (ready) return { status: 'ready' };
      reply.code(503).header('retry-after', '5');
      return { status: 'unavailable', reason: NOT_READY_REASON };
    },
  );
  app.get(
    '/api/v1/admin/health',
    { config: ADMIN_ONLY, schema: { summary: 'Admins: each readiness check with its error', tags: ['admin'] } },
    async () => {
      const { ready, results } = await check();
      // 200 even when a check fails: the answer is the report, not the probe.
      return {
        status: ready ? 'ready' : 'unavailable',
        version: COLLECTOR_VERSION,
        uptimeS: Math.round(process.uptime()),
        checks: results,
      };
    },
  );
}
