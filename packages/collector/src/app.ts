import rateLimit from '@fastify/rate-limit';
import Fastify, {
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyServerOptions,
  LogController,
  type RouteOptions,
} from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { accessControl } from './auth/index.js';
import {
  authenticatorsFor,
  kpiEngineFor,
  programmeDirectory,
  Registry,
  registryLocationFor,
  registryRoutes,
} from './compose/index.js';
import type { CollectorConfig } from './config/index.js';
import { EvaluationPool, type EvaluationPoolOptions, evaluationRoutes } from './evaluation/index.js';
import { dashboardRoutes } from './http/dashboard.js';
import { docsPlugin } from './http/docs.js';
import { installErrorHandlers } from './http/errors.js';
import { healthRoutes, type ReadinessCheck } from './http/health.js';
import { httpEdgeServerOptions, installHttpEdge } from './http/request-limits.js';
import { installSecurityHeaders } from './http/security-headers.js';
import { ingestRoutes } from './ingest/index.js';
import { type KpiEngine, kpiRoutes, machineStatesRoutes, peerGainsRoutes, RollupStore } from './metrics/index.js';
import { readingsRoutes } from './readings/index.js';
import { createStore, type TimeSeriesStore } from './store/index.js';
import { CollectorMetrics, metricsRoutes } from './telemetry/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The readings store the routes use. */
    readingsStore: TimeSeriesStore;
    /** The KPI engine keeping the rollups; null when `metrics.enabled` is false. */
    kpiEngine: KpiEngine | null;
    /** The worker threads the stage-gain evaluation runs on (stopped when the app closes). */
    evaluationPool: EvaluationPool;
  }
}

/** An extra plugin the app registers after its own routes (e.g. the registry's routes). */
export interface ExtraPlugin<O = unknown> {
  plugin: FastifyPluginAsync<O & Record<never, never>>;
  options?: O;
}

/** Options of buildApp. Everything but `config` has a default built from the config. */
export interface BuildAppOptions {
  /** Validated, frozen config (loadCollectorConfig / parseCollectorConfig). */
  config: Readonly<CollectorConfig>;
  /** The readings store; default from `config.store`. A store passed in is started and stopped by the caller. */
  store?: TimeSeriesStore;
  /**
   * The registry (users, sessions, enrolled agents, workshops). Default: opened from
   * `config.registry.url`, else `<dataDir>/registry.db`, started with the app and stopped when
   * it closes. A registry passed in is started and stopped by the caller.
   */
  registry?: Registry;
  /** Plugins registered after the collector's own routes. */
  plugins?: ExtraPlugin<never>[];
  /** More /readyz checks (e.g. the registry database). */
  readinessChecks?: ReadinessCheck[];
  /** Fastify logger option; default pino at `config.log.level`. */
  logger?: FastifyServerOptions['logger'] | FastifyServerOptions['loggerInstance'];
  /** Clock, UTC ms. Default Date.now. */
  now?: () => number;
  /** Collect process metrics (CPU, memory) on /metrics. Default true. */
  processMetrics?: boolean;
  /** Sees every route as the access plugin left it (tests list the routes and their access). */
  onRoute?: (route: RouteOptions) => void;
  /** The built dashboard served at `/` (packages/dashboard/dist). Default: next to this package. */
  dashboardDir?: string;
  /** Called when an evaluation worker takes a job (tests watch the computation start). */
  onEvaluationStart?: EvaluationPoolOptions['onStart'];
}

/**
 * Builds the collector's Fastify app (config, store, registry, access, routes) without
 * listening: the one composition root. `serve` runs it (server.ts), and the tests build it
 * with this same function.
 */
