import type { Dimension } from './buckets.js';
import type { Elements } from './elements.js';
import { FORMULA_VERSION, gq, type Kpis, kpis, sumElements } from './formulas.js';
import { addDays, type Granularity, kstDayStartMs, monthOf, nextMonthStart } from './periods.js';
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

/** Elements with GQ added, as the API shows them. */
export type ShownElements = Elements & { gq: number };

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
    elements: { ...elements, gq: gq(elements) },
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
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const periods = [...groups.values()].map((g) => {
    const first = g[0] as RollupRow;
    return figures(first.period, first.startMs, q.dim, first.dimId, g, q.coverageThreshold);
  });
  periods.sort((a, b) => a.startMs - b.startMs || (a.dimId < b.dimId ? -1 : 1));
  const dayRows =
    q.granularity === 'day' ? rows : (await rollups.rows({ ...base, grain: 'day' })).filter(keep(q.origin));
  const byId = new Map<string, RollupRow[]>();
  for (const r of dayRows) byId.set(r.dimId, [...(byId.get(r.dimId) ?? []), r]);
  const total = [...byId.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, g]) => figures(`${q.fromDay}/${q.toDay}`, fromMs, q.dim, id, g, q.coverageThreshold));
  return { periods, total };
}

/**
 * Every workshop's totals over a range of days, read from month rows for the whole months
 * inside it and day rows for the days at its edges: a two-year overview reads about 25 rows a
 * workshop, not 730.
 */
export async function programmeTotals(
  rollups: RollupStore,
  fromDay: string,
  toDay: string,
  origin: OriginFilter,
): Promise<Map<string, RollupRow[]>> {
  const pieces: { grain: Granularity; fromDay: string; toDay: string }[] = [];
  let d = fromDay;
  while (d <= toDay) {
    const month = monthOf(d);
    const next = nextMonthStart(month);
    if (d === `${month}-01` && addDays(next, -1) <= toDay) {
      let end = next;
      while (addDays(nextMonthStart(monthOf(end)), -1) <= toDay) end = nextMonthStart(monthOf(end));
      pieces.push({ grain: 'month', fromDay: d, toDay: addDays(end, -1) });
      d = end;
    } else {
      const end = addDays(next, -1) < toDay ? addDays(next, -1) : toDay;
      pieces.push({ grain: 'day', fromDay: d, toDay: end });
      d = addDays(end, 1);
    }
  }
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
      byWorkshop.set(r.workshopId, [...(byWorkshop.get(r.workshopId) ?? []), r]);
    }
  }
  return byWorkshop;
}
