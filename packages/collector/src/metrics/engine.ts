import type { Reading } from '@gongbang/shared';
import type { FastifyBaseLogger as Logger } from 'fastify';
import { sql } from 'kysely';
import type { RegistryDb, RegistryDialectName } from '../core/index.js';
import type { StoredReading, TimeSeriesStore } from '../store/index.js';
import { type Carry, carryJson } from './carry.js';
import { computeDay, DAY_READING_KINDS, type DayOptions, type DayReading, type PruLookup } from './day.js';
import type { MachineConfig, ManualEntry, PlannedWindow, StopReasonAssignment } from './inputs.js';
import { manualRows } from './manual-rows.js';
import { addDays, KST_OFFSET_MS, kstDayOf, kstDayStartMs } from './periods.js';

const DAY_MS = 86_400_000;

import { type DayWrite, RollupStore } from './rollup-store.js';

/** What the engine reads from the registry, as plain values (composed in compose/). */
export interface KpiRegistryView {
  // `db`: read on this connection or transaction instead of the registry's pool (see compose/kpis.ts).
  windows(workshopId: string, fromDay: string, toDay: string, db?: RegistryDb): Promise<PlannedWindow[]>;
  machines(workshopId: string, db?: RegistryDb): Promise<MachineConfig[]>;
  pru(workshopId: string, db?: RegistryDb): Promise<PruLookup>;
  reasons(workshopId: string, fromMs: number, toMs: number, db?: RegistryDb): Promise<StopReasonAssignment[]>;
  manualEntries(workshopId: string, day: string, db?: RegistryDb): Promise<ManualEntry[]>;
}

export interface KpiEngineOptions {
  /** The registry database (a getter: it opens on start). */
  db: () => RegistryDb;
  dialect: RegistryDialectName;
  store: TimeSeriesStore;
  view: KpiRegistryView;
  log: Logger;
  dayOptions?: Partial<DayOptions>;
  /** How often dirty days are looked for, ms. Default 2 s; 0: only when `runOnce` is called. */
  intervalMs?: number;
  /** How often today is computed again for every workshop with computed days, ms. Default 60 s. */
  todayRefreshMs?: number;
  /**
   * In the loop, a past day is computed only once this long after it was marked: a backfill marks
   * a day with one batch and often again with the next, and computing it in between was a
   * quarter of the engine's work. Today is computed at once, unless an older day of the same
   * workshop still waits (days go in order). Default 2 s; `runOnce()` and `settle()` called
   * directly do not wait.
   */
  ripenMs?: number;
  /** Clock, for tests. */
  now?: () => number;
  /** Told how many days each run of one workshop computed (the collector's /metrics counts them). */
  onComputed?: (days: number) => void;
}

const PAGE = 5_000;
/** Marked days of one workshop computed and written together (see `computeRun`). */
const RUN_DAYS = 31;

type Exec = Parameters<RollupStore['writeDay']>[0];

/**
 * One turn of the event loop. On SQLite every query of a day's computation answers at once, so
 * without it the engine kept the loop from HTTP for as long as days stayed marked: during a
 * backfill, marked again by every batch, ingest slowed to a twentieth.
 */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Keeps the KPI rollups current. Ingest, manual entries and stop reasons mark the KST days they
 * touch; a loop computes marked days oldest first, one workshop at a time under a lock (an
 * advisory lock on PostgreSQL, so that several collectors sharing one registry never interleave
 * the same workshop), and marks the next day when a day's carry changed. Constructor assigns;
 * `start()` starts the loop, `stop()` waits for the running computation.
 */
export class KpiEngine {
  readonly rollups: RollupStore;
  private readonly o: KpiEngineOptions;
  private timer?: NodeJS.Timeout;
  private todayTimer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;
  private readonly locks = new Map<string, Promise<unknown>>();
  /** Days known to be marked, so that each ingest batch of a busy day costs no registry write (SQLite only). */
  private readonly knownDirty = new Set<string>();
  /** Whether a workshop exists in the registry; an unknown one is asked again after a minute. */
  private readonly workshops = new Map<string, { known: boolean; at: number }>();

