// Fills the rollup tables for the metrics benchmark without computing every day from readings:
// one realistic day per industry profile is computed with computeDay from generated readings,
// then written for each workshop and day through RollupStore.writeDay (which also rebuilds the
// week and month rows), its elements varied per workshop and day by a seeded generator.
import { pruLookupOf } from '../packages/collector/src/compose/kpis.js';
import type { RegistryDb } from '../packages/collector/src/core/index.js';
import type { RegistryTables } from '../packages/collector/src/core/tables.js';
import {
  addDays,
  type BucketRow,
  carryJson,
  computeDay,
  type DayResult,
  type Elements,
  emptyCarry,
  isoWeekMonday,
  isoWeekOf,
  kstDayStartMs,
  monthOf,
  NUMERIC_ELEMENT_KEYS,
  type RollupStore,
  sumElements,
} from '../packages/collector/src/metrics/index.js';
import { CalendarInputSchema, plannedWindows } from '../packages/collector/src/registry/index.js';
import {
  calendarInput,
  machineInputs,
  type Profile,
  productInputs,
  ReadingBuilder,
  seeded,
  workshopDay,
  worksOn,
} from './metrics-workshop.js';

/** One profile's computed day, to be written again under other dates. */
export interface Template {
  profile: Profile;
  day: string;
  result: DayResult;
  readings: number;
}

/** Computes `day` of a profile from its generated readings, with an empty carry. */
export function templateDay(profile: Profile, day: string, seed: number): Template {
  const b = new ReadingBuilder();
  workshopDay(b, profile, day, seeded(seed));
  const calendar = CalendarInputSchema.parse(calendarInput(profile));
  const result = computeDay({
    day,
    windows: plannedWindows(calendar, day, day),
    readings: b.readings.map((reading) => ({ agentId: 'agent-1', reading })),
    carry: emptyCarry(),
    machines: machineInputs(profile),
    pru: pruLookupOf(productInputs(profile)),
    reasons: [],
  });
  return { profile, day, result, readings: b.readings.length };
}

/** How one workshop's day differs from its template: run share kept, output and scrap factors. */
export interface Variation {
  /** Share of running time kept; the rest becomes delay time (ADET), so PBT is unchanged. */
  run: number;
  /** Output per running hour, relative to the template (changes effectiveness). */
  speed: number;
  /** Scrap and rework relative to the template. */
  scrap: number;
}

/** A workshop's own level and a day's noise around it, from `rnd`. */
export function variation(base: Variation, rnd: () => number): Variation {
  const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
  return {
    run: clamp(base.run + (rnd() - 0.5) * 0.1, 0.5, 1),
    speed: clamp(base.speed + (rnd() - 0.5) * 0.1, 0.5, 1.3),
    scrap: clamp(base.scrap * (0.6 + 0.8 * rnd()), 0, 5),
  };
}

function vary(e: Elements, v: Variation): Elements {
  const moved = e.apt_s * (1 - v.run);
  const pq = Math.round(e.pq * v.run * v.speed);
  const share = e.pq > 0 ? pq / e.pq : 0;
  return {
    ...e,
    apt_s: e.apt_s - moved,
    adet_s: e.adet_s + moved,
    pq,
    pru_pq_s: e.pru_pq_s * share,
    pq_without_pru: Math.round(e.pq_without_pru * share),
    sq: Math.min(pq, Math.round(e.sq * share * v.scrap)),
    rq: Math.min(pq, Math.round(e.rq * share * v.scrap)),
  };
}

/** The template's rows under `day` (hour `YYYY-MM-DDTHH` and shift `YYYY-MM-DD#n` labels). */
function relabel(rows: readonly BucketRow[], day: string, v: Variation): BucketRow[] {
  return rows.map((r) => ({ ...r, period: day + r.period.slice(10), elements: vary(r.elements, v) }));
}

/**
 * Writes `days` of one workshop from its profile's template: working days get the template's
 * hours, shifts and stops moved to the date and varied; other days are written empty, as the
 * engine writes a day off. All days of the workshop in one transaction per `chunk` days.
 */
export async function writeWorkshop(
  db: RegistryDb,
  rollups: RollupStore,
  workshopId: string,
  t: Template,
  days: readonly string[],
  base: Variation,
  rnd: () => number,
  chunk = 100,
): Promise<number> {
  const shiftMs = (day: string) => kstDayStartMs(day) - kstDayStartMs(t.day);
  let written = 0;
  for (let k = 0; k < days.length; k += chunk) {
    await db.transaction().execute(async (tx) => {
      for (const day of days.slice(k, k + chunk)) {
        const works = worksOn(t.profile, day);
        const v = variation(base, rnd);
        const dt = shiftMs(day);
        await rollups.writeDay(tx, {
          workshopId,
          day,
          hours: works ? relabel(t.result.hours, day, v) : [],
          shifts: works ? relabel(t.result.shifts, day, v) : [],
          manualDays: [],
          manualShifts: [],
          stops: works ? t.result.stops.map((s) => ({ ...s, startMs: s.startMs + dt, endMs: s.endMs + dt })) : [],
          carry: t.result.carry,
          readings: works ? t.readings : 1_440,
        });
        written++;
      }
    });
  }
  return written;
}

