import type { Dimension } from './buckets.js';
import type { Elements } from './elements.js';
import { FORMULA_VERSION, gq, type Kpis, kpis, sumElements } from './formulas.js';
import { histogramCount } from './histogram.js';
import { addDays, type Granularity, isoWeekMonday, kstDayStartMs, monthOf, nextMonthStart } from './periods.js';
import type { Origin, RollupRow, RollupStore } from './rollup-store.js';

/** Which rows a figure may use: both origins (default), only device/scan data, or only hand entries. */
export type OriginFilter = 'all' | Origin;

export interface KpiQuery {
  workshopId: string;
  /** KST dates, inclusive. */
  fromDay: string;
  toDay: string;
  granularity: Granularity;
  dim: Dimension;
  /** One machine, product or worker; absent: every one of `dim`. */
  dimId?: string;
  origin: OriginFilter;
  coverageThreshold: number;
}

/**
 * Elements as the API shows them: GQ added, and the duration histograms (hundreds of bins,
 * read only for the medians in `kpis`) replaced by how many durations they hold.
 */
export type ShownElements = Omit<Elements, 'cycle_hist' | 'lead_hist'> & { gq: number; cycles: number };

/** The figures of one period (or the whole range) of one dimension. */
export interface KpiFigures {
  period: string;
  startMs: number;
  dim: Dimension;
  dimId: string;
  /** The origins of the rows summed: `device` (readings), `manual` (hand entries). */
  origins: Origin[];
  elements: ShownElements;
  kpis: Kpis;
  formulaVersion: string;
}

function shown(e: Elements): ShownElements {
  const { cycle_hist, lead_hist: _lead, ...rest } = e;
  return { ...rest, gq: gq(e), cycles: histogramCount(cycle_hist) };
}

export function figures(
  period: string,
  startMs: number,
  dim: Dimension,
  dimId: string,
  rows: readonly RollupRow[],
  coverageThreshold: number,
): KpiFigures {
  const total = {
    elements: sumElements(rows.map((r) => r.elements)),
    origins: [...new Set(rows.map((r) => r.origin))].sort(),
  };
  return figuresOf(period, startMs, dim, dimId, total, coverageThreshold);
}

/** The figures of summed elements. */
export function figuresOf(
  period: string,
  startMs: number,
  dim: Dimension,
  dimId: string,
  total: WorkshopTotal,
  coverageThreshold: number,
): KpiFigures {
  return {
    period,
    startMs,
    dim,
    dimId,
    origins: total.origins,
    elements: shown(total.elements),
    kpis: kpis(total.elements, { coverageThreshold }),
    formulaVersion: FORMULA_VERSION,
  };
}

function keep(origin: OriginFilter) {
  return (r: RollupRow) => origin === 'all' || r.origin === origin;
}

/**
 * A workshop's KPIs per period of `granularity` that starts inside the range, and over the
 * whole range (from the day rows, so a range that cuts a week still sums exactly its days).
 * Shift rows are summed over their parts (a night shift is computed by two days).
 */
export async function workshopKpis(
  rollups: RollupStore,
  q: KpiQuery,
): Promise<{ periods: KpiFigures[]; total: KpiFigures[] }> {
  const fromMs = kstDayStartMs(q.fromDay);
  const toMs = kstDayStartMs(addDays(q.toDay, 1));
  const base = { workshopId: q.workshopId, fromMs, toMs, dim: q.dim, dimId: q.dimId };
  const rows = (await rollups.rows({ ...base, grain: q.granularity })).filter(keep(q.origin));
  const groups = new Map<string, RollupRow[]>();
  for (const r of rows) {
    pushTo(groups, `${r.period}\u0000${r.dimId}`, r);
  }
  const periods = [...groups.values()].map((g) => {
    const first = g[0] as RollupRow;
    return figures(first.period, first.startMs, q.dim, first.dimId, g, q.coverageThreshold);
  });
  periods.sort((a, b) => a.startMs - b.startMs || (a.dimId < b.dimId ? -1 : 1));
  const dayRows =
    q.granularity === 'day' ? rows : (await rollups.rows({ ...base, grain: 'day' })).filter(keep(q.origin));
  const byId = new Map<string, RollupRow[]>();
  for (const r of dayRows) pushTo(byId, r.dimId, r);
  const total = [...byId.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, g]) => figures(`${q.fromDay}/${q.toDay}`, fromMs, q.dim, id, g, q.coverageThreshold));
  return { periods, total };
}

/** A stretch of days read from rows of one grain. */
export interface RangePiece {
  grain: 'day' | 'week' | 'month';
  fromDay: string;
  toDay: string;
}

/**
 * Tiles [fromDay, toDay] with the fewest rollup rows: whole months, then whole ISO weeks that
 * do not reach into a whole month, then days. A two-year range is about 24 month rows and at
 * most a dozen week and day rows at its edges, not 730 day rows. Pure.
 */
