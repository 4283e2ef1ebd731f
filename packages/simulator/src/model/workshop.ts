import { type Calendar, kstDayOf, kstDayStartMs, plannedWindows } from '@gongbang/collector';
import { Random } from '../random.js';
import { SIMULATOR_VERSION } from '../version.js';
import { dayOfCache } from './day-of.js';
import { MachineSim } from './machine.js';
import { addDays, loadOn, type ProcessParams, paramsAtStage, type SimWorkshop, stageOn } from './programme.js';
import { scan } from './scans.js';
import { DaySink, type Draft, type Elements, emptyElements } from './sink.js';

type PlannedWindow = ReturnType<typeof plannedWindows>[number];

const DAY_MS = 86_400_000;
const MIN_MS = 60_000;
/** Agent heartbeats (health readings) this often: below the collector's 300 s offline threshold. */
export const HEARTBEAT_MS = 4 * MIN_MS;
/** The mini PC is on from this long before a shift to this long after it. */
const POWER_MARGIN_MS = 15 * MIN_MS;
const ABSENCE = 0.04;

/** A day of a workshop's paper log (stage 0): rounded, sometimes missing. */
export interface ManualEntry {
  day: string;
  pq: number;
  sq: number;
  rq: number;
  hours: number;
}

/** The simulator's own accounting of one observed day: per machine and for the workshop. */
export interface DayAccounting {
  day: string;
  machines: Record<string, Elements & { gq: number; availability: number | null }>;
  total: Elements & { gq: number; availability: number | null; apatS: number };
}

export interface SimDay {
  day: string;
  stage: number;
  /** What the agent appends to its spool that day, in time order (none before stage 1). */
  readings: Draft[];
  accounting: DayAccounting | null;
  /** The paper-log line of a stage-0 day; null on a day off, when it was not written, or from stage 1 on. */
  manual: ManualEntry | null;
}

/** The collector's planned windows of the workshop's calendar (the very function its KPI engine uses). */
export function workshopWindows(w: SimWorkshop, fromDay: string, toDay: string): PlannedWindow[] {
  return plannedWindows(w.calendar as Calendar, fromDay, toDay);
}

/**
 * Pure and seeded: a workshop's days from `fromDay` to `toDay`, each with its readings, its
 * accounting (from stage 1, when the agent is installed) or its paper-log line (stage 0).
 * Always simulated from `fromDay`, so a day is the same whatever range is asked after it.
 */
export function* simulateWorkshop(w: SimWorkshop, fromDay: string, toDay: string): Generator<SimDay> {
  const rng = new Random(`sim/${w.id}`);
  const windows = workshopWindows(w, fromDay, toDay);
  const sink = new DaySink();
  const stageStarts = w.stages.map((s) => ({ ms: kstDayStartMs(s.startedOn), params: paramsAtStage(w, s.stage) }));
  const paramsAt = (ms: number): ProcessParams => {
    let p = stageStarts[0]!.params;
    for (const s of stageStarts) if (s.ms <= ms) p = s.params;
    return p;
  };
  const dayOf = dayOfCache();
  const loadAt = (ms: number) => loadOn(w, dayOf(ms));
  const machines = w.machines.map(
    (m) => new MachineSim({ workshop: w, machine: m, windows, rng: rng.fork(m.id), sink, paramsAt, loadAt }),
  );
  const stage1 = w.stages.find((s) => s.stage === 1)?.startedOn;
  const observedFrom = stage1 ? kstDayStartMs(stage1) : Number.POSITIVE_INFINITY;
  const people = rng.fork('people');
  const paper = rng.fork('paper');
  const shifts = groupShifts(windows);
  const spans = powerSpans(shifts);
  const hoursByDay = new Map<string, number>();
  const apatByDay = new Map<string, number>();
  let si = 0;
  let pi = 0;

  for (let day = fromDay; day <= toDay; day = addDays(day, 1)) {
    const dayStart = kstDayStartMs(day);
    const dayEnd = dayStart + DAY_MS;
    if (day === stage1) {
      for (const m of machines) {
        m.advanceTo(dayStart);
        m.observeFrom(dayStart);
      }
    }
    for (const m of machines) m.advanceTo(dayEnd);
    // Workers of the shifts that start today: badge in before, out after (a night shift's out is tomorrow).
    for (; si < shifts.length && shifts[si]!.startMs < dayEnd; si++) {
      const s = shifts[si]!;
      for (const worker of w.workers.filter((x) => x.shift === Math.min(s.shift, 1))) {
        if (people.chance(ABSENCE)) continue;
        const inMs = s.startMs - Math.round(people.uniform(2, 12) * MIN_MS);
        const outMs = s.endMs + Math.round(people.uniform(0, 10) * MIN_MS);
        hoursByDay.set(s.shiftDay, (hoursByDay.get(s.shiftDay) ?? 0) + (outMs - inMs) / 3_600_000);
        if (inMs < observedFrom) continue;
        sink.emit(scan(inMs, 'scan-door', 'badge', `EMP-${worker.id}`, { badge: worker.id }));
        sink.emit(scan(outMs, 'scan-door', 'badge', `EMP-${worker.id}`, { badge: worker.id }));
        for (const [d, s2] of splitByDay(inMs, outMs)) apatByDay.set(d, (apatByDay.get(d) ?? 0) + s2);
      }
    }
    // The agent's heartbeats while the mini PC is on.
    for (; pi < spans.length && spans[pi]!.startMs < dayEnd; pi++) {
      const sp = spans[pi]!;
      for (let t = sp.startMs; t < sp.endMs; t += HEARTBEAT_MS) {
        if (t >= observedFrom) sink.emit(health(t, t - sp.startMs));
      }
    }
    const stage = stageOn(w, day);
    const taken = sink.take(day);
    if (dayStart < observedFrom) {
      const hours = hoursByDay.get(day) ?? 0;
      hoursByDay.delete(day);
      yield { day, stage, readings: [], accounting: null, manual: paperLog(paper, day, taken.tally, hours) };
      continue;
    }
    const accounting = account(day, w, taken.machines, apatByDay.get(day) ?? 0);
    apatByDay.delete(day);
    hoursByDay.delete(day);
    yield { day, stage, readings: taken.readings, accounting, manual: null };
  }
}

