// Industry-like workshops for the metrics benchmark: machines, a calendar, products, and a
// working day of readings as an edge agent sends them (heartbeats around the clock, machine
// states from clamp sensors, counts or piece scans, work-order and badge scans, faults and
// minor stops), from a seeded generator.
import type { MachineConfig } from '../packages/collector/src/metrics/index.js';
import type { CalendarInput, Industry, Product } from '../packages/collector/src/registry/index.js';
import { kst, type ReadingBuilder } from '../packages/collector/test/support/metrics-readings.js';

export { ReadingBuilder, seeded } from '../packages/collector/test/support/metrics-readings.js';

/** One machine of a profile and how it works. */
export interface MachineProfile {
  id: string;
  /** Planned run time per unit, s. */
  pruS: number;
  /** Actual mean cycle, s (slower than PRU: the performance loss). */
  cycleS: number;
  /** `count`: a current-burst counter sending a count reading every `countEveryS`; `scan`: one piece scan per unit. */
  output: 'count' | 'scan';
  countEveryS: number;
  ordersPerDay: number;
  setupMin: number;
  /** Faults per running hour. */
  faultsPerHour: number;
  /** Share of units scrapped. */
  scrapShare: number;
}

export interface Profile {
  industry: Industry;
  clusters: string[];
  machines: MachineProfile[];
  workers: number;
  /** Works Saturdays. */
  saturday: boolean;
  /** Shift start and end, HH:MM (lunch 12:00–13:00). */
  start: string;
  end: string;
}

const m = (id: string, o: Omit<MachineProfile, 'id'>): MachineProfile => ({ id, ...o });
const sewing = (id: string) =>
  m(id, {
    pruS: 80,
    cycleS: 95,
    output: 'count',
    countEveryS: 0,
    ordersPerDay: 3,
    setupMin: 10,
    faultsPerHour: 0.15,
    scrapShare: 0.02,
  });

/** The five focus industries, each with machines and rhythms of its kind. */
export const PROFILES: readonly Profile[] = [
  {
    industry: 'garment_sewing',
    clusters: ['Changsin', 'Doksan', 'Jangwi'],
    machines: [sewing('sew-1'), sewing('sew-2'), sewing('sew-3'), sewing('sew-4')],
    workers: 5,
    saturday: true,
    start: '09:00',
    end: '18:00',
  },
  {
    industry: 'machinery_metal',
    clusters: ['Mullae'],
    machines: [
      m('cnc-1', {
        pruS: 210,
        cycleS: 240,
        output: 'count',
        countEveryS: 0,
        ordersPerDay: 2,
        setupMin: 40,
        faultsPerHour: 0.2,
        scrapShare: 0.01,
      }),
      m('press-1', {
        pruS: 5,
        cycleS: 6,
        output: 'count',
        countEveryS: 60,
        ordersPerDay: 3,
        setupMin: 20,
        faultsPerHour: 0.3,
        scrapShare: 0.015,
      }),
    ],
    workers: 3,
    saturday: false,
    start: '08:30',
    end: '17:30',
  },
  {
    industry: 'printing',
    clusters: ['Euljiro'],
    machines: ['offset-1', 'offset-2'].map((id) =>
      m(id, {
        pruS: 0.5,
        cycleS: 0.6,
        output: 'count',
        countEveryS: 60,
        ordersPerDay: 4,
        setupMin: 25,
        faultsPerHour: 0.25,
        scrapShare: 0.03,
      }),
    ),
    workers: 4,
    saturday: true,
    start: '09:00',
    end: '19:00',
  },
  {
    industry: 'handmade_shoes',
    clusters: ['Seongsu'],
    machines: [
      m('cut-1', {
        pruS: 300,
        cycleS: 360,
        output: 'scan',
        countEveryS: 0,
        ordersPerDay: 2,
        setupMin: 5,
        faultsPerHour: 0.05,
        scrapShare: 0.02,
      }),
      m('stitch-1', {
        pruS: 540,
        cycleS: 600,
        output: 'scan',
        countEveryS: 0,
        ordersPerDay: 2,
        setupMin: 10,
        faultsPerHour: 0.1,
        scrapShare: 0.01,
      }),
    ],
    workers: 4,
    saturday: false,
    start: '09:00',
    end: '18:00',
  },
  {
    industry: 'jewelry',
    clusters: ['Bongik'],
    machines: [
      m('cast-1', {
        pruS: 1_500,
        cycleS: 1_800,
        output: 'scan',
        countEveryS: 0,
        ordersPerDay: 2,
        setupMin: 30,
        faultsPerHour: 0.05,
        scrapShare: 0.04,
      }),
      m('polish-1', {
        pruS: 600,
        cycleS: 720,
        output: 'scan',
        countEveryS: 0,
        ordersPerDay: 3,
        setupMin: 5,
        faultsPerHour: 0.05,
        scrapShare: 0.02,
      }),
    ],
    workers: 3,
    saturday: false,
    start: '10:00',
    end: '19:00',
  },
];

const scannerOf = (machine: string) => `scan-${machine}`;
const productOf = (machine: string) => `p-${machine}`;

/** The machines as the registry takes them (count channels or a scanner per machine). */
export function machineInputs(p: Profile): MachineConfig[] {
  return p.machines.map((x) => ({
    id: x.id,
    name: x.id,
    defaultPruS: x.pruS,
    counts:
      x.output === 'count'
        ? [
            { source: x.id, channel: 'pieces', meaning: 'produced' as const },
            { source: x.id, channel: 'scrap', meaning: 'scrap' as const },
          ]
        : [],
    scanners: [scannerOf(x.id)],
  }));
}