export function tileRange(fromDay: string, toDay: string): RangePiece[] {
  const pieces: RangePiece[] = [];
  const wholeMonthAt = (d: string) => d.endsWith('-01') && addDays(nextMonthStart(monthOf(d)), -1) <= toDay;
  let d = fromDay;
  while (d <= toDay) {
    if (wholeMonthAt(d)) {
      const end = addDays(nextMonthStart(monthOf(d)), -1);
      pieces.push({ grain: 'month', fromDay: d, toDay: end });
      d = addDays(end, 1);
      continue;
    }
    const weekEnd = addDays(d, 6);
    const monday = isoWeekMonday(d) === d;
    // A week that reaches past the 1st of a month that is whole in the range would overlap it.
    const next = nextMonthStart(monthOf(d));
    const overlapsMonth = weekEnd >= next && wholeMonthAt(next);
    if (monday && weekEnd <= toDay && !overlapsMonth) {
      pieces.push({ grain: 'week', fromDay: d, toDay: weekEnd });
      d = addDays(weekEnd, 1);
      continue;
    }
    pieces.push({ grain: 'day', fromDay: d, toDay: d });
    d = addDays(d, 1);
  }
  // Consecutive day pieces are read with one query.
  const merged: RangePiece[] = [];
  for (const p of pieces) {
    const last = merged[merged.length - 1];
    if (last && last.grain === p.grain && addDays(last.toDay, 1) === p.fromDay) last.toDay = p.toDay;
    else merged.push({ ...p });
  }
  return merged;
}

/** A workshop's sum over a range: the elements and the origins of the rows summed. */
export interface WorkshopTotal {
  elements: Elements;
  origins: Origin[];
}

/**
 * Every workshop's totals over a range of days, read from the fewest rollup rows that tile it
 * (see {@link tileRange}). With a cache, the sum of each workshop's rows of each piece is kept
 * with the revisions of those rows: a piece whose rows were not written again since is not
 * read again (a two-year range ending today re-reads only the days that changed).
 */
export async function programmeTotals(
  rollups: RollupStore,
  fromDay: string,
  toDay: string,
  origin: OriginFilter,
  cache?: TotalsCache,
): Promise<Map<string, WorkshopTotal>> {
  const parts = new Map<string, WorkshopTotal[]>();
  for (const p of tileRange(fromDay, toDay)) {
    const fromMs = kstDayStartMs(p.fromDay);
    const toMs = kstDayStartMs(addDays(p.toDay, 1));
    const revs = new Map<string, string[]>();
    for (const r of await rollups.workshopRevs(p.grain, fromMs, toMs)) {
      if (origin !== 'all' && r.origin !== origin) continue;
      const list = revs.get(r.workshop_id);
      const tag = `${r.period}/${r.origin}/${r.rev}`;
      if (list) list.push(tag);
      else revs.set(r.workshop_id, [tag]);
    }
    const pieceKey = `${p.grain}:${p.fromDay}:${p.toDay}:${origin}`;
    const stale: string[] = [];
    for (const [workshop, tags] of revs) {
      const hit = cache?.get(workshop, pieceKey, tags.sort().join(','));
      if (hit) pushTo(parts, workshop, hit);
      else stale.push(workshop);
    }
    if (stale.length === 0) continue;
    const grouped = new Map<string, RollupRow[]>();
    for (const r of await rollups.workshopRows(p.grain, fromMs, toMs, stale)) {
      if (origin !== 'all' && r.origin !== origin) continue;
      pushTo(grouped, r.workshopId, r);
    }
    for (const [workshop, rows] of grouped) {
      const total = {
        elements: sumElements(rows.map((r) => r.elements)),
        origins: [...new Set(rows.map((r) => r.origin))].sort(),
      };
      cache?.set(workshop, pieceKey, (revs.get(workshop) ?? []).sort().join(','), total);
      pushTo(parts, workshop, total);
    }
  }
  const out = new Map<string, WorkshopTotal>();
  for (const [workshop, list] of parts) {
    out.set(workshop, {
      elements: list.length === 1 ? (list[0] as WorkshopTotal).elements : sumElements(list.map((t) => t.elements)),
      origins: [...new Set(list.flatMap((t) => t.origins))].sort(),
    });
  }
  return out;
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Sums of a workshop's rows per range piece, with the revisions they were made from; least recently used out first. */
export class TotalsCache {
  private readonly entries = new Map<string, { revs: string; total: WorkshopTotal }>();

  constructor(private readonly maxEntries = 20_000) {}

  get(workshop: string, piece: string, revs: string): WorkshopTotal | undefined {
    const key = `${workshop}\u0000${piece}`;
    const e = this.entries.get(key);
    if (!e || e.revs !== revs) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.total;
  }

  set(workshop: string, piece: string, revs: string, total: WorkshopTotal): void {
    const key = `${workshop}\u0000${piece}`;
    this.entries.delete(key);
    this.entries.set(key, { revs, total });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}