  constructor(o: KpiEngineOptions) {
    this.o = o;
    this.rollups = new RollupStore(o.db);
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  start(): void {
    this.stopped = false;
    const interval = this.o.intervalMs ?? 2_000;
    if (interval > 0) {
      const tick = () => {
        if (this.stopped) return;
        this.running = this.runOnce({ ripenMs: this.o.ripenMs ?? 2_000 })
          .catch((err) => this.o.log.error({ err }, 'KPI computation failed'))
          .finally(() => {
            if (!this.stopped) this.timer = setTimeout(tick, interval);
          });
      };
      this.timer = setTimeout(tick, interval);
      const refresh = this.o.todayRefreshMs ?? 60_000;
      this.todayTimer = setInterval(() => {
        this.markToday().catch((err) => this.o.log.error({ err }, 'KPI today refresh failed'));
      }, refresh);
      this.todayTimer.unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.todayTimer);
    await this.running;
  }

  /** Marks the days the stored readings fall on. Called after the store acknowledged them. */
  async readingsStored(workshopId: string, readings: readonly Reading[]): Promise<void> {
    // Day numbers first: a batch holds up to 10,000 readings, and a date string per reading
    // cost the ingest path more than the rest of this hook.
    const dayNumbers = new Set<number>();
    for (const r of readings) {
      if (r.kind === 'measurement') continue;
      dayNumbers.add(Math.floor((r.ts + KST_OFFSET_MS) / DAY_MS));
      if (r.kind === 'gap' && r.fromTs !== undefined && r.toTs !== undefined) {
        const first = Math.floor((r.fromTs + KST_OFFSET_MS) / DAY_MS);
        const last = Math.min(Math.floor((r.toTs + KST_OFFSET_MS) / DAY_MS), first + 400);
        for (let d = first; d <= last; d++) dayNumbers.add(d);
      }
    }
    if (dayNumbers.size === 0) return;
    await this.markDays(
      workshopId,
      [...dayNumbers].map((n) => new Date(n * DAY_MS).toISOString().slice(0, 10)),
    );
  }

  /** Marks the days a UTC range touches (manual entries, stop reasons). */
  async markRange(workshopId: string, fromMs: number, toMs: number): Promise<void> {
    const days: string[] = [];
    for (let d = kstDayOf(fromMs); d <= kstDayOf(Math.max(fromMs, toMs - 1)); d = addDays(d, 1)) days.push(d);
    await this.markDays(workshopId, days);
  }

  async markDays(workshopId: string, days: readonly string[]): Promise<void> {
    const today = kstDayOf(this.now());
    const wanted = days.filter((d) => d <= today && !this.knownDirty.has(`${workshopId}\u0000${d}`));
    if (wanted.length === 0) return;
    // Agents listed in collector.yaml may deliver for a workshop the registry does not know:
    // their readings are stored, but without a workshop there is nothing to compute.
    if (!(await this.workshopKnown(workshopId))) return;
    await this.rollups.markDirty(workshopId, wanted);
    if (this.o.dialect === 'sqlite') for (const d of wanted) this.knownDirty.add(`${workshopId}\u0000${d}`);
  }

  private async workshopKnown(workshopId: string): Promise<boolean> {
    const cached = this.workshops.get(workshopId);
    if (cached && (cached.known || this.now() - cached.at < 60_000)) return cached.known;
    const row = await this.o.db().selectFrom('workshops').select('id').where('id', '=', workshopId).executeTakeFirst();
    this.workshops.set(workshopId, { known: row !== undefined, at: this.now() });
    return row !== undefined;
  }

  /**
   * Marks, for every workshop with computed days, the days from its last computed one to today:
   * days with no reading at all still have planned time, and it must show as "no data".
   */
  async markToday(): Promise<void> {
    const today = kstDayOf(this.now());
    for (const { workshopId, day } of await this.rollups.lastComputedDays()) {
      const days: string[] = [];
      for (let d = day; d <= today && days.length < 400; d = addDays(d, 1)) days.push(d);
      // The last computed day too: it is today (it grew), or it was today when last computed and
      // ended at that instant (see `untilMs` of computeDay), so its last hours are still to count.
      await this.markDays(workshopId, days);
    }
  }

  /**
   * Computes every marked day (with `ripenMs`, the past days marked at least that long ago, and
   * today); returns how many days were computed.
   */
  async runOnce(opts: { ripenMs?: number } = {}): Promise<number> {
    let computed = 0;
    // A day that fails stays marked and waits for the next run: one bad day must not spin here.
    const failed = new Set<string>();
    for (;;) {
      if (this.stopped) return computed;
      const ripe = opts.ripenMs
        ? { markedBy: new Date(Date.now() - opts.ripenMs).toISOString(), fromDay: kstDayOf(this.now()) }
        : undefined;
      const heads = (await this.rollups.dirtyHeads(50, ripe)).filter(
        (h) => !failed.has(`${h.workshopId}\u0000${h.day}`),
      );
      if (heads.length === 0) return computed;
      let progressed = false;
      for (const h of heads) {
        if (this.stopped) return computed;
        // With `ripe`, from the workshop's oldest marked day (ripe or not: days go in order) up
        // to its first unripe one; nothing when the oldest is not ripe yet.
        const run = (await this.rollups.dirtyRun(h.workshopId, ripe ? '' : h.day, RUN_DAYS, ripe)).filter(
          (d) => !failed.has(`${h.workshopId}\u0000${d}`),
        );
        if (ripe && run.length === 0) continue;
        progressed = true;
        try {
          const n = await this.computeRun(h.workshopId, run.length > 0 ? run : [h.day]);
          computed += n;
          this.o.onComputed?.(n);
          await turn();
          continue;
        } catch {
          // Below, day by day: the good days of the run are kept and the failing one is named.
        }
        for (const day of run.length > 0 ? run : [h.day]) {
          try {
            if (await this.computeMarked(h.workshopId, day)) {
              computed++;
              this.o.onComputed?.(1);
            }
            await turn();
          } catch (err) {
            failed.add(`${h.workshopId}\u0000${day}`);
            this.o.log.error({ err, workshopId: h.workshopId, day }, 'KPI day could not be computed; it stays marked');
            // On PostgreSQL the failed transaction gave the mark back; on SQLite it is set again.
            await this.rollups.markDirty(h.workshopId, [day]).catch(() => {});
          }
        }
      }
      if (!progressed) return computed;
    }
  }

  /** Runs until no day is marked (tests, CLI); throws when a day keeps failing. */
  async settle(): Promise<void> {
    let previous = -1;
    for (;;) {
      const left = await this.rollups.dirtyCount();
      if (left === 0) return;
      const computed = await this.runOnce();
      if (computed === 0 && left === previous)
        throw new Error(`KPI engine: ${left} marked day(s) keep failing (see the log)`);
      previous = left;
    }
  }

  /**
   * Computes `fromDay`..`toDay` again from the raw readings, in order, each day from the carry
   * of the day before it. Each day's rows are replaced whole, so the result must equal the
   * incrementally kept rollups. When the last day hands on a different carry, the day after it
   * is marked, as a late reading would mark it.
   */
  async recompute(workshopId: string, fromDay: string, toDay: string, progress?: (day: string) => void): Promise<void> {
    for (let d = fromDay; d <= toDay; d = addDays(d, 1)) {
      const changed = await this.withLock(workshopId, async (exec) => {
        await this.rollups.claim(exec, workshopId, d);
        this.knownDirty.delete(`${workshopId}\u0000${d}`);
        return this.computeAndWrite(exec, workshopId, d);
      });
      progress?.(d);
      const next = addDays(d, 1);
      if (d === toDay && changed && next <= kstDayOf(this.now()))
        await this.rollups.markDirty(workshopId, [next], { ripe: true });
    }
  }

  private async computeMarked(workshopId: string, day: string): Promise<boolean> {
    const done = await this.withLock(workshopId, async (exec) => {
      if (!(await this.rollups.claim(exec, workshopId, day))) return null;
      // Cleared before the store is read: a batch stored from now on marks the day again.
      this.knownDirty.delete(`${workshopId}\u0000${day}`);
      return { changed: await this.computeAndWrite(exec, workshopId, day) };
    });
    if (done === null) return false;
    const next = addDays(day, 1);
    if (done.changed && next <= kstDayOf(this.now())) await this.rollups.markDirty(workshopId, [next], { ripe: true });
    return true;
  }

  /**
   * Computes a run of marked days of one workshop, oldest first, and writes them in one
   * transaction, each week and month rebuilt once at the end: after a backfill every day of a
   * workshop is marked, and day by day the month was rebuilt from its day rows for each of its
   * days and every day paid a commit. A day hands its carry to the next in memory. Returns how
   * many days were computed; throws (writing nothing, the marks given back) when any day fails.
   */
  private async computeRun(workshopId: string, days: readonly string[]): Promise<number> {
    const claimed: string[] = [];
    let next: string[] = [];
    try {
      await this.withLock(workshopId, async (exec) => {
        for (const day of days) {
          if (!(await this.rollups.claim(exec, workshopId, day))) continue;
          claimed.push(day);
          this.knownDirty.delete(`${workshopId}\u0000${day}`);
        }
        if (claimed.length === 0) return;
        const writes: DayWrite[] = [];
        const changedAfter: string[] = [];
        let previous: { day: string; carry: Carry } | null = null;
        // Read once for the run: a machine or product change applies to the days computed after it, as before.
        const v = this.o.view;
        const [machines, pru] = await Promise.all([v.machines(workshopId, exec), v.pru(workshopId, exec)]);
        for (const day of claimed) {
          const c = await this.computeDayOf(exec, workshopId, day, previous, { machines, pru });
          writes.push(c.write);
          if (c.changed) changedAfter.push(day);
          previous = { day, carry: c.write.carry };
          await turn();
        }
        const write = async (e: typeof exec) => {
          for (const w of writes) await this.rollups.writeDayRows(e, w);
          await this.rollups.rebuildPeriods(e, workshopId, claimed);
        };
        if (this.o.dialect === 'sqlite') await this.o.db().transaction().execute(write);
        else await write(exec);
        // A changed carry marks the day after, unless that day was computed in this run from it.
        const inRun = new Set(claimed);
        const today = kstDayOf(this.now());
        next = changedAfter.map((d) => addDays(d, 1)).filter((n) => !inRun.has(n) && n <= today);
      });
    } catch (err) {
      // On PostgreSQL the rolled back transaction gave the marks back; on SQLite they are set again.
      if (this.o.dialect === 'sqlite' && claimed.length > 0)
        await this.rollups.markDirty(workshopId, claimed).catch(() => {});
      throw err;
    }
    // After the commit, on a connection of its own: marked from inside the locked transaction,
    // the insert could wait on an ingest's insert of the same days, which waited on this
    // transaction's claims — a deadlock PostgreSQL cannot see (found with two collectors).
    if (next.length > 0) await this.rollups.markDirty(workshopId, next, { ripe: true });
    return claimed.length;
  }

  /** Computes one day and stores it; true when the carry it hands on changed. */
  private async computeAndWrite(exec: Exec, workshopId: string, day: string) {
    const { write: w, changed } = await this.computeDayOf(exec, workshopId, day, null);
    const write = (e: typeof exec) => this.rollups.writeDay(e, w);
    // On PostgreSQL `exec` is already the locked transaction; on SQLite the day is written in one of its own.
    if (this.o.dialect === 'sqlite') await this.o.db().transaction().execute(write);
    else await write(exec);
    return changed;
  }

  /**
   * Computes one day from the registry and the store. `previous`: the day before it computed in
   * the same run and not yet written; its carry is the one handed on when no later computed day
   * is stored.
   */
  private async computeDayOf(
    exec: Exec,
    workshopId: string,
    day: string,
    previous: { day: string; carry: Carry } | null,
    fixed?: { machines: MachineConfig[]; pru: PruLookup },
  ): Promise<{ write: DayWrite; changed: boolean }> {
    const v = this.o.view;
    const dayStart = kstDayStartMs(day);
    const dayEnd = kstDayStartMs(addDays(day, 1));
    const [windows, machines, pru, reasons, manual, stored, before] = await Promise.all([
      v.windows(workshopId, addDays(day, -1), day, exec),
      fixed?.machines ?? v.machines(workshopId, exec),
      fixed?.pru ?? v.pru(workshopId, exec),
      v.reasons(workshopId, dayStart, dayEnd, exec),
      v.manualEntries(workshopId, day, exec),
      this.rollups.carryBefore(exec, workshopId, day),
      this.rollups.storedCarry(exec, workshopId, day),
    ]);
    const prior =
      previous && previous.day < day && (stored.fromDay === null || previous.day >= stored.fromDay)
        ? previous.carry
        : stored.carry;
    const readings = await this.readDay(workshopId, dayStart, dayEnd);
    const result = computeDay({
      day,
      windows,
      readings,
      carry: prior,
      machines,
      pru,
      reasons,
      options: this.o.dayOptions,
      // Today ends now: the hours still to come are not "no data".
      untilMs: day === kstDayOf(this.now()) ? this.now() : undefined,
    });
    const manualOut = manualRows(day, manual, pru, machines);
    return {
      write: {
        workshopId,
        day,
        hours: result.hours,
        shifts: result.shifts,
        manualDays: manualOut.days,
        manualShifts: manualOut.shifts,
        stops: result.stops,
        carry: result.carry,
        readings: readings.length,
      },
      changed: before !== carryJson(result.carry),
    };
  }

  private async readDay(workshopId: string, fromMs: number, toMs: number): Promise<DayReading[]> {
    const out: DayReading[] = [];
    for (const kind of DAY_READING_KINDS) {
      let cursor: string | undefined;
      do {
        const page = await this.o.store.query({ workshopId, fromMs, toMs, kind, limit: PAGE, cursor });
        for (const r of page.readings as StoredReading[]) out.push({ agentId: r.agentId, reading: r.reading });
        cursor = page.next;
      } while (cursor);
    }
    return out;
  }

  /**
   * Runs `fn` with the workshop locked: in this process by a promise chain, and on PostgreSQL
   * also by a transaction-scoped advisory lock that every collector sharing the registry takes.
   * On SQLite, `fn` runs outside a transaction (the store reads would hold the one connection)
   * and the day's writes go in one transaction of their own.
   */
  private async withLock<T>(workshopId: string, fn: (exec: Exec) => Promise<T>): Promise<T> {
    const prev = this.locks.get(workshopId) ?? Promise.resolve();
    const run = prev
      .catch(() => {})
      .then(async () => {
        if (this.o.dialect === 'postgres') {
          return this.o
            .db()
            .transaction()
            .execute(async (tx) => {
              await sql`select pg_advisory_xact_lock(hashtext(${`gongbang-kpi:${workshopId}`}))`.execute(tx);
              return fn(tx);
            });
        }
        return fn(this.o.db());
      });
    this.locks.set(workshopId, run);
    try {
      return await run;
    } finally {
      if (this.locks.get(workshopId) === run) this.locks.delete(workshopId);
    }
  }
}
