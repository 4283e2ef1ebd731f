import type { Elements } from './elements.js';
import { addDays, isoWeekMonday, isoWeekOf, kstDayStartMs } from './periods.js';
import { type ProgrammeDirectory, stageOn } from './programme.js';
import type { RollupStore } from './rollup-store.js';

/**
 * One workshop-week of the coverage heatmap: the share of planned busy time (PBT) with data,
 * (PBT − no data) / PBT, rounded to 0.001; `'manual'` when the week has hand entries (a paper
 * log) but no planned device time; null when it has neither (nothing planned, nothing entered).
 */
export type CoverageCell = number | 'manual' | null;

/** A workshop as the heatmap lists it (one row). */
export interface CoverageWorkshop {
  id: string;
  nameKo: string;
  nameEn: string;
  industry: string;
  cluster: string | null;
  /** Programme stage at the end of the range; null before any. */
  stage: number | null;
}

/** The answer of `GET /api/v1/programme/coverage`. */
export interface CoverageAnswer {
  from: string;
  to: string;
  /** The Monday (KST) of every column, oldest first. */
  weeks: string[];
  /** The threshold below which a workshop-week's device KPIs are "insufficient data", 0–1. */
  coverageThreshold: number;
  /** Rows, sorted by industry, cluster and id. */
  workshops: CoverageWorkshop[];
  /** `cells[row][column]`, row as in `workshops`, column as in `weeks`. */
  cells: CoverageCell[][];
}

/** The coverage of summed week elements (see {@link CoverageCell}). */
export function coverageOf(e: Pick<Elements, 'pbt_s' | 'no_data_s'>, hasManual: boolean): CoverageCell {
  if (e.pbt_s > 0) return Math.round(Math.min(1, Math.max(0, (e.pbt_s - e.no_data_s) / e.pbt_s)) * 1000) / 1000;
  return hasManual ? 'manual' : null;
}

/**
 * What a week row contributes to the heatmap, kept per (workshop, week, origin) with the row's
 * revision: a week row's elements carry their duration histograms (about 1 KB of JSON each), so
 * reading 400 workshops × 52 weeks again on every request would parse some 20 MB.
 */
export class CoverageCache {
  private entries = new Map<string, { rev: string; pbt_s: number; no_data_s: number }>();

  get(key: string, rev: string) {
    const e = this.entries.get(key);
    return e && e.rev === rev ? e : undefined;
  }

  set(key: string, value: { rev: string; pbt_s: number; no_data_s: number }): void {
    // A changed row replaces its entry; rows deleted for good leave theirs, so cap the whole
    // (400 workshops × 104 weeks × 2 origins are 83,200 entries, a few MB).
    if (this.entries.size >= MAX_ENTRIES && !this.entries.has(key)) this.entries.clear();
    this.entries.set(key, value);
  }
}

const MAX_ENTRIES = 250_000;

/**
 * Data coverage per workshop and ISO week (KST) over [fromDay, toDay], read from the week rollups
 * (dimension `workshop`; no raw readings). Device and manual rows of a week are taken together:
 * hand entries carry no planned time, so the PBT is the device rows'. Only rows whose revision
 * changed since the last request are read in full (see {@link CoverageCache}).
 */
export async function programmeCoverage(
  rollups: RollupStore,
  directory: ProgrammeDirectory,
  fromDay: string,
  toDay: string,
  coverageThreshold: number,
  cache: CoverageCache = new CoverageCache(),
): Promise<CoverageAnswer> {
  const firstMonday = isoWeekMonday(fromDay);
  const weeks: string[] = [];
  for (let m = firstMonday; m <= toDay; m = addDays(m, 7)) weeks.push(m);
  const column = new Map(weeks.map((w, i) => [isoWeekOf(w), i]));
  const fromMs = kstDayStartMs(firstMonday);
  const toMs = kstDayStartMs(addDays(toDay, 1));
  const [entries, revs] = await Promise.all([directory(), rollups.workshopRevs('week', fromMs, toMs)]);
  const keyOf = (workshop: string, period: string, origin: string) => `${workshop}\u0000${period}\u0000${origin}`;
  const stale = new Set<string>();
  for (const r of revs) if (!cache.get(keyOf(r.workshop_id, r.period, r.origin), r.rev)) stale.add(r.workshop_id);
  if (stale.size > 0) {
    for (const r of await rollups.workshopRows('week', fromMs, toMs, [...stale])) {
      cache.set(keyOf(r.workshopId, r.period, r.origin), {
        rev: r.rev,
        pbt_s: r.elements.pbt_s,
        no_data_s: r.elements.no_data_s,
      });
    }
  }
  const sums = new Map<string, { pbt_s: number; no_data_s: number; manual: boolean }[]>();
  for (const r of revs) {
    const col = column.get(r.period);
    const key = keyOf(r.workshop_id, r.period, r.origin);
    const e = cache.get(key, r.rev);
    if (col === undefined || !e) continue;
    let row = sums.get(r.workshop_id);
    if (!row) {
      row = weeks.map(() => ({ pbt_s: 0, no_data_s: 0, manual: false }));
      sums.set(r.workshop_id, row);
    }
    const cell = row[col] as { pbt_s: number; no_data_s: number; manual: boolean };
    cell.pbt_s += e.pbt_s;
    cell.no_data_s += e.no_data_s;
    if (r.origin === 'manual') cell.manual = true;
  }
  const workshops = entries
    .map((w) => ({
      id: w.id,
      nameKo: w.nameKo,
      nameEn: w.nameEn,
      industry: w.industry,
      cluster: w.cluster,
      stage: stageOn(w.stages, toDay),
    }))
    .sort((a, b) =>
      a.industry !== b.industry
        ? a.industry < b.industry
          ? -1
          : 1
        : (a.cluster ?? '') !== (b.cluster ?? '')
          ? (a.cluster ?? '') < (b.cluster ?? '')
            ? -1
            : 1
          : a.id < b.id
            ? -1
            : 1,
    );
  const cells = workshops.map((w) => {
    const row = sums.get(w.id);
    return row ? row.map((c) => coverageOf(c, c.manual)) : weeks.map(() => null);
  });
  return { from: fromDay, to: toDay, weeks, coverageThreshold, workshops, cells };
}