type KpiRow = RegistryTables['kpi_rows'];

/**
 * The rows writeDay leaves for `days` of one workshop at the day, week and month grains (what
 * the programme and workshop queries read), built in memory (`workshopOnly`: only the workshop
 * dimension's rows, the only ones the programme view reads): each day's rows are the varied
 * template hours summed per dimension in the order writeDay sums them, and each week and month
 * the sum of its day rows. Hour and shift rows and stops are left out (no query here reads them).
 * The same `rnd` sequence as {@link writeWorkshop} gives the same rows (checked by the bench).
 */
export function bulkRows(
  workshopId: string,
  t: Template,
  days: readonly string[],
  base: Variation,
  rnd: () => number,
  workshopOnly = false,
): { rows: KpiRow[]; days: RegistryTables['kpi_days'][] } {
  // Per dimension (in the order groupSum meets them): its hour rows, and the template's day sum.
  const groups = new Map<string, { dim: BucketRow['dim']; dimId: string; hours: Elements[]; sum: Elements }>();
  for (const r of t.result.hours) {
    const key = `${r.dim}\u0000${r.dimId}`;
    const g = groups.get(key) ?? { dim: r.dim, dimId: r.dimId, hours: [], sum: r.elements };
    g.hours.push(r.elements);
    groups.set(key, g);
  }
  for (const [key, g] of groups) {
    g.sum = sumElements(g.hours);
    if (workshopOnly && g.dim !== 'workshop') groups.delete(key);
  }
  const row = (grain: string, period: string, startMs: number, dim: string, dimId: string, e: Elements): KpiRow => ({
    workshop_id: workshopId,
    grain,
    period,
    part: '',
    origin: 'device',
    dim,
    dim_id: dimId,
    period_start_ms: startMs,
    elements: JSON.stringify(e),
    rev: `bulk-${workshopId}-${grain}-${period}`,
  });
  const rows: KpiRow[] = [];
  const computed: RegistryTables['kpi_days'][] = [];
  const periods = new Map<string, { grain: string; period: string; startMs: number; byDim: Map<string, Elements[]> }>();
  const carry = carryJson(t.result.carry);
  for (const day of days) {
    const v = variation(base, rnd);
    const works = worksOn(t.profile, day);
    computed.push({
      workshop_id: workshopId,
      day,
      carry,
      readings: works ? t.readings : 1_440,
      computed_at: new Date().toISOString(),
    });
    if (!works) continue;
    const monday = isoWeekMonday(day);
    const month = monthOf(day);
    const parents = [
      ['week', isoWeekOf(day), kstDayStartMs(monday)],
      ['month', month, kstDayStartMs(`${month}-01`)],
    ] as const;
    for (const g of groups.values()) {
      const e: Elements = { ...g.sum };
      for (const k of NUMERIC_ELEMENT_KEYS) e[k] = 0;
      for (const h of g.hours) {
        const x = vary(h, v);
        for (const k of NUMERIC_ELEMENT_KEYS) e[k] += x[k];
      }
      rows.push(row('day', day, kstDayStartMs(day), g.dim, g.dimId, e));
      for (const [grain, period, startMs] of parents) {
        const key = `${grain}\u0000${period}`;
        const p = periods.get(key) ?? { grain, period, startMs, byDim: new Map() };
        const dimKey = `${g.dim}\u0000${g.dimId}`;
        p.byDim.set(dimKey, [...(p.byDim.get(dimKey) ?? []), e]);
        periods.set(key, p);
      }
    }
  }
  for (const p of periods.values()) {
    for (const [dimKey, list] of p.byDim) {
      const [dim, dimId] = dimKey.split('\u0000') as [string, string];
      rows.push(row(p.grain, p.period, p.startMs, dim, dimId, sumElements(list)));
    }
  }
  return { rows, days: computed };
}

/** Inserts rows in multi-row statements of `batch` rows, in one transaction. */
export async function insertRows(
  db: RegistryDb,
  rows: { rows: KpiRow[]; days: RegistryTables['kpi_days'][] },
  batch = 500,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (let k = 0; k < rows.rows.length; k += batch)
      await tx
        .insertInto('kpi_rows')
        .values(rows.rows.slice(k, k + batch))
        .execute();
    for (let k = 0; k < rows.days.length; k += batch)
      await tx
        .insertInto('kpi_days')
        .values(rows.days.slice(k, k + batch))
        .execute();
  });
}

/** The days from `fromDay` to `toDay`, inclusive. */
export function dayRange(fromDay: string, toDay: string): string[] {
  const out: string[] = [];
  for (let d = fromDay; d <= toDay; d = addDays(d, 1)) out.push(d);
  return out;
}
