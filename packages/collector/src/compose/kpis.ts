import type { FastifyBaseLogger as Logger } from 'fastify';
import type { MetricsConfig } from '../config/index.js';
import {
  type DirectoryEntry,
  KpiEngine,
  type KpiRegistryView,
  ManualEntryRepository,
  type PruLookup,
  StopReasonRepository,
} from '../metrics/index.js';
import {
  CalendarRepository,
  MachineRepository,
  type Product,
  ProductRepository,
  plannedWindows,
} from '../registry/index.js';
import type { TimeSeriesStore } from '../store/index.js';
import type { Registry } from './registry.js';

/** PRU of a product's operation; without an operation, the product's only one. */
export function pruLookupOf(products: readonly Product[]): PruLookup {
  const byId = new Map(products.map((p) => [p.id, new Map(p.operations.map((o) => [o.id, o.pruS]))]));
  return (product, operation) => {
    if (product === null) return null;
    const ops = byId.get(product);
    if (!ops) return null;
    if (operation !== null) return ops.get(operation) ?? null;
    return ops.size === 1 ? ([...ops.values()][0] as number) : null;
  };
}

/**
 * What the KPI engine reads from the registry. Each read may be given the engine's own
 * connection (on PostgreSQL its locked transaction): while that transaction holds the day's
 * claims, an ingest marking the same days waits on it, and reads from the pool could then wait
 * for a connection those ingests hold — a deadlock of the pool (seen with a pool of 4).
 */
export function kpiRegistryView(registry: Registry): KpiRegistryView {
  return {
    windows: async (workshopId, fromDay, toDay, db) => {
      const calendar = await (db ? new CalendarRepository(db) : registry.calendars).get(workshopId);
      return calendar ? plannedWindows(calendar, fromDay, toDay) : [];
    },
    machines: (workshopId, db) => (db ? new MachineRepository(db) : registry.machines).list(workshopId),
    pru: async (workshopId, db) =>
      pruLookupOf(await (db ? new ProductRepository(db) : registry.products).list(workshopId)),
    reasons: (workshopId, fromMs, toMs, db) =>
      (db ? new StopReasonRepository(db, { dialect: registry.dialect }) : registry.stopReasons).list(
        workshopId,
        fromMs,
        toMs,
      ),
    manualEntries: (workshopId, day, db) =>
      (db ? new ManualEntryRepository(db) : registry.manualEntries).list(workshopId, day, day),
  };
}

/** Every workshop with its industry, cluster and stage history, for the programme view. */
export function programmeDirectory(registry: Registry): () => Promise<DirectoryEntry[]> {
  return async () => {
    const [workshops, stages] = await Promise.all([
      registry.workshops.list('all'),
      registry.db.selectFrom('workshop_stages').select(['workshop_id', 'stage', 'started_on']).execute(),
    ]);
    const byWorkshop = new Map<string, DirectoryEntry['stages']>();
    for (const s of stages) {
      const list = byWorkshop.get(s.workshop_id) ?? [];
      list.push({ stage: Number(s.stage), startedOn: s.started_on });
      byWorkshop.set(s.workshop_id, list);
    }
    return workshops.map((w) => ({
      id: w.id,
      nameKo: w.nameKo,
      nameEn: w.nameEn,
      industry: w.industry,
      cluster: w.cluster,
      stages: byWorkshop.get(w.id) ?? [],
    }));
  };
}

/** The KPI engine of an app, with its settings from the config. */
export function kpiEngineFor(
  registry: Registry,
  store: TimeSeriesStore,
  config: Readonly<MetricsConfig>,
  log: Logger,
  now: () => number,
  onComputed?: (days: number) => void,
): KpiEngine {
  return new KpiEngine({
    onComputed,
    db: () => registry.db,
    dialect: registry.dialect,
    store,
    view: kpiRegistryView(registry),
    log,
    now,
    intervalMs: config.intervalMs,
    todayRefreshMs: config.todayRefreshS * 1000,
    dayOptions: {
      offlineAfterMs: config.offlineAfterS * 1000,
      minorStopS: config.minorStopS,
      reasonGraceMs: config.reasonGraceS * 1000,
      maxCycleS: config.maxCycleS,
      attendanceGapS: config.attendanceGapS,
    },
  });
}
