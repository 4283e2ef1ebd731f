import type { CountReading, GapReading, MachineStateReading, Reading, ScanReading } from '@gongbang/shared';
import { Buckets, type Target } from './buckets.js';
import type { Carry } from './carry.js';
import {
  type DayInput,
  type DayOptions,
  type DayReading,
  type DayResult,
  DEFAULT_DAY_OPTIONS,
  type StopInterval,
} from './day-input.js';
import type { CountMeaning, PlannedWindow } from './inputs.js';
import { OrderIndex, orderSpans } from './orders.js';
import { peopleSpans, workerAt, workerIdOf } from './people.js';
import { addDays, kstDayStartMs, kstHourOf } from './periods.js';
import { applyStopReasons } from './stops.js';
import { aliveRuns, type Intervals, machineSegments, type Segment, type StateChange, stopRuns } from './timeline.js';

export * from './day-input.js';

const HOUR_MS = 3_600_000;

/** Reading kinds the day computation reads from the store. */
export const DAY_READING_KINDS = ['machine_state', 'count', 'scan', 'gap', 'health'] as const;

function byTime(a: DayReading, b: DayReading): number {
  return (
    a.reading.ts - b.reading.ts ||
    (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0) ||
    a.reading.seq - b.reading.seq
  );
}

function quantity(scan: ScanReading): number {
  const q = Number(scan.fields.qty ?? scan.fields.quantity ?? 1);
  return Number.isInteger(q) && q >= 1 && q <= 100_000 ? q : 1;
}

/**
 * Computes one KST day of one workshop: ISO 22400-2 elements per hour and per shift, for the
 * workshop and each machine, product and worker, the day's stops, and the carry for the next
 * day. Pure: the same input gives the same output, so a late reading only means computing the
 * day again.
 */
