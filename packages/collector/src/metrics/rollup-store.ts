import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { RegistryDb, RegistryTables } from '../core/index.js';
import type { BucketRow, Dimension } from './buckets.js';
import { type Carry, carryJson, emptyCarry } from './carry.js';
import type { StopInterval } from './day-input.js';
import type { Elements } from './elements.js';
import { sumElements } from './formulas.js';
import {
  addDays,
  type Granularity,
  isoWeekMonday,
  isoWeekOf,
  kstDayStartMs,
  monthOf,
  nextMonthStart,
  periodStartMs,
} from './periods.js';

export type Origin = 'device' | 'manual';
type Exec = Kysely<RegistryTables> | Transaction<RegistryTables>;

/** A stored rollup row, parsed. */
export interface RollupRow {
  grain: Granularity;
  period: string;
  part: string;
  origin: Origin;
  dim: Dimension;
  dimId: string;
  startMs: number;
  elements: Elements;
}

/** Which rows `rows` and `rawRows` read. */
export interface RowsQuery {
  workshopId: string | null;
  grain: Granularity;
  fromMs: number;
  toMs: number;
  dim?: Dimension;
  dimId?: string;
}

/** The time of a mark that needs no ripening (see `markDirty`). */
const RIPE_MARK = new Date(0).toISOString();

/** Which marked days are ripe: marked at or before `markedBy` (ISO time), or from `fromDay` on. */
export interface Ripe {
  markedBy: string;
  fromDay: string;
}

/** What one day's computation writes. */
export interface DayWrite {
  workshopId: string;
  day: string;
  hours: readonly BucketRow[];
  shifts: readonly BucketRow[];
  /** Day rows of hand entries (origin manual), per dimension. */
  manualDays: readonly BucketRow[];
  /** Shift rows of hand entries given per shift. */
  manualShifts: readonly BucketRow[];
  stops: readonly StopInterval[];
  carry: Carry;
  readings: number;
}

function groupSum(rows: readonly { origin: Origin; dim: Dimension; dimId: string; elements: Elements }[]) {
  const groups = new Map<string, { origin: Origin; dim: Dimension; dimId: string; list: Elements[] }>();
  for (const r of rows) {
    const key = `${r.origin}\u0000${r.dim}\u0000${r.dimId}`;
    const g = groups.get(key) ?? { origin: r.origin, dim: r.dim, dimId: r.dimId, list: [] };
    g.list.push(r.elements);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ ...g, elements: sumElements(g.list) }));
}

/** The rollup tables of the registry: rows, computed days with their carry, dirty marks, stops. */
export class RollupStore {
  /** `db` is a getter: the registry opens its database on start, after the app is built. */
  constructor(private readonly getDb: () => RegistryDb) {}

  private get db(): RegistryDb {
    return this.getDb();
  }

