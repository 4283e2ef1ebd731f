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
  const elements = sumElements(rows.map((r) => r.elements));
  return {
    period,
    startMs,
    dim,
    dimId,
    origins: [...new Set(rows.map((r) => r.origin))].sort(),
    elements: shown(elements),
    kpis: kpis(elements, { coverageThreshold }),
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
    const key = `${r.period}\u0000${r.dimId}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const periods = [...groups.values()].map((g) => {
    const first = g[0] as RollupRow;
    return figures(first.period, first.startMs, q.dim, first.dimId, g, q.coverageThreshold);
  });
  periods.sort((a, b) => a.startMs - b.startMs || (a.dimId < b.dimId ? -1 : 1));
  const dayRows =
    q.granularity === 'day' ? rows : (await rollups.rows({ ...base, grain: 'day' })).filter(keep(q.origin));
  const byId = new Map<string, RollupRow[]>();
  for (const r of dayRows) {
    const list = byId.get(r.dimId);
    if (list) list.push(r);
    else byId.set(r.dimId, [r]);
  }
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

/**
 * Every workshop's totals over a range of days, read from the fewest rollup rows that tile it
 * (see {@link tileRange}).
 */
export async function programmeTotals(
  rollups: RollupStore,
  fromDay: string,
  toDay: string,
  origin: OriginFilter,
): Promise<Map<string, RollupRow[]>> {
  const pieces = tileRange(fromDay, toDay);
  const byWorkshop = new Map<string, RollupRow[]>();
  for (const p of pieces) {
    const rows = await rollups.rows({
      workshopId: null,
      grain: p.grain,
      fromMs: kstDayStartMs(p.fromDay),
      toMs: kstDayStartMs(addDays(p.toDay, 1)),
      dim: 'workshop',
    });
    for (const r of rows) {
      if (origin !== 'all' && r.origin !== origin) continue;
      const list = byWorkshop.get(r.workshopId);
      if (list) list.push(r);
      else byWorkshop.set(r.workshopId, [r]);
    }
  }
  return byWorkshop;
}