export function computeDay(input: DayInput): DayResult {
  const o: DayOptions = { ...DEFAULT_DAY_OPTIONS, ...input.options };
  const dayStartMs = kstDayStartMs(input.day);
  const dayEndMs = Math.max(
    dayStartMs,
    Math.min(kstDayStartMs(addDays(input.day, 1)), input.untilMs ?? Number.POSITIVE_INFINITY),
  );
  const readings = input.readings
    .filter((r) => r.reading.ts >= dayStartMs && r.reading.ts < dayEndMs)
    .slice()
    .sort(byTime);
  const windows: PlannedWindow[] = input.windows
    .map((w) => ({ ...w, startMs: Math.max(w.startMs, dayStartMs), endMs: Math.min(w.endMs, dayEndMs) }))
    .filter((w) => w.endMs > w.startMs)
    .sort((a, b) => a.startMs - b.startMs);

  const countMap = new Map<string, { machine: string; meaning: CountMeaning }>();
  const scannerMap = new Map<string, string>();
  const defaultPru = new Map<string, number | null>();
  for (const m of input.machines) {
    defaultPru.set(m.id, m.defaultPruS);
    for (const c of m.counts) countMap.set(`${c.source}\u0000${c.channel}`, { machine: m.id, meaning: c.meaning });
    for (const s of m.scanners) scannerMap.set(s, m.id);
  }
  const scopeOf = (scan: ScanReading): string => scannerMap.get(scan.source) ?? scan.fields.machine ?? '';

  // Liveness and gaps per agent; state changes per machine.
  const seen = new Map<string, number[]>();
  const gaps = new Map<string, [number, number][]>();
  const changes = new Map<string, StateChange[]>();
  for (const [id, s] of Object.entries(input.carry.states))
    changes.set(id, [{ ts: s.sinceMs, state: s.state, agentId: s.agentId }]);
  for (const [agent, t] of Object.entries(input.carry.lastSeen)) seen.set(agent, [t]);
  const orderScans: { scan: ScanReading; scope: string }[] = [];
  const badges: { scan: ScanReading; worker: string; scope: string }[] = [];
  const others: DayReading[] = [];
  for (const r of readings) {
    const list = seen.get(r.agentId) ?? [];
    list.push(r.reading.ts);
    seen.set(r.agentId, list);
    const x: Reading = r.reading;
    if (x.kind === 'machine_state') {
      const m: MachineStateReading = x;
      const l = changes.get(m.machine) ?? [];
      l.push({ ts: m.ts, state: m.state, agentId: r.agentId });
      changes.set(m.machine, l);
    } else if (x.kind === 'gap') {
      const g: GapReading = x;
      if (g.fromTs !== undefined && g.toTs !== undefined && g.toTs >= g.fromTs) {
        const l = gaps.get(r.agentId) ?? [];
        l.push([g.fromTs, g.toTs + 1]);
        gaps.set(r.agentId, l);
      }
    } else if (x.kind === 'scan' && x.meaning === 'work_order') {
      orderScans.push({ scan: x, scope: scopeOf(x) });
    } else if (x.kind === 'scan' && x.meaning === 'badge') {
      const worker = workerIdOf(x);
      if (worker) badges.push({ scan: x, worker, scope: scopeOf(x) });
    } else if (x.kind === 'count' || x.kind === 'scan') {
      others.push(r);
    }
  }
  const alive = new Map<string, Intervals>([...seen].map(([a, ts]) => [a, aliveRuns(ts, o.offlineAfterMs)]));
  const gapRuns = new Map<string, Intervals>(
    [...gaps].map(([a, l]) => [a, aliveRuns([], 0).concat(l.sort((p, q) => p[0] - q[0]))]),
  );

  const { spans, open } = orderSpans(input.carry.orders, orderScans, dayStartMs, o.maxOrderOpenDays);
  const orders = new OrderIndex(spans);
  const buckets = new Buckets();
  const shiftBuckets = new Buckets();
  const shiftOf = (t: number): string | null => {
    const w = windows.find((x) => x.startMs <= t && t < x.endMs);
    return w ? `${w.shiftDay}#${w.shift}` : null;
  };
  const both = (t: number, target: Omit<Target, 'period'>, fn: (b: Buckets, tg: Target) => void) => {
    fn(buckets, { ...target, period: kstHourOf(t) });
    const shift = shiftOf(t);
    if (shift) fn(shiftBuckets, { ...target, period: shift });
  };

  // Machine time.
  const machineIds = new Set([...input.machines.map((m) => m.id), ...changes.keys()]);
  const stops: StopInterval[] = [];
  for (const machine of [...machineIds].sort()) {
    const segments = machineSegments({
      machine,
      dayStartMs,
      dayEndMs,
      changes: changes.get(machine) ?? [],
      alive,
      gaps: gapRuns,
      windows,
      orders,
      reasons: input.reasons,
    });
    const reasonScans = others
      .map((r) => r.reading)
      .filter((x): x is ScanReading => x.kind === 'scan' && x.meaning === 'stop_reason' && scopeOf(x) === machine);
    stops.push(...applyStopReasons(machine, segments, stopRuns(segments), reasonScans, input.reasons, o));
    for (const s of segments) addSegment(s, machine, buckets, shiftBuckets);
  }
  for (const s of stops) {
    if (s.minor || s.startMs < dayStartMs) continue;
    both(s.startMs, { machine: s.machineId }, (b, t) => {
      b.add(t, 'stops', 1, 'device', 'time');
      if (s.reason) b.add(t, 'stops_classified', 1, s.reasonSource === 'api' ? 'manual' : 'scan', 'time');
    });
  }

  // Orders that ended today: execution time and lead time.
  for (const s of spans) {
    if (s.endMs === null || s.endMs < dayStartMs) continue;
    const target = { machine: s.scope || null, product: s.product };
    const seconds = (s.endMs - s.startMs) / 1000;
    both(s.endMs, target, (b, t) => {
      b.add(t, 'aoet_s', seconds, 'scan', 'qty');
      b.add(t, 'orders', 1, 'scan', 'qty');
      b.addHistogram(t, 'lead_hist', seconds);
    });
  }

  // People.
  const people = peopleSpans(input.carry.workers, badges, dayStartMs, dayEndMs, o);
  for (const p of people.spans) {
    for (let a = p.startMs; a < p.endMs; ) {
      const b = Math.min(p.endMs, Math.floor(a / HOUR_MS) * HOUR_MS + HOUR_MS);
      addPersonTime(p.worker, a, b, p.working, buckets, shiftBuckets, windows);
      a = b;
    }
  }

  // Quantities.
  const lastPiece = { ...input.carry.lastPiece };
  const produced = (
    machine: string | null,
    ts: number,
    n: number,
    product: string | null,
    source: 'device' | 'scan',
    operationHint: string | null,
  ) => {
    const order = machine ? orders.at(machine, ts) : orders.on('', ts);
    const prod = product ?? order?.product ?? null;
    const pru =
      input.pru(prod, operationHint ?? order?.operation ?? null) ??
      (machine ? (defaultPru.get(machine) ?? null) : null);
    const worker = machine
      ? (workerAt(people.presence, machine, ts) ?? workerAt(people.presence, '', ts))
      : workerAt(people.presence, '', ts);
    both(ts, { machine, product: prod, worker }, (b, t) => {
      b.add(t, 'pq', n, source, 'qty');
      if (pru !== null) b.add(t, 'pru_pq_s', pru * n, source, 'qty');
      else b.add(t, 'pq_without_pru', n, source, 'qty');
    });
    if (machine) {
      const prev = lastPiece[machine];
      if (prev !== undefined && ts > prev && (ts - prev) / 1000 <= o.maxCycleS) {
        const seconds = (ts - prev) / 1000 / n;
        both(ts, { machine, product: prod, worker }, (b, t) => b.addHistogram(t, 'cycle_hist', seconds, n));
      }
      lastPiece[machine] = ts;
    }
  };
  const lost = (
    machine: string | null,
    ts: number,
    n: number,
    key: 'sq' | 'rq',
    product: string | null,
    source: 'device' | 'scan',
  ) => {
    const order = machine ? orders.at(machine, ts) : orders.on('', ts);
    const worker = machine ? workerAt(people.presence, machine, ts) : workerAt(people.presence, '', ts);
    both(ts, { machine, product: product ?? order?.product ?? null, worker }, (b, t) =>
      b.add(t, key, n, source, 'qty'),
    );
  };
  for (const r of others) {
    const x = r.reading;
    if (x.kind === 'count') {
      const c: CountReading = x;
      if (c.delta <= 0) continue;
      const map = countMap.get(`${c.source}\u0000${c.channel}`) ?? { machine: c.source, meaning: 'produced' as const };
      if (map.meaning === 'produced') produced(map.machine, c.ts, c.delta, null, 'device', null);
      else lost(map.machine, c.ts, c.delta, map.meaning === 'scrap' ? 'sq' : 'rq', null, 'device');
    } else if (x.kind === 'scan') {
      const scope = scopeOf(x) || null;
      if (x.meaning === 'piece')
        produced(scope, x.ts, quantity(x), x.fields.product ?? null, 'scan', x.fields.operation ?? null);
      else if (x.meaning === 'scrap' || x.meaning === 'rework') {
        lost(scope, x.ts, quantity(x), x.meaning === 'scrap' ? 'sq' : 'rq', x.fields.product ?? null, 'scan');
      }
    }
  }

  // The carry for tomorrow.
  const carry: Carry = { states: {}, lastSeen: {}, orders: open, workers: people.workers, lastPiece };
  for (const [machine, list] of changes) {
    const last = list[list.length - 1];
    if (last) carry.states[machine] = { state: last.state, sinceMs: last.ts, agentId: last.agentId };
  }
  for (const [agent, ts] of seen) {
    const last = ts[ts.length - 1];
    if (last !== undefined) carry.lastSeen[agent] = last;
  }
  return { day: input.day, hours: buckets.list(), shifts: shiftBuckets.list(), stops, carry };
}