  /** The carry handed to `day`: the latest computed day before it, or an empty one. */
  async carryBefore(exec: Exec, workshopId: string, day: string): Promise<{ carry: Carry; fromDay: string | null }> {
    const row = await exec
      .selectFrom('kpi_days')
      .select(['day', 'carry'])
      .where('workshop_id', '=', workshopId)
      .where('day', '<', day)
      .orderBy('day', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { carry: JSON.parse(row.carry) as Carry, fromDay: row.day } : { carry: emptyCarry(), fromDay: null };
  }

  async storedCarry(exec: Exec, workshopId: string, day: string): Promise<string | null> {
    const row = await exec
      .selectFrom('kpi_days')
      .select('carry')
      .where('workshop_id', '=', workshopId)
      .where('day', '=', day)
      .executeTakeFirst();
    return row?.carry ?? null;
  }

  /** Replaces everything `day` contributes and rebuilds its week and month. */
  async writeDay(exec: Exec, w: DayWrite): Promise<void> {
    await this.writeDayRows(exec, w);
    await this.rebuildPeriods(exec, w.workshopId, [w.day]);
  }

  /**
   * Rebuilds the weeks and months of `days` from their day rows, each period once: a run of
   * days written with `writeDayRows` needs its weeks and months only once, at its end.
   */
  async rebuildPeriods(exec: Exec, workshopId: string, days: readonly string[]): Promise<void> {
    const weeks = new Map<string, string>();
    const months = new Set<string>();
    for (const day of days) {
      weeks.set(isoWeekOf(day), isoWeekMonday(day));
      months.add(monthOf(day));
    }
    for (const [week, monday] of weeks) await this.rebuild(exec, workshopId, 'week', week, monday, addDays(monday, 7));
    for (const month of months)
      await this.rebuild(exec, workshopId, 'month', month, `${month}-01`, nextMonthStart(month));
  }

  /** Replaces everything `day` contributes except its week and month (see `rebuildPeriods`). */
  async writeDayRows(exec: Exec, w: DayWrite): Promise<void> {
    const { workshopId, day } = w;
    const dayStart = kstDayStartMs(day);
    const dayEnd = kstDayStartMs(addDays(day, 1));
    // Three deletes, each on an index: one OR of the three made SQLite scan every row of the
    // workshop, so a day's write grew with the history (bench/metrics found it).
    await exec
      .deleteFrom('kpi_rows')
      .where('workshop_id', '=', workshopId)
      .where('grain', '=', 'hour')
      .where('period_start_ms', '>=', dayStart)
      .where('period_start_ms', '<', dayEnd)
      .execute();
    await exec
      .deleteFrom('kpi_rows')
      .where('workshop_id', '=', workshopId)
      .where('grain', '=', 'shift')
      .where('period_start_ms', '>=', kstDayStartMs(addDays(day, -1)))
      .where('period_start_ms', '<', dayEnd)
      .where('part', '=', day)
      .execute();
    await exec
      .deleteFrom('kpi_rows')
      .where('workshop_id', '=', workshopId)
      .where('grain', '=', 'day')
      .where('period_start_ms', '=', dayStart)
      .execute();
    const rows: RegistryTables['kpi_rows'][] = [];
    const rev = randomUUID();
    const push = (grain: Granularity, r: BucketRow, part: string, origin: Origin) =>
      rows.push({
        workshop_id: workshopId,
        grain,
        period: r.period,
        part,
        origin,
        dim: r.dim,
        dim_id: r.dimId,
        period_start_ms: periodStartMs(grain, r.period),
        elements: JSON.stringify(r.elements),
        rev,
      });
    for (const r of w.hours) push('hour', r, '', 'device');
    for (const r of w.shifts) push('shift', r, day, 'device');
    for (const r of w.manualShifts) push('shift', r, day, 'manual');
    const dayRows = groupSum(w.hours.map((r) => ({ ...r, origin: 'device' as const })));
    for (const g of dayRows)
      push('day', { period: day, dim: g.dim, dimId: g.dimId, elements: g.elements }, '', 'device');
    for (const r of w.manualDays) push('day', r, '', 'manual');
    for (let k = 0; k < rows.length; k += 200)
      await exec
        .insertInto('kpi_rows')
        .values(rows.slice(k, k + 200))
        .execute();

    await exec.deleteFrom('kpi_stops').where('workshop_id', '=', workshopId).where('day', '=', day).execute();
    const stops = w.stops.map((s) => ({
      workshop_id: workshopId,
      day,
      machine_id: s.machineId,
      start_ms: s.startMs,
      end_ms: s.endMs,
      minor: s.minor ? 1 : 0,
      reason: s.reason,
      reason_source: s.reasonSource,
      classified_by: s.classifiedBy,
    }));
    for (let k = 0; k < stops.length; k += 200)
      await exec
        .insertInto('kpi_stops')
        .values(stops.slice(k, k + 200))
        .execute();

    const now = new Date().toISOString();
    await exec
      .insertInto('kpi_days')
      .values({ workshop_id: workshopId, day, carry: carryJson(w.carry), readings: w.readings, computed_at: now })
      .onConflict((oc) =>
        oc
          .columns(['workshop_id', 'day'])
          .doUpdateSet({ carry: carryJson(w.carry), readings: w.readings, computed_at: now }),
      )
      .execute();
  }

  /** Rebuilds the week or month rows from the day rows inside [fromDay, toDay). */
  private async rebuild(
    exec: Exec,
    workshopId: string,
    grain: 'week' | 'month',
    period: string,
    fromDay: string,
    toDay: string,
  ) {
    const days = await exec
      .selectFrom('kpi_rows')
      .select(['origin', 'dim', 'dim_id', 'elements'])
      .where('workshop_id', '=', workshopId)
      .where('grain', '=', 'day')
      .where('period_start_ms', '>=', kstDayStartMs(fromDay))
      .where('period_start_ms', '<', kstDayStartMs(toDay))
      .execute();
    await exec
      .deleteFrom('kpi_rows')
      .where('workshop_id', '=', workshopId)
      .where('grain', '=', grain)
      .where('period', '=', period)
      .execute();
    const rev = randomUUID();
    const sums = groupSum(
      days.map((d) => ({
        origin: d.origin as Origin,
        dim: d.dim as Dimension,
        dimId: d.dim_id,
        elements: JSON.parse(d.elements) as Elements,
      })),
    );
    const rows = sums.map((g) => ({
      workshop_id: workshopId,
      grain,
      period,
      part: '',
      origin: g.origin,
      dim: g.dim,
      dim_id: g.dimId,
      period_start_ms: kstDayStartMs(fromDay),
      elements: JSON.stringify(g.elements),
      rev,
    }));
    for (let k = 0; k < rows.length; k += 200)
      await exec
        .insertInto('kpi_rows')
        .values(rows.slice(k, k + 200))
        .execute();
  }

  /** Rows of one workshop (or all, `workshopId` null) whose period starts in [fromMs, toMs). */
  async rows(q: RowsQuery): Promise<(RollupRow & { workshopId: string })[]> {
    return (await this.rawRows(q)).map((r) => ({ ...r, elements: JSON.parse(r.elements) as Elements }));
  }

  /**
   * As `rows`, with the elements left as stored (JSON text): for callers that parse them
   * elsewhere (the evaluation parses on its worker thread, off the event loop).
   */
  async rawRows(q: RowsQuery): Promise<(Omit<RollupRow, 'elements'> & { workshopId: string; elements: string })[]> {
    let query = this.db
      .selectFrom('kpi_rows')
      .selectAll()
      .where('grain', '=', q.grain)
      .where('period_start_ms', '>=', q.fromMs)
      .where('period_start_ms', '<', q.toMs);
    if (q.workshopId !== null) query = query.where('workshop_id', '=', q.workshopId);
    if (q.dim) query = query.where('dim', '=', q.dim);
    if (q.dimId !== undefined) query = query.where('dim_id', '=', q.dimId);
    const rows = await query.orderBy('period_start_ms').execute();
    return rows.map((r) => ({
      workshopId: r.workshop_id,
      grain: r.grain as Granularity,
      period: r.period,
      part: r.part,
      origin: r.origin as Origin,
      dim: r.dim as Dimension,
      dimId: r.dim_id,
      startMs: Number(r.period_start_ms),
      elements: r.elements,
    }));
  }

  /** Keys and revisions of the workshop rows of every workshop whose period starts in [fromMs, toMs): small rows, no JSON. */
  async workshopRevs(grain: Granularity, fromMs: number, toMs: number) {
    return this.db
      .selectFrom('kpi_rows')
      .select(['workshop_id', 'origin', 'period', 'rev'])
      .where('grain', '=', grain)
      .where('dim', '=', 'workshop')
      .where('period_start_ms', '>=', fromMs)
      .where('period_start_ms', '<', toMs)
      .execute();
  }

  /** The workshop rows of some workshops whose period starts in [fromMs, toMs). */
  async workshopRows(grain: Granularity, fromMs: number, toMs: number, workshopIds: readonly string[]) {
    const out: (RollupRow & { workshopId: string; rev: string })[] = [];
    for (let k = 0; k < workshopIds.length; k += 500) {
      const rows = await this.db
        .selectFrom('kpi_rows')
        .select(['workshop_id', 'origin', 'period', 'rev', 'elements', 'period_start_ms', 'part', 'dim_id'])
        .where('grain', '=', grain)
        .where('dim', '=', 'workshop')
        .where('period_start_ms', '>=', fromMs)
        .where('period_start_ms', '<', toMs)
        .where('workshop_id', 'in', workshopIds.slice(k, k + 500))
        .execute();
      for (const r of rows) {
        out.push({
          workshopId: r.workshop_id,
          grain,
          period: r.period,
          part: r.part,
          origin: r.origin as Origin,
          dim: 'workshop',
          dimId: r.dim_id,
          startMs: Number(r.period_start_ms),
          elements: JSON.parse(r.elements) as Elements,
          rev: r.rev,
        });
      }
    }
    return out;
  }

  async stops(workshopId: string, fromMs: number, toMs: number, machineId?: string) {
    let q = this.db
      .selectFrom('kpi_stops')
      .selectAll()
      .where('workshop_id', '=', workshopId)
      .where('start_ms', '<', toMs)
      .where('end_ms', '>', fromMs);
    if (machineId) q = q.where('machine_id', '=', machineId);
    const rows = await q.orderBy('start_ms').orderBy('machine_id').execute();
    return rows.map(
      (r): StopInterval => ({
        machineId: r.machine_id,
        startMs: Number(r.start_ms),
        endMs: Number(r.end_ms),
        minor: r.minor === 1,
        reason: r.reason,
        reasonSource: r.reason_source as StopInterval['reasonSource'],
        classifiedBy: r.classified_by,
      }),
    );
  }

  /**
   * Marks days to compute again; a day already marked stays marked once. `ripe`: the mark needs
   * no ripening (a changed carry handed on, not data still arriving), so it is dated long ago.
   */
  async markDirty(workshopId: string, days: readonly string[], opts: { ripe?: boolean } = {}): Promise<void> {
    if (days.length === 0) return;
    const now = opts.ripe ? RIPE_MARK : new Date().toISOString();
    await this.db
      .insertInto('kpi_dirty')
      .values(days.map((day) => ({ workshop_id: workshopId, day, marked_at: now })))
      .onConflict((oc) => oc.columns(['workshop_id', 'day']).doNothing())
      .execute();
  }

  /**
   * The dirty days of one workshop from `fromDay` on, oldest first, at most `limit`; with `ripe`,
   * up to the first day that is not ripe (see `dirtyHeads`): days are computed in order.
   */
  async dirtyRun(workshopId: string, fromDay: string, limit: number, ripe?: Ripe): Promise<string[]> {
    const rows = await this.db
      .selectFrom('kpi_dirty')
      .select(['day', 'marked_at'])
      .where('workshop_id', '=', workshopId)
      .where('day', '>=', fromDay)
      .orderBy('day')
      .limit(limit)
      .execute();
    const out: string[] = [];
    for (const r of rows) {
      if (ripe && r.marked_at > ripe.markedBy && r.day < ripe.fromDay) break;
      out.push(r.day);
    }
    return out;
  }

  /**
   * The oldest dirty day of each workshop that has one. With `ripe`, only days marked at or
   * before `ripe.markedBy` (ISO time) count, and any day from `ripe.fromDay` on.
   */
  async dirtyHeads(limit: number, ripe?: Ripe): Promise<{ workshopId: string; day: string }[]> {
    let q = this.db
      .selectFrom('kpi_dirty')
      .select(['workshop_id'])
      .select((eb) => eb.fn.min('day').as('day'));
    if (ripe) q = q.where((eb) => eb.or([eb('marked_at', '<=', ripe.markedBy), eb('day', '>=', ripe.fromDay)]));
    const rows = await q.groupBy('workshop_id').limit(limit).execute();
    return rows.map((r) => ({ workshopId: r.workshop_id, day: String(r.day) }));
  }

  /** Takes a dirty mark; false when another computation took it first. */
  async claim(exec: Exec, workshopId: string, day: string): Promise<boolean> {
    const r = await exec
      .deleteFrom('kpi_dirty')
      .where('workshop_id', '=', workshopId)
      .where('day', '=', day)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async dirtyCount(workshopId?: string): Promise<number> {
    let q = this.db.selectFrom('kpi_dirty').select((eb) => eb.fn.countAll<number>().as('n'));
    if (workshopId) q = q.where('workshop_id', '=', workshopId);
    const r = await q.executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Dirty days of a workshop inside [fromDay, toDay]. */
  async dirtyDays(workshopId: string, fromDay: string, toDay: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('kpi_dirty')
      .select('day')
      .where('workshop_id', '=', workshopId)
      .where('day', '>=', fromDay)
      .where('day', '<=', toDay)
      .orderBy('day')
      .execute();
    return rows.map((r) => r.day);
  }

  /**
   * Changes whenever any day is computed (or a computed day is removed): the number of computed
   * days and the latest computation time. Caches of results read from the rollups key on it.
   */
  async dataVersion(): Promise<string> {
    const r = await this.db
      .selectFrom('kpi_days')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('computed_at').as('at')])
      .executeTakeFirst();
    return `${Number(r?.n ?? 0)}@${String(r?.at ?? '')}`;
  }

  /** The last computed day of each workshop. */
  async lastComputedDays(): Promise<{ workshopId: string; day: string }[]> {
    const rows = await this.db
      .selectFrom('kpi_days')
      .select(['workshop_id'])
      .select((eb) => eb.fn.max('day').as('day'))
      .groupBy('workshop_id')
      .execute();
    return rows.map((r) => ({ workshopId: r.workshop_id, day: String(r.day) }));
  }
}