export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = opts;
  const loggerOpt =
    opts.logger && typeof (opts.logger as { child?: unknown }).child === 'function'
      ? { loggerInstance: opts.logger as FastifyServerOptions['loggerInstance'] }
      : { logger: (opts.logger as FastifyServerOptions['logger']) ?? { level: config.log.level } };
  const app = Fastify({
    ...loggerOpt,
    trustProxy: config.server.trustProxy,
    // Body limit and timeouts (issue #10); routes get their own limits in installHttpEdge.
    ...httpEdgeServerOptions(config.server),
    // Per-request lines would drown the ingest log; errors are still logged by the handlers.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app, config.ingest.retryAfterS);
  installSecurityHeaders(app);
  installHttpEdge(app);

  const now = opts.now ?? Date.now;
  const store = opts.store ?? createStore(config, app.log.child({ component: 'store' }));
  if (!opts.store) {
    app.addHook('onReady', () => store.start());
    app.addHook('onClose', () => store.stop());
  }
  app.decorate('readingsStore', store);
  const metrics = new CollectorMetrics({ processMetrics: opts.processMetrics ?? true });

  const registry =
    opts.registry ??
    new Registry({ location: registryLocationFor({ registry: config.registry.url, dataDir: config.dataDir }) });
  if (!opts.registry) {
    app.addHook('onReady', () => registry.start());
    app.addHook('onClose', () => registry.stop());
  }

  const kpi = config.metrics.enabled
    ? kpiEngineFor(registry, store, config.metrics, app.log.child({ component: 'metrics' }), now, (n) =>
        metrics.kpiDaysComputed.inc(n),
      )
    : null;
  app.decorate('kpiEngine', kpi);
  if (kpi) {
    metrics.watchKpiMarks(() => kpi.rollups.dirtyCount());
    registry.metricsInputListener = (workshopId, fromMs, toMs) => kpi.markRange(workshopId, fromMs, toMs);
    // Hooks run in the order they were added: the store and registry have started by now.
    app.addHook('onReady', async () => kpi.start());
    // preClose runs before any onClose hook, so the engine stops before the registry closes.
    app.addHook('preClose', () => kpi.stop());
  }

  await app.register(accessControl, { ...authenticatorsFor(registry, config), publicPrefixes: ['/docs'] });
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  await app.register(rateLimit, { global: false });
  await app.register(docsPlugin);
  const registryReady: ReadinessCheck = {
    name: 'registry',
    check: async () => {
      if (!(await registry.ping())) throw new Error(`registry (${registry.dialect}) unreachable`);
    },
  };
  await app.register(healthRoutes, { store, checks: [registryReady, ...(opts.readinessChecks ?? [])] });
  await app.register(metricsRoutes, { metrics });
  await app.register(ingestRoutes, {
    store,
    metrics,
    config,
    now,
    onStored: kpi ? (workshopId, readings) => kpi.readingsStored(workshopId, readings) : undefined,
  });
  await app.register(readingsRoutes, { store, now });
  await app.register(registryRoutes, { registry, secureCookies: config.registry.secureCookies });
  // The estimator runs on worker threads so ingest keeps answering during an analysis.
  const evaluationPool = new EvaluationPool({ workers: config.evaluation.workers, onStart: opts.onEvaluationStart });
  app.decorate('evaluationPool', evaluationPool);
  app.addHook('onClose', () => evaluationPool.stop());
  await app.register(evaluationRoutes, {
    rollups: kpi?.rollups ?? new RollupStore(() => registry.db),
    directory: programmeDirectory(registry),
    coverageThreshold: config.metrics.coverageThreshold,
    now,
    pool: evaluationPool,
    maxStaleS: config.evaluation.maxStaleS,
  });
  await app.register(kpiRoutes, {
    rollups: kpi?.rollups ?? new RollupStore(() => registry.db),
    directory: programmeDirectory(registry),
    coverageThreshold: config.metrics.coverageThreshold,
    now,
  });
  const rollups = kpi?.rollups ?? new RollupStore(() => registry.db);
  await app.register(peerGainsRoutes, {
    rollups,
    directory: programmeDirectory(registry),
    coverageThreshold: config.metrics.coverageThreshold,
    now,
  });
  await app.register(machineStatesRoutes, {
    store,
    machines: async (workshopId: string) => {
      await registry.workshops.get(workshopId);
      return registry.machines.list(workshopId);
    },
    carryBefore: async (workshopId: string, day: string) =>
      (await rollups.carryBefore(registry.db, workshopId, day)).carry,
    offlineAfterS: config.metrics.offlineAfterS,
    now,
  });
  // The web dashboard's static files at `/` (issue #15); its API calls go through the routes above.
  await app.register(dashboardRoutes, opts.dashboardDir ? { dir: opts.dashboardDir } : {});
  for (const p of opts.plugins ?? []) await app.register(p.plugin, p.options ?? ({} as never));
  return app;
}