const ELEMENT_OF: Record<
  Exclude<Segment['cls'], 'outside'>,
  'apt_s' | 'asut_s' | 'adet_s' | 'adot_s' | 'no_data_s' | 'unplanned_apt_s'
> = {
  apt: 'apt_s',
  asut: 'asut_s',
  adet: 'adet_s',
  adot: 'adot_s',
  no_data: 'no_data_s',
  unplanned_apt: 'unplanned_apt_s',
};

function addSegment(s: Segment, machine: string, hours: Buckets, shifts: Buckets): void {
  if (s.cls === 'outside') return;
  const seconds = (s.endMs - s.startMs) / 1000;
  const key = ELEMENT_OF[s.cls];
  const target = { machine, product: s.product };
  const hour: Target = { ...target, period: kstHourOf(s.startMs) };
  const shift: Target | null = s.window ? { ...target, period: `${s.window.shiftDay}#${s.window.shift}` } : null;
  for (const [b, t] of [
    [hours, hour],
    [shifts, shift],
  ] as const) {
    if (!t) continue;
    if (s.cls !== 'unplanned_apt') b.add(t, 'pbt_s', seconds, 'device', 'time');
    b.add(t, key, seconds, 'device', 'time');
  }
}

function addPersonTime(
  worker: string,
  a: number,
  b: number,
  working: boolean,
  hours: Buckets,
  shifts: Buckets,
  windows: readonly PlannedWindow[],
): void {
  const seconds = (b - a) / 1000;
  const t: Target = { worker, period: kstHourOf(a) };
  hours.add(t, 'apat_s', seconds, 'scan', 'people');
  if (working) hours.add(t, 'apwt_s', seconds, 'scan', 'people');
  for (const w of windows) {
    const s = Math.max(a, w.startMs);
    const e = Math.min(b, w.endMs);
    if (e <= s) continue;
    const st: Target = { worker, period: `${w.shiftDay}#${w.shift}` };
    shifts.add(st, 'apat_s', (e - s) / 1000, 'scan', 'people');
    if (working) shifts.add(st, 'apwt_s', (e - s) / 1000, 'scan', 'people');
  }
}