interface ShiftSpan {
  shiftDay: string;
  shift: number;
  startMs: number;
  endMs: number;
}

/** Windows of one shift (same day and index) joined: from its first start to its last end. */
function groupShifts(windows: readonly PlannedWindow[]): ShiftSpan[] {
  const map = new Map<string, ShiftSpan>();
  for (const w of windows) {
    const key = `${w.shiftDay}#${w.shift}`;
    const s = map.get(key);
    if (s) {
      s.startMs = Math.min(s.startMs, w.startMs);
      s.endMs = Math.max(s.endMs, w.endMs);
    } else map.set(key, { shiftDay: w.shiftDay, shift: w.shift, startMs: w.startMs, endMs: w.endMs });
  }
  return [...map.values()].sort((a, b) => a.startMs - b.startMs);
}

/** When the mini PC is on: around each shift, joined when the pause between is under 3 h. */
function powerSpans(shifts: readonly ShiftSpan[]): { startMs: number; endMs: number }[] {
  const out: { startMs: number; endMs: number }[] = [];
  for (const s of shifts) {
    const a = s.startMs - POWER_MARGIN_MS;
    const b = s.endMs + POWER_MARGIN_MS;
    const last = out[out.length - 1];
    if (last && a - last.endMs < 3 * 3_600_000) last.endMs = Math.max(last.endMs, b);
    else out.push({ startMs: a, endMs: b });
  }
  return out;
}

function splitByDay(a: number, b: number): [string, number][] {
  const out: [string, number][] = [];
  while (a < b) {
    const end = Math.min(b, kstDayStartMs(kstDayOf(a)) + DAY_MS);
    out.push([kstDayOf(a), (end - a) / 1000]);
    a = end;
  }
  return out;
}

function health(ts: number, upMs: number): Draft {
  return {
    ts,
    timeSource: 'agent',
    source: 'agent',
    kind: 'health',
    agentVersion: SIMULATOR_VERSION,
    uptimeS: Math.floor(upMs / 1000),
    spoolDepth: 0,
    spoolOldestAgeMs: null,
    deadLetters: 0,
    clockOffsetMs: null,
    inputs: [],
  };
}

/**
 * The 작업일지 line of a day: what was made, written down afterwards — off by a few percent,
 * rounded (to 10 above 200 units, to 5 above 50), hours to the half hour; 8 % of days missing.
 */
function paperLog(
  rng: Random,
  day: string,
  t: { pq: number; sq: number; rq: number },
  hours: number,
): ManualEntry | null {
  const missing = rng.chance(0.08);
  const noise = rng.lognormal(1, 0.05);
  if (t.pq === 0 || missing) return null;
  const step = t.pq > 200 ? 10 : t.pq > 50 ? 5 : 1;
  const pq = Math.max(step, Math.round((t.pq * noise) / step) * step);
  const sq = Math.min(pq, Math.round(t.sq * noise));
  const rq = Math.min(pq - sq, Math.round(t.rq * noise));
  return { day, pq, sq, rq, hours: Math.round(hours * 2) / 2 };
}

function account(day: string, w: SimWorkshop, byMachine: Map<string, Elements>, apatS: number): DayAccounting {
  const machines: DayAccounting['machines'] = {};
  const total = emptyElements();
  for (const m of w.machines) {
    const e = byMachine.get(m.id) ?? emptyElements();
    machines[m.id] = { ...e, gq: Math.max(0, e.pq - e.sq - e.rq), availability: e.pbtS > 0 ? e.aptS / e.pbtS : null };
    for (const k of Object.keys(total) as (keyof Elements)[]) total[k] += e[k];
  }
  return {
    day,
    machines,
    total: {
      ...total,
      gq: Math.max(0, total.pq - total.sq - total.rq),
      availability: total.pbtS > 0 ? total.aptS / total.pbtS : null,
      apatS,
    },
  };
}
