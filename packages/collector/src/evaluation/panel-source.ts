import type { Elements } from '../metrics/elements.js';
import { sumElements } from '../metrics/formulas.js';
import { addDays, isoWeekMonday, kstDayOf, kstDayStartMs } from '../metrics/periods.js';
import type { OriginFilter } from '../metrics/query.js';
import type { RollupRow, RollupStore } from '../metrics/rollup-store.js';
import { weekIndexOf } from './weekly-panel.js';

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
  const rows = await rollups.rows({
    workshopId,
    grain: 'week',
    fromMs: kstDayStartMs(isoWeekMonday(fromDay)),
    toMs: kstDayStartMs(addDays(toDay, 1)),
    dim: 'workshop',
  });
  const grouped = new Map<string, Map<number, RollupRow[]>>();
  for (const r of rows) {
    if (origin !== 'all' && r.origin !== origin) continue;
    const week = weekIndexOf(kstDayOf(r.startMs));
    let byWeek = grouped.get(r.workshopId);
    if (!byWeek) {
      byWeek = new Map();
      grouped.set(r.workshopId, byWeek);
    }
    const list = byWeek.get(week);
    if (list) list.push(r);
    else byWeek.set(week, [r]);
  }
  const out = new Map<string, Map<number, Elements>>();
  for (const [workshop, byWeek] of grouped) {
    out.set(workshop, new Map([...byWeek].map(([week, list]) => [week, sumElements(list.map((r) => r.elements))])));
  }
  return out;
}
