import { KPI_KEYS, type KpiKey } from './kpi-definitions.js';
import { kstDayStartMs } from './periods.js';
import { figuresOf, type KpiFigures, type OriginFilter, programmeTotals, type TotalsCache } from './query.js';
import type { RollupStore } from './rollup-store.js';
import { median, type Quartiles, quartiles } from './stats.js';

/** A workshop as the programme view groups it. */
export interface DirectoryEntry {
  id: string;
  nameKo: string;
  nameEn: string;
  industry: string;
  cluster: string | null;
  /** Stage history, any order. */
  stages: { stage: number; startedOn: string }[];
}

/** Lists every workshop with its industry, cluster and stage history (composed from the registry). */
export type ProgrammeDirectory = () => Promise<DirectoryEntry[]>;

/** The fewest workshops whose median an owner may see: fewer could identify a neighbour. */
export const MIN_PEERS = 5;

/** The programme stage a workshop was at on `day`: the latest stage started on or before it; null before any. */
export function stageOn(stages: DirectoryEntry['stages'], day: string): number | null {
  let best: { stage: number; startedOn: string } | null = null;
  for (const s of stages) if (s.startedOn <= day && (!best || s.startedOn >= best.startedOn)) best = s;
  return best?.stage ?? null;
}

/** Median and quartiles of each KPI over the figures whose status is `ok`, each with its N. */
export function spread(list: readonly KpiFigures[]): Record<KpiKey, Quartiles> {
  const out = {} as Record<KpiKey, Quartiles>;
  for (const k of KPI_KEYS) {
    out[k] = quartiles(list.map((f) => (f.kpis[k].status === 'ok' ? f.kpis[k].value : null)));
  }
  return out;
}

export interface ProgrammeGroup {
  key: string;
  workshops: number;
  kpis: Record<KpiKey, Quartiles>;
  /**
   * Quartiles of the workshops' data coverage over the range, (PBT − no data) / PBT; N counts the
   * workshops with planned device time (hand entries alone have no coverage).
   */
  coverage: Quartiles;
}

function group(entries: readonly { key: string; figures: KpiFigures }[]): ProgrammeGroup[] {
  const by = new Map<string, KpiFigures[]>();
  for (const e of entries) {
    const list = by.get(e.key) ?? [];
    list.push(e.figures);
    by.set(e.key, list);
  }
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, list]) => ({
      key,
      workshops: list.length,
      kpis: spread(list),
      // Availability reads device time only, so its coverage is the device coverage or null.
      coverage: quartiles(list.map((f) => f.kpis.availability.coverage)),
    }));
}

/**
 * The programme view: every workshop's totals over the range, and the spread of each KPI per
 * industry, per stage at the end of the range, and per cluster. Workshops without any rollup
 * in the range are listed with `figures: null`.
 */
export async function programmeView(
  rollups: RollupStore,
  directory: ProgrammeDirectory,
  fromDay: string,
  toDay: string,
  origin: OriginFilter,
  coverageThreshold: number,
  cache?: TotalsCache,
) {
  const [entries, totals] = await Promise.all([directory(), programmeTotals(rollups, fromDay, toDay, origin, cache)]);
  const rows = entries
    .slice()
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((w) => {
      const t = totals.get(w.id);
      return {
        id: w.id,
        nameKo: w.nameKo,
        nameEn: w.nameEn,
        industry: w.industry,
        cluster: w.cluster,
        stage: stageOn(w.stages, toDay),
        figures: t
          ? figuresOf(`${fromDay}/${toDay}`, kstDayStartMs(fromDay), 'workshop', '', t, coverageThreshold)
          : null,
      };
    });
  const withFigures = rows.filter((r): r is typeof r & { figures: KpiFigures } => r.figures !== null);
  return {
    workshops: rows,
    byIndustry: group(withFigures.map((r) => ({ key: r.industry, figures: r.figures }))),
    byStage: group(withFigures.map((r) => ({ key: r.stage === null ? 'none' : String(r.stage), figures: r.figures }))),
    byCluster: group(withFigures.map((r) => ({ key: r.cluster ?? 'none', figures: r.figures }))),
  };
}

/** The programme view as {@link programmeView} builds it. */
export type ProgrammeView = Awaited<ReturnType<typeof programmeView>>;

/**
 * What an owner may see of the others: per KPI, the median over the other workshops of the
 * same industry whose value is `ok`, only where at least {@link MIN_PEERS} contribute.
 */
export async function peerMedians(
  rollups: RollupStore,
  directory: ProgrammeDirectory,
  workshopId: string,
  fromDay: string,
  toDay: string,
  q: { source: OriginFilter; coverage: number },
  cache?: TotalsCache,
) {
  const entries = await directory();
  const self = entries.find((e) => e.id === workshopId);
  if (!self) return null;
  const peers = new Set(entries.filter((e) => e.industry === self.industry && e.id !== workshopId).map((e) => e.id));
  const totals = await programmeTotals(rollups, fromDay, toDay, q.source, cache);
  const list: KpiFigures[] = [];
  for (const [id, total] of totals) {
    if (peers.has(id)) list.push(figuresOf('', 0, 'workshop', '', total, q.coverage));
  }
  const medians = {} as Record<KpiKey, { value: number | null; n: number; withheld: boolean }>;
  for (const k of KPI_KEYS) {
    const m = median(list.map((f) => (f.kpis[k].status === 'ok' ? f.kpis[k].value : null)));
    medians[k] =
      m.n >= MIN_PEERS ? { value: m.value, n: m.n, withheld: false } : { value: null, n: m.n, withheld: true };
  }
  return { industry: self.industry, minPeers: MIN_PEERS, medians };
}

/** The anonymous peer medians of the KPI answer (`peers=true`): each withheld below {@link MIN_PEERS}. */
export type PeerMedians = NonNullable<Awaited<ReturnType<typeof peerMedians>>>;
