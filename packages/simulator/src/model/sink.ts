import type { Reading } from '@gongbang/shared';
import { dayOfCache } from './day-of.js';

/** A reading as the agent appends it to its spool: everything but the seq. */
export type Draft = Reading extends infer R ? (R extends Reading ? Omit<R, 'seq'> : never) : never;

/** The elements of one machine (or the workshop) on one KST day, as the simulator generated them. */
export interface Elements {
  pbtS: number;
  aptS: number;
  asutS: number;
  adetS: number;
  adotS: number;
  noDataS: number;
  pq: number;
  sq: number;
  rq: number;
  pruPqS: number;
}

export const emptyElements = (): Elements => ({
  pbtS: 0,
  aptS: 0,
  asutS: 0,
  adetS: 0,
  adotS: 0,
  noDataS: 0,
  pq: 0,
  sq: 0,
  rq: 0,
  pruPqS: 0,
});

export type TimeClass = 'apt' | 'asut' | 'adet' | 'adot' | 'no_data';
const FIELD: Record<TimeClass, keyof Elements> = {
  apt: 'aptS',
  asut: 'asutS',
  adet: 'adetS',
  adot: 'adotS',
  no_data: 'noDataS',
};

/** What really happened on a stage-0 day (the paper log is written from it). */
export interface TrueTally {
  pq: number;
  sq: number;
  rq: number;
}

/**
 * Collects a workshop's readings and accounting by KST day: readings may be emitted a little
 * ahead (a reason scan 30 s after a stop began), so each day keeps its own list until taken.
 */
export class DaySink {
  private readonly readings = new Map<string, Draft[]>();
  private readonly elements = new Map<string, Map<string, Elements>>();
  private readonly tallies = new Map<string, TrueTally>();
  private readonly dayOf = dayOfCache();

  emit(r: Draft): void {
    const day = this.dayOf(r.ts);
    const l = this.readings.get(day);
    if (l) l.push(r);
    else this.readings.set(day, [r]);
  }

  /** Adds planned time [fromMs, toMs) of a machine (never crossing a KST midnight) to a class. */
  time(machine: string, fromMs: number, toMs: number, cls: TimeClass): void {
    const e = this.el(machine, this.dayOf(fromMs));
    const s = (toMs - fromMs) / 1000;
    e.pbtS += s;
    e[FIELD[cls]] += s;
  }

  quantity(machine: string, ts: number, q: { pq?: number; sq?: number; rq?: number; pruPqS?: number }): void {
    const e = this.el(machine, this.dayOf(ts));
    e.pq += q.pq ?? 0;
    e.sq += q.sq ?? 0;
    e.rq += q.rq ?? 0;
    e.pruPqS += q.pruPqS ?? 0;
  }

  truth(ts: number, q: Partial<TrueTally>): void {
    const day = this.dayOf(ts);
    const t = this.tallies.get(day) ?? { pq: 0, sq: 0, rq: 0 };
    this.tallies.set(day, t);
    t.pq += q.pq ?? 0;
    t.sq += q.sq ?? 0;
    t.rq += q.rq ?? 0;
  }

  /** Removes and returns everything of `day`; readings sorted by time (stable). */
  take(day: string): { readings: Draft[]; machines: Map<string, Elements>; tally: TrueTally } {
    const readings = (this.readings.get(day) ?? []).sort((a, b) => a.ts - b.ts);
    const machines = this.elements.get(day) ?? new Map<string, Elements>();
    const tally = this.tallies.get(day) ?? { pq: 0, sq: 0, rq: 0 };
    this.readings.delete(day);
    this.elements.delete(day);
    this.tallies.delete(day);
    return { readings, machines, tally };
  }

  private el(machine: string, day: string): Elements {
    const m = this.elements.get(day) ?? new Map<string, Elements>();
    this.elements.set(day, m);
    const e = m.get(machine) ?? emptyElements();
    m.set(machine, e);
    return e;
  }
}