/** One product per machine, its PRU as the one operation. */
export function productInputs(p: Profile): Product[] {
  return p.machines.map((x) => ({
    id: productOf(x.id),
    name: productOf(x.id),
    operations: [{ id: 'op', name: 'op', pruS: x.pruS }],
  }));
}

/** Monday to Friday (and Saturday where the profile works it), lunch 12:00–13:00. */
export function calendarInput(p: Profile): CalendarInput {
  const shift = { start: p.start, end: p.end, breaks: [{ start: '12:00', end: '13:00' }] };
  return {
    weekly: { mon: shift, tue: shift, wed: shift, thu: shift, fri: shift, sat: p.saturday ? shift : null, sun: null },
    publicHolidaysOff: true,
  };
}

/** Whether the profile works on `day` (by weekday only: holidays are the calendar's business). */
export function worksOn(p: Profile, day: string): boolean {
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
  return wd !== 0 && (wd !== 6 || p.saturday);
}

const MIN = 60_000;

/**
 * Appends one KST day of an agent's readings to `b`: heartbeats every minute all day and, on a
 * working day, each machine's orders with setup, running, faults, minor stops and lunch, its
 * output as counts or piece scans, scrap, and the workers' badge scans.
 */
export function workshopDay(b: ReadingBuilder, p: Profile, day: string, rnd: () => number): void {
  const first = b.readings.length;
  generateDay(b, p, day, rnd);
  // Timestamps are whole milliseconds, as agents stamp them.
  for (const r of b.readings.slice(first)) r.ts = Math.round(r.ts);
}

function generateDay(b: ReadingBuilder, p: Profile, day: string, rnd: () => number): void {
  const dayStart = kst(`${day} 00:00`);
  b.heartbeats(dayStart, dayStart + 24 * 60 * MIN);
  if (!worksOn(p, day)) return;
  const open = kst(`${day} ${p.start}`);
  const close = kst(`${day} ${p.end}`);
  const lunch = [kst(`${day} 12:00`), kst(`${day} 13:00`)] as const;
  for (let w = 1; w <= p.workers; w++) {
    b.scan(open - 10 * MIN + rnd() * 20 * MIN, 'badge-1', 'badge', `worker-${w}`);
    b.scan(close + rnd() * 20 * MIN, 'badge-1', 'badge', `worker-${w}`);
  }
  for (const x of p.machines) machineDay(b, x, day, open, close, lunch, rnd);
}

function machineDay(
  b: ReadingBuilder,
  x: MachineProfile,
  day: string,
  open: number,
  close: number,
  lunch: readonly [number, number],
  rnd: () => number,
): void {
  b.state(open - 10 * MIN, x.id, 'idle');
  const span = (close - open - (lunch[1] - lunch[0])) / x.ordersPerDay;
  let t = open;
  // Counters that batch (a press reports once a minute) hold their pieces and scrap here.
  const pending = { pieces: 0, scrap: 0 };
  let lastCount = t;
  let lunchTaken = false;
  const flush = (ts: number) => {
    for (const channel of ['pieces', 'scrap'] as const) {
      if (pending[channel] > 0) b.count(ts, x.id, channel, pending[channel]);
      pending[channel] = 0;
    }
    lastCount = ts;
  };
  const piece = (ts: number, channel: 'pieces' | 'scrap') => {
    if (x.output === 'scan') {
      b.scan(ts, scannerOf(x.id), channel === 'pieces' ? 'piece' : 'scrap', `${x.id}-${ts}`, {
        product: productOf(x.id),
      });
      return;
    }
    pending[channel]++;
    if (ts - lastCount >= x.countEveryS * 1000) flush(ts);
  };
  for (let k = 0; k < x.ordersPerDay; k++) {
    const order = `WO-${day}-${x.id}-${k}`;
    t += rnd() * 5 * MIN;
    const end = Math.min(close, t + span - rnd() * 10 * MIN);
    b.scan(t, scannerOf(x.id), 'work_order', order, { product: productOf(x.id) });
    b.state(t, x.id, 'setup');
    t += x.setupMin * MIN * (0.7 + 0.6 * rnd());
    b.state(t, x.id, 'running');
    while (t < end) {
      if (!lunchTaken && t >= lunch[0]) {
        lunchTaken = true;
        b.state(lunch[0], x.id, 'idle');
        t = lunch[1] + rnd() * 3 * MIN;
        b.state(t, x.id, 'running');
        continue;
      }
      const cycleMs = x.cycleS * 1000 * (0.8 + 0.4 * rnd());
      if (rnd() < (x.faultsPerHour * cycleMs) / 3_600_000) {
        b.state(t, x.id, 'fault');
        t += (5 + 25 * rnd()) * MIN;
        b.state(t, x.id, 'running');
        continue;
      }
      if (rnd() < cycleMs / 1_800_000) {
        b.state(t, x.id, 'idle');
        t += (30 + 60 * rnd()) * 1000;
        b.state(t, x.id, 'running');
      }
      t += cycleMs;
      // Every unit counts as produced (PQ); a reject also on the scrap channel or scan (SQ).
      piece(t, 'pieces');
      if (rnd() < x.scrapShare) piece(t + 1, 'scrap');
    }
    flush(t);
    b.state(t, x.id, 'idle');
    b.scan(t, scannerOf(x.id), 'work_order', order, { product: productOf(x.id) });
  }
  b.state(Math.max(t, close) + 5 * MIN, x.id, 'off');
}
