import type { Elements } from '../metrics/elements.js';
import { sumElements } from '../metrics/formulas.js';
import { addDays, isoWeekMonday, kstDayOf, kstDayStartMs } from '../metrics/periods.js';
import type { OriginFilter } from '../metrics/query.js';
import type { RollupRow, RollupStore } from '../metrics/rollup-store.js';
import { weekIndexOf } from './weekly-panel.js';

/** A week row of one workshop as the store keeps it: elements as JSON text or parsed. */
export interface WeekRow {
  workshopId: string;
  origin: RollupRow['origin'];
  startMs: number;
  elements: Elements | string;
}

/**
 * Every workshop's week rows (dimension `workshop`) whose week starts in [fromDay, toDay], as
 * stored (elements unparsed): the I/O half of {@link weeklyElements}.
 */
export async function weekRows(
  rollups: RollupStore,
  fromDay: string,
  toDay: string,
  workshopId: string | null = null,
): Promise<WeekRow[]> {
  const rows = await rollups.rawRows({
    workshopId,
    grain: 'week',
    fromMs: kstDayStartMs(isoWeekMonday(fromDay)),
    toMs: kstDayStartMs(addDays(toDay, 1)),
    dim: 'workshop',
  });
  return rows.map((r) => ({ workshopId: r.workshopId, origin: r.origin, startMs: r.startMs, elements: r.elements }));
}

/** The rows' elements, the origins kept by `origin` summed per workshop-week, keyed by week index: the pure half. */
export function sumWeekly(rows: readonly WeekRow[], origin: OriginFilter): Map<string, Map<number, Elements>> {
  const grouped = new Map<string, Map<number, Elements[]>>();
  for (const r of rows) {
    if (origin !== 'all' && r.origin !== origin) continue;
    const week = weekIndexOf(kstDayOf(r.startMs));
    let byWeek = grouped.get(r.workshopId);
    if (!byWeek) {
      byWeek = new Map();
      grouped.set(r.workshopId, byWeek);
    }
    const e = typeof r.elements === 'string' ? (JSON.parse(r.elements) as Elements) : r.elements;
    const list = byWeek.get(week);
    if (list) list.push(e);
    else byWeek.set(week, [e]);
  }
  const out = new Map<string, Map<number, Elements>>();
  for (const [workshop, byWeek] of grouped) {
    out.set(workshop, new Map([...byWeek].map(([week, list]) => [week, sumElements(list)])));
  }
  return out;
}

/**
 * Every workshop's week rows (dimension `workshop`) whose week starts in [fromDay, toDay], the
 * origins kept by `origin` summed per workshop-week, keyed by week index.
 */
export async function weeklyElements(
  rollups: RollupStore,
  fromDay: string,
  toDay: string,
  origin: OriginFilter,
  workshopId: string | null = null,
): Promise<Map<string, Map<number, Elements>>> {
  return sumWeekly(await weekRows(rollups, fromDay, toDay, workshopId), origin);
}
