import { describe, expect, it } from 'vitest';
import {
  type BucketRow,
  computeDay,
  type DayInput,
  type DayReading,
  emptyCarry,
  kpis,
  type PlannedWindow,
  sumElements,
} from '../../src/metrics/index.js';
import { kst, ReadingBuilder } from '../support/metrics-readings.js';

const DAY = '2026-03-03'; // a Tuesday

function windows(...spans: [string, string][]): PlannedWindow[] {
  return spans.map(([a, b]) => ({ shiftDay: DAY, shift: 0, startMs: kst(a), endMs: kst(b) }));
}

function input(b: ReadingBuilder, over: Partial<DayInput> = {}): DayInput {
  const readings: DayReading[] = b.readings.map((reading) => ({ agentId: 'agent-1', reading }));
  return {
    day: DAY,
    windows: [],
    readings,
    carry: emptyCarry(),
    machines: [{ id: 'm1', name: 'M1', defaultPruS: 1, counts: [], scanners: ['scanner-1'] }],
    pru: () => null,
    reasons: [],
    ...over,
  };
}

const total = (rows: BucketRow[], dim = 'workshop', dimId = '') =>
  sumElements(rows.filter((r) => r.dim === dim && r.dimId === dimId).map((r) => r.elements));

describe('computeDay', () => {
  it('reproduces the OEE.com shift worksheet to 4 decimals', () => {
    // 8 h shift 06:00–14:00, two 15-min breaks and a 30-min meal: 420 min planned.
    const w = windows(
      ['2026-03-03 06:00', '2026-03-03 09:00'],
      ['2026-03-03 09:15', '2026-03-03 11:00'],
      ['2026-03-03 11:30', '2026-03-03 12:30'],
      ['2026-03-03 12:45', '2026-03-03 14:00'],
    );
    const b = new ReadingBuilder().heartbeats(kst('2026-03-03 05:50'), kst('2026-03-03 14:10'));
    b.state(kst('2026-03-03 05:55'), 'm1', 'running');
    // 47 min of breakdown inside planned time.
    b.state(kst('2026-03-03 07:00'), 'm1', 'fault').state(kst('2026-03-03 07:47'), 'm1', 'running');
    // 19,271 pieces, 423 of them rejects (scrap channel).
    const m = {
      id: 'm1',
      name: 'M1',
      defaultPruS: 1,
      counts: [
        { source: 'm1', channel: 'pieces', meaning: 'produced' as const },
        { source: 'm1', channel: 'rejects', meaning: 'scrap' as const },
      ],
      scanners: [],
    };
    for (let k = 0; k < 19_271; k += 100)
      b.count(kst('2026-03-03 08:00') + k * 1000, 'm1', 'pieces', Math.min(100, 19_271 - k));
    b.count(kst('2026-03-03 13:00'), 'm1', 'rejects', 423);
    const r = computeDay(input(b, { windows: w, machines: [m] }));
    const e = total(r.hours);
    expect(e.pbt_s).toBe(420 * 60);
    expect(e.apt_s).toBe(373 * 60);
    expect(e.adet_s).toBe(47 * 60);
    expect(e.no_data_s).toBe(0);
    expect(e.pq).toBe(19_271);
    expect(e.sq).toBe(423);
    const k = kpis(e);
    expect(k.availability.value).toBeCloseTo(0.8881, 4);
    expect(k.performance.value).toBeCloseTo(0.8611, 4);
    expect(k.quality_ratio.value).toBeCloseTo(0.978, 4);
    expect(k.oee.value).toBeCloseTo(0.7479, 4);
    expect(k.availability.n).toBe(1);
    expect(k.availability.coverage).toBe(1);
  });

  it('counts a silent agent as no data once it is past the offline threshold, never as downtime', () => {
    const b = new ReadingBuilder();
    b.heartbeats(kst('2026-03-03 08:00'), kst('2026-03-03 10:00'));
    b.state(kst('2026-03-03 08:00'), 'm1', 'idle');
    // Silent from 10:00 (last heartbeat 09:59) to 11:00.
    b.heartbeats(kst('2026-03-03 11:00'), kst('2026-03-03 12:00'));
    const r = computeDay(input(b, { windows: windows(['2026-03-03 08:00', '2026-03-03 12:00']) }));
    const e = total(r.hours);
    expect(e.pbt_s).toBe(4 * 3600);
    // Heard at 09:59, offline from 10:04 to 11:00.
    expect(e.no_data_s).toBe(56 * 60);
    expect(e.adot_s).toBe(4 * 3600 - 56 * 60);
    expect(e.adet_s).toBe(0);
  });

  it('counts a gap reading as no data over the span it lost', () => {
    const b = new ReadingBuilder().heartbeats(kst('2026-03-03 08:00'), kst('2026-03-03 10:00'));
    b.state(kst('2026-03-03 08:00'), 'm1', 'running');
    b.gap(kst('2026-03-03 09:30'), kst('2026-03-03 08:30'), kst('2026-03-03 08:45') - 1);
    const e = total(computeDay(input(b, { windows: windows(['2026-03-03 08:00', '2026-03-03 10:00']) })).hours);
    expect(e.no_data_s).toBe(15 * 60);
    expect(e.apt_s).toBe(105 * 60);
  });

  it('treats idle with an open order as delay and without one as down time', () => {
    const b = new ReadingBuilder().heartbeats(kst('2026-03-03 08:00'), kst('2026-03-03 10:00'));
    b.state(kst('2026-03-03 08:00'), 'm1', 'idle');
    b.scan(kst('2026-03-03 08:30'), 'scanner-1', 'work_order', 'WO-1');
    b.scan(kst('2026-03-03 09:00'), 'scanner-1', 'work_order', 'WO-1');
    const r = computeDay(input(b, { windows: windows(['2026-03-03 08:00', '2026-03-03 10:00']) }));
    const e = total(r.hours);
    expect(e.adet_s).toBe(30 * 60);
    expect(e.adot_s).toBe(90 * 60);
    expect(e.orders).toBe(1);
    expect(e.aoet_s).toBe(30 * 60);
    expect(r.stops).toEqual([
      expect.objectContaining({
        machineId: 'm1',
        startMs: kst('2026-03-03 08:30'),
        endMs: kst('2026-03-03 09:00'),
        minor: false,
        reason: null,
      }),
    ]);
  });

  it('moves a stop classified as setup from delay to setup time, by API or by scan', () => {
    const build = () => {
      const b = new ReadingBuilder().heartbeats(kst('2026-03-03 08:00'), kst('2026-03-03 10:00'));
      b.state(kst('2026-03-03 08:00'), 'm1', 'running').state(kst('2026-03-03 08:30'), 'm1', 'fault');
      b.state(kst('2026-03-03 08:50'), 'm1', 'running');
      return b;
    };
    const w = windows(['2026-03-03 08:00', '2026-03-03 10:00']);
    const plain = computeDay(input(build(), { windows: w }));
    expect(total(plain.hours).adet_s).toBe(20 * 60);
    const api = computeDay(
      input(build(), {
        windows: w,
        reasons: [
          {
            machineId: 'm1',
            startMs: kst('2026-03-03 08:30'),
            endMs: kst('2026-03-03 08:50'),
            reason: 'setup',
            by: 'u1',
            at: '2026-03-04T00:00:00Z',
          },
        ],
      }),
    );
    expect(total(api.hours).adet_s).toBe(0);
    expect(total(api.hours).asut_s).toBe(20 * 60);
    expect(api.stops[0]).toMatchObject({ reason: 'setup', reasonSource: 'api', classifiedBy: 'u1' });
    // A reason card scanned one minute after the stop ended.
    const scanned = build().scan(kst('2026-03-03 08:51'), 'scanner-1', 'stop_reason', 'setup');
    const bys = computeDay(input(scanned, { windows: w }));
    expect(total(bys.hours).asut_s).toBe(20 * 60);
    expect(bys.stops[0]).toMatchObject({ reason: 'setup', reasonSource: 'scan' });
    expect(total(bys.hours).stops_classified).toBe(1);
  });

  it('counts scrap and rework by scan, and pieces by scan with their product PRU', () => {
    const b = new ReadingBuilder().heartbeats(kst('2026-03-03 08:00'), kst('2026-03-03 09:00'));
    b.state(kst('2026-03-03 08:00'), 'm1', 'running');
    b.scan(kst('2026-03-03 08:01'), 'scanner-1', 'work_order', 'WO-7', { product: 'shoe', action: 'start' });
    for (let k = 0; k < 10; k++) b.scan(kst('2026-03-03 08:05') + k * 60_000, 'scanner-1', 'piece', `P${k}`);
    b.scan(kst('2026-03-03 08:20'), 'scanner-1', 'scrap', 'D-01');
    b.scan(kst('2026-03-03 08:21'), 'scanner-1', 'rework', 'D-02', { qty: '2' });
    const r = computeDay(
      input(b, { windows: windows(['2026-03-03 08:00', '2026-03-03 09:00']), pru: (p) => (p === 'shoe' ? 240 : null) }),
    );
    const e = total(r.hours);
    expect([e.pq, e.sq, e.rq]).toEqual([10, 1, 2]);
    expect(e.pru_pq_s).toBe(2400);
    expect(e.qty_sources).toEqual(['scan']);
    expect(total(r.hours, 'product', 'shoe').pq).toBe(10);
    expect(kpis(e).cycle_time_median.value).toBeCloseTo(60, 0);
  });

  it('gives badge time to workers: work between badges, attendance across short breaks', () => {
    const b = new ReadingBuilder();
    b.scan(kst('2026-03-03 08:00'), 'scanner-1', 'badge', 'W-KIM');
    b.scan(kst('2026-03-03 12:00'), 'scanner-1', 'badge', 'W-KIM');
    b.scan(kst('2026-03-03 13:00'), 'scanner-1', 'badge', 'W-KIM');
    b.scan(kst('2026-03-03 17:00'), 'scanner-1', 'badge', 'W-KIM');
    const e = total(computeDay(input(b)).hours, 'worker', 'W-KIM');
    expect(e.apwt_s).toBe(8 * 3600);
    expect(e.apat_s).toBe(9 * 3600);
    expect(kpis(e).worker_efficiency.value).toBeCloseTo(8 / 9, 6);
  });

  it('hands its state to the next day: a machine running past midnight keeps running', () => {
    const b = new ReadingBuilder().heartbeats(kst('2026-03-03 22:00'), kst('2026-03-04 00:00'));
    b.state(kst('2026-03-03 22:00'), 'm1', 'running');
    const night: PlannedWindow[] = [
      { shiftDay: DAY, shift: 1, startMs: kst('2026-03-03 22:00'), endMs: kst('2026-03-04 06:00') },
    ];
    const first = computeDay(input(b, { windows: night }));
    expect(total(first.hours).apt_s).toBe(2 * 3600);
    const b2 = new ReadingBuilder().heartbeats(kst('2026-03-04 00:00'), kst('2026-03-04 06:00'));
    const second = computeDay(input(b2, { day: '2026-03-04', windows: night, carry: first.carry }));
    expect(total(second.hours).apt_s).toBe(6 * 3600);
    // The night shift's two parts, each computed by its own day, add up to the whole shift.
    const shift = sumElements(
      [...first.shifts, ...second.shifts].filter((r) => r.dim === 'workshop').map((r) => r.elements),
    );
    expect(shift.pbt_s).toBe(8 * 3600);
    expect(shift.apt_s).toBe(8 * 3600);
    expect(first.shifts.every((r) => r.period === `${DAY}#1`)).toBe(true);
  });

  it('gives the same result for the same input, whatever the order of the readings', () => {
    const b = new ReadingBuilder().heartbeats(kst('2026-03-03 08:00'), kst('2026-03-03 10:00'));
    b.state(kst('2026-03-03 08:10'), 'm1', 'running').count(kst('2026-03-03 08:20'), 'm1', 'c', 5);
    b.state(kst('2026-03-03 09:10'), 'm1', 'idle');
    const i = input(b, { windows: windows(['2026-03-03 08:00', '2026-03-03 10:00']) });
    const a = computeDay(i);
    const reversed = computeDay({ ...i, readings: [...i.readings].reverse() });
    expect(reversed).toEqual(a);
  });
});
