import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The collector's own Prometheus metrics, in a registry of their own (one per app). */
export class CollectorMetrics {
  readonly registry = new Registry();
  /** Readings by outcome: stored, duplicate, rejected. */
  readonly readings = new Counter({
    name: 'gongbang_ingest_readings_total',
    help: 'Readings received on /api/v1/ingest by outcome (stored, duplicate, rejected)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  /** Batches by answer status. */
  readonly batches = new Counter({
    name: 'gongbang_ingest_batches_total',
    help: 'Ingest requests by HTTP status',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  /** Rejections by reason: reading-level codes and request-level error codes. */
  readonly rejects = new Counter({
    name: 'gongbang_ingest_rejects_total',
    help: 'Rejected readings (ts_in_future, invalid, …) and refused requests (unauthorized, too_large, …) by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  /** Store call latency in seconds. */
  readonly storeLatency = new Histogram({
    name: 'gongbang_store_write_seconds',
    help: 'Time the store took to write one batch, seconds',
    labelNames: ['store', 'result'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /**
   * Batches per commit, observed once per batch by stores that group commits (SQLite): under
   * load, one commit (one fsync at FULL) serves several batches. The ingest benchmark sizes
   * its raw-insert baseline's transactions from it.
   */
  readonly commitBatches = new Histogram({
    name: 'gongbang_store_commit_batches',
    help: 'Batches that shared the commit of each stored batch (stores that group commits)',
    labelNames: ['store'] as const,
    buckets: [1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 24, 32, 64],
    registers: [this.registry],
  });

  /** KPI days computed since start (a run after a backfill shows how fast the engine catches up). */
  readonly kpiDaysComputed = new Counter({
    name: 'gongbang_kpi_days_computed_total',
    help: 'Workshop-days the KPI engine computed since the collector started',
    registers: [this.registry],
  });

  private kpiMarked: (() => Promise<number>) | null = null;
  /** KPI days waiting to be computed, read from the registry when scraped. */
  readonly kpiDaysMarked = new Gauge({
    name: 'gongbang_kpi_days_marked',
    help: 'Workshop-days marked for the KPI engine and not computed yet',
    registers: [this.registry],
    collect: async () => {
      if (this.kpiMarked) this.kpiDaysMarked.set(await this.kpiMarked());
    },
  });

  /** Where the marked-days gauge reads from (the KPI engine, when it runs). */
  watchKpiMarks(count: () => Promise<number>): void {
    this.kpiMarked = count;
  }

  constructor(opts: { processMetrics?: boolean } = {}) {
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'gongbang_collector_' });
  }
}

/** GET /metrics in the Prometheus text format. */
export async function metricsRoutes(app: FastifyInstance, opts: { metrics: CollectorMetrics }): Promise<void> {
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    reply.type(opts.metrics.registry.contentType);
    return await opts.metrics.registry.metrics();
  });
}
