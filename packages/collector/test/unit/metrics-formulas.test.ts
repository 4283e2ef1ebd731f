import { describe, expect, it } from 'vitest';
import {
  addDuration,
  ELEMENT_SOURCES,
  type Elements,
  emptyElements,
  FORMULA_VERSION,
  gq,
  histogramOf,
  KPI_DEFINITIONS,
  KPI_KEYS,
  kpis,
  NUMERIC_ELEMENT_KEYS,
  sumElements,
} from '../../src/metrics/index.js';
import { seeded } from '../support/metrics-readings.js';

const MIN = 60;
const HOUR = 3600;

/** Elements of one machine fed by devices, with `over` on top. */
function machine(over: Partial<Elements>): Elements {
  return { ...emptyElements(), machines: ['m1'], time_sources: ['device'], qty_sources: ['device'], ...over };
}

const round4 = (v: number | null) => (v === null ? null : Number(v.toFixed(4)));

describe('kpis: the OEE.com worked example', () => {
  // https://www.oee.com/calculating-oee/: an 8 h shift (480 min) with two 15-min breaks and a
  // 30-min meal is 420 min of planned production time; 47 min down leaves 373 min of run time;
  // 19,271 widgets at an ideal cycle time of 1.0 s, 423 of them rejects.
  const e = machine({
    pbt_s: (480 - 15 - 15 - 30) * MIN,
    apt_s: (420 - 47) * MIN,
    adet_s: 47 * MIN,
    pq: 19_271,
    sq: 423,
    pru_pq_s: 19_271 * 1.0,
  });
  const k = kpis(e);

  it('gives availability 0.8881, performance 0.8611, quality 0.9780 and OEE 0.7479', () => {
    expect(round4(k.availability.value)).toBe(0.8881);
    expect(round4(k.performance.value)).toBe(0.8611);
    expect(round4(k.quality_ratio.value)).toBe(0.978);
    expect(round4(k.oee.value)).toBe(0.7479);
    expect(gq(e)).toBe(18_848);
  });

  it('agrees with ISO when effectiveness is below 1', () => {
    expect(k.effectiveness.value).toBe(k.performance.value);
    expect(k.oee_iso.value).toBeCloseTo(k.oee.value!, 12);
    // OEE.com's shortcut: good count × ideal cycle time / planned production time.
    expect(k.oee.value).toBeCloseTo((18_848 * 1.0) / (420 * MIN), 12);
  });

  it('labels each KPI with its formula, unit, N, coverage and sources', () => {
    expect(k.availability).toEqual({
      value: 373 / 420,
      status: 'ok',
      n: 1,
      coverage: 1,
      sources: ['device'],
      formula: 'APT / PBT',
      unit: 'ratio',
    });
    expect(k.quality_ratio.n).toBe(19_271);
    expect(FORMULA_VERSION).toBe('iso22400-2/2026.1');
  });
});

describe('kpis: effectiveness above 1', () => {
  // The machine beat its planned run time per unit: ISO keeps 1.2, the dashboard's performance caps at 1.
  const k = kpis(machine({ pbt_s: 1000, apt_s: 800, pq: 96, sq: 0, pru_pq_s: 960 }));

  it('keeps ISO effectiveness uncapped and caps performance at 1', () => {
    expect(k.effectiveness.value).toBeCloseTo(1.2, 12);
    expect(k.performance.value).toBe(1);
  });

  it('uses the capped performance in oee and effectiveness in oee_iso', () => {
    expect(k.oee.value).toBeCloseTo(0.8, 12);
    expect(k.oee_iso.value).toBeCloseTo(0.96, 12);
  });
});

describe('kpis over a period', () => {
  it('takes rates as ratios of sums, not means of daily ratios', () => {
    const day1 = machine({ pbt_s: 8 * HOUR, apt_s: 6 * HOUR, pq: 100, sq: 10, pru_pq_s: 100 * 60 });
    const day2 = machine({ pbt_s: 8 * HOUR, apt_s: 7 * HOUR, pq: 900, sq: 9, pru_pq_s: 900 * 20 });
    const dailyQuality = [kpis(day1).quality_ratio.value!, kpis(day2).quality_ratio.value!];
    expect(dailyQuality).toEqual([0.9, 0.99]);
    const period = kpis(sumElements([day1, day2]));
    expect(period.quality_ratio.value).toBeCloseTo((90 + 891) / 1000, 12);
    const meanOfDays = (dailyQuality[0]! + dailyQuality[1]!) / 2;
    expect(Math.abs(period.quality_ratio.value! - meanOfDays)).toBeGreaterThan(0.03);
    expect(period.quality_ratio.n).toBe(1000);
    expect(period.availability.value).toBeCloseTo(13 / 16, 12);
  });
});

describe('kpis: coverage', () => {
  const at = (noDataS: number, opts?: { coverageThreshold?: number }) =>
    kpis(machine({ pbt_s: 10_000, no_data_s: noDataS, apt_s: 7000, pq: 70, pru_pq_s: 6300 }), opts);

  it('withholds device KPIs at coverage 0.79 and shows them at 0.80 (default threshold 0.8)', () => {
    const low = at(2100);
    expect(low.availability).toMatchObject({ value: null, status: 'insufficient_data', coverage: 0.79 });
    expect(low.oee).toMatchObject({ value: null, status: 'insufficient_data' });
    expect(low.quality_ratio).toMatchObject({ value: null, status: 'insufficient_data' });
    const enough = at(2000);
    expect(enough.availability).toMatchObject({ value: 0.7, status: 'ok', coverage: 0.8 });
    expect(enough.oee.status).toBe('ok');
  });

  it('takes the threshold from the options', () => {
    expect(at(2100, { coverageThreshold: 0.75 }).availability.status).toBe('ok');
    expect(at(500, { coverageThreshold: 1 }).availability.status).toBe('insufficient_data');
    expect(() => at(0, { coverageThreshold: 80 })).toThrow(RangeError);
  });

  it('says insufficient data rather than not defined when a gap also empties a denominator', () => {
    const k = kpis(machine({ pbt_s: 10_000, no_data_s: 10_000 }));
    expect(k.effectiveness.status).toBe('insufficient_data');
    expect(k.scrap_ratio.status).toBe('insufficient_data');
  });

  it('gives manual-only figures no coverage, and shows them with their source', () => {
    // A stage-0 workshop: a planned calendar, no devices, the paper log's counts and hours.
    const e: Elements = {
      ...emptyElements(),
      pbt_s: 8 * HOUR,
      no_data_s: 8 * HOUR,
      pq: 50,
      sq: 5,
      apat_s: 8 * HOUR,
      apwt_s: 8 * HOUR,
      qty_sources: ['manual'],
      people_sources: ['manual'],
    };
    const k = kpis(e);
    expect(k.quality_ratio).toMatchObject({ value: 0.9, status: 'ok', coverage: null, sources: ['manual'], n: 50 });
    expect(k.scrap_ratio).toMatchObject({ value: 0.1, status: 'ok', coverage: null });
    // Workshop-level hours carry no worker id: N is 1, the one figure they rest on.
    expect(k.labour_productivity).toMatchObject({ value: 45 / 8, status: 'ok', coverage: null, n: 1 });
    expect(k.worker_efficiency).toMatchObject({ value: 1, status: 'ok', coverage: null, n: 1 });
    // Device time was planned and nothing measured it: no data, never downtime.
    expect(k.availability).toMatchObject({ value: null, status: 'insufficient_data', coverage: 0, sources: [] });
    expect(k.cycle_time_mean.status).toBe('insufficient_data');
  });

  it('applies device coverage to a quantity KPI as soon as one of its sources is not manual', () => {
    const e = machine({ pbt_s: 10_000, no_data_s: 5000, pq: 10, qty_sources: ['device', 'manual'] });
    expect(kpis(e).quality_ratio).toMatchObject({ status: 'insufficient_data', coverage: 0.5 });
  });
});

describe('kpis: zero denominators', () => {
  it('leaves every KPI of empty elements not defined, with N 0', () => {
    const k = kpis(emptyElements());
    for (const key of KPI_KEYS) expect(k[key], key).toMatchObject({ value: null, status: 'not_defined', n: 0 });
  });

  it('gives OEE 0, not "not defined", for a machine planned all day that never ran', () => {
    const k = kpis(machine({ pbt_s: 8 * HOUR, adot_s: 8 * HOUR }));
    expect(k.availability).toMatchObject({ value: 0, status: 'ok' });
    expect(k.effectiveness.status).toBe('not_defined');
    expect(k.quality_ratio.status).toBe('not_defined');
    expect(k.oee).toMatchObject({ value: 0, status: 'ok' });
    expect(k.oee_iso).toMatchObject({ value: 0, status: 'ok' });
    expect(k.nee).toMatchObject({ value: 0, status: 'ok' });
    expect(k.cycle_time_mean.status).toBe('not_defined');
  });

  it('gives NEE 0 for a day spent in setup, and OEE 0', () => {
    const k = kpis(machine({ pbt_s: 8 * HOUR, asut_s: 8 * HOUR }));
    expect(k.nee).toMatchObject({ value: 0, status: 'ok' });
    expect(k.oee).toMatchObject({ value: 0, status: 'ok' });
  });

  it('does not define effectiveness when no produced unit had a PRU', () => {
    const k = kpis(machine({ pbt_s: 1000, apt_s: 900, pq: 30, pq_without_pru: 30, pru_pq_s: 0 }));
    expect(k.effectiveness.status).toBe('not_defined');
    expect(k.performance.status).toBe('not_defined');
    expect(k.oee.status).toBe('not_defined');
    expect(k.oee_iso.status).toBe('not_defined');
    expect(k.nee.status).toBe('not_defined');
    expect(k.quality_ratio).toMatchObject({ value: 1, status: 'ok' });
  });

  it('gives effectiveness 0 to a machine that ran and counted nothing', () => {
    const k = kpis(machine({ pbt_s: 1000, apt_s: 900 }));
    expect(k.effectiveness).toMatchObject({ value: 0, status: 'ok' });
    expect(k.oee).toMatchObject({ value: 0, status: 'ok' });
    expect(k.quality_ratio.status).toBe('not_defined');
  });

  it('does not define throughput, lead times or people KPIs without orders or attendance', () => {
    const k = kpis(machine({ pbt_s: 1000, apt_s: 900, pq: 10, pru_pq_s: 800 }));
    for (const key of [
      'throughput_rate',
      'lead_time_median',
      'lead_time_p90',
      'cycle_time_median',
      'worker_efficiency',
      'labour_productivity',
      'standard_hours_per_worker_hour',
    ] as const)
      expect(k[key].status, key).toBe('not_defined');
  });
});

describe('kpis: the other KPIs', () => {
  const cycles = histogramOf(Array.from({ length: 100 }, (_, i) => 20 + i)).hist;
  const leads = histogramOf([HOUR, 2 * HOUR, 3 * HOUR, 10 * HOUR]).hist;
  const e = machine({
    pbt_s: 100 * MIN,
    apt_s: 60 * MIN,
    asut_s: 20 * MIN,
    pq: 100,
    sq: 5,
    rq: 15,
    pru_pq_s: 100 * 30,
    aoet_s: 2 * HOUR,
    orders: 4,
    apat_s: 10 * HOUR,
    apwt_s: 8 * HOUR,
    cycle_hist: cycles,
    lead_hist: leads,
    machines: ['m1', 'm2'],
    workers: ['w1', 'w2'],
    time_sources: ['device', 'scan'],
    qty_sources: ['device', 'manual'],
    people_sources: ['scan'],
  });
  const k = kpis(e);

  it('computes NEE with setup time counted as used', () => {
    // AUPT / PBT = 80/100, effectiveness = 3000 s / 3600 s, quality = 80/100.
    expect(k.nee.value).toBeCloseTo(0.8 * (3000 / 3600) * 0.8, 12);
    expect(k.oee.value).toBeCloseTo(0.6 * (3000 / 3600) * 0.8, 12);
  });

  it('computes the quantity ratios and first pass yield from the same produced units', () => {
    expect(k.scrap_ratio.value).toBeCloseTo(0.05, 12);
    expect(k.rework_ratio.value).toBeCloseTo(0.15, 12);
    expect(k.first_pass_yield.value).toBeCloseTo(0.8, 12);
    expect(k.first_pass_yield.n).toBe(100);
  });

  it('computes throughput per hour of order execution and cycle times in seconds', () => {
    expect(k.throughput_rate).toMatchObject({ value: 50, unit: 'units/h', n: 4 });
    expect(k.cycle_time_mean).toMatchObject({ value: 36, unit: 's', n: 2 });
    // Nearest rank on 20 … 119 s: the 50th value is 69 s and the 90th 109 s, each read to ±0.5 %.
    expect(k.cycle_time_median.n).toBe(100);
    expect(Math.abs(k.cycle_time_median.value! / 69 - 1)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(k.cycle_time_p90.value! / 109 - 1)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(k.lead_time_median.value! / (2 * HOUR) - 1)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(k.lead_time_p90.value! / (10 * HOUR) - 1)).toBeLessThanOrEqual(0.005);
    expect(k.lead_time_p90.n).toBe(4);
  });

  it('computes the people KPIs per attended worker-hour', () => {
    expect(k.worker_efficiency).toMatchObject({ value: 0.8, n: 2, sources: ['scan'] });
    expect(k.labour_productivity.value).toBeCloseTo(80 / 10, 12);
    expect(k.standard_hours_per_worker_hour.value).toBeCloseTo(3000 / (10 * HOUR), 12);
    expect(k.labour_productivity.sources).toEqual(['device', 'manual', 'scan']);
  });

  it('lists the sources of every element a KPI reads', () => {
    expect(k.availability.sources).toEqual(['device', 'scan']);
    expect(k.quality_ratio.sources).toEqual(['device', 'manual']);
    expect(k.effectiveness.sources).toEqual(['device', 'manual', 'scan']);
  });

  it('keeps good quantity at 0 or more when scrap and rework counts exceed production', () => {
    expect(gq(machine({ pq: 3, sq: 2, rq: 2 }))).toBe(0);
  });
});

describe('KPI_DEFINITIONS', () => {
  it('names every KPI in Korean and English, with its formula, unit and reference', () => {
    expect(Object.keys(KPI_DEFINITIONS).sort()).toEqual([...KPI_KEYS].sort());
    for (const key of KPI_KEYS) {
      const d = KPI_DEFINITIONS[key];
      expect(d.ko && d.en && d.formula && d.unit && d.reference, key).toBeTruthy();
    }
  });

  it('is the source of what kpis() reports', () => {
    const k = kpis(emptyElements());
    expect(Object.keys(k)).toEqual([...KPI_KEYS]);
    for (const key of KPI_KEYS) {
      expect(k[key].formula).toBe(KPI_DEFINITIONS[key].formula);
      expect(k[key].unit).toBe(KPI_DEFINITIONS[key].unit);
    }
  });
});

describe('sumElements', () => {
  const IDS = ['m1', 'm2', 'm3', 'm4'];
  const pick = <T>(rand: () => number, from: readonly T[]) => from.filter(() => rand() < 0.5);

  function randomElements(rand: () => number, whole: boolean): Elements {
    const e = emptyElements();
    for (const key of NUMERIC_ELEMENT_KEYS) {
      const v = rand() * 10_000;
      e[key] = whole ? Math.floor(v) : v;
    }
    for (let i = 0; i < 20; i++) addDuration(e.cycle_hist, 1 + rand() * 100);
    for (let i = 0; i < 3; i++) addDuration(e.lead_hist, HOUR * (1 + rand() * 48));
    e.machines = pick(rand, IDS);
    e.workers = pick(rand, ['w2', 'w1', 'w3']);
    e.time_sources = pick(rand, ELEMENT_SOURCES);
    e.qty_sources = pick(rand, ELEMENT_SOURCES);
    e.people_sources = pick(rand, ELEMENT_SOURCES);
    return e;
  }

  it('is commutative and associative on random elements (exactly, for whole numbers)', () => {
    const rand = seeded(2026);
    for (let round = 0; round < 50; round++) {
      const [a, b, c] = [randomElements(rand, true), randomElements(rand, true), randomElements(rand, true)];
      const flat = sumElements([a, b, c]);
      expect(sumElements([sumElements([a, b]), c])).toEqual(flat);
      expect(sumElements([a, sumElements([b, c])])).toEqual(flat);
      expect(sumElements([c, a, b])).toEqual(flat);
      expect(sumElements([b, c, a])).toEqual(flat);
      expect(sumElements([sumElements([c, b]), a])).toEqual(flat);
    }
  });

  it('is associative up to rounding for fractional seconds', () => {
    const rand = seeded(7);
    for (let round = 0; round < 50; round++) {
      const [a, b, c] = [randomElements(rand, false), randomElements(rand, false), randomElements(rand, false)];
      const left = sumElements([sumElements([a, b]), c]);
      const right = sumElements([a, sumElements([b, c])]);
      for (const key of NUMERIC_ELEMENT_KEYS) expect(left[key]).toBeCloseTo(right[key], 6);
      expect(left.cycle_hist).toEqual(right.cycle_hist);
    }
  });

  it('has the empty elements as identity, and unions ids and sources sorted', () => {
    const rand = seeded(3);
    const a = randomElements(rand, true);
    a.machines.sort();
    a.workers.sort();
    expect(sumElements([])).toEqual(emptyElements());
    expect(sumElements([a, emptyElements()])).toEqual(sumElements([a]));
    const x = { ...emptyElements(), machines: ['m2', 'm1'], qty_sources: ['scan' as const, 'device' as const] };
    const y = { ...emptyElements(), machines: ['m3', 'm1'], qty_sources: ['manual' as const, 'device' as const] };
    const s = sumElements([x, y]);
    expect(s.machines).toEqual(['m1', 'm2', 'm3']);
    expect(s.qty_sources).toEqual(['device', 'manual', 'scan']);
  });

  it('changes none of its inputs', () => {
    const rand = seeded(4);
    const a = randomElements(rand, true);
    const copy = structuredClone(a);
    sumElements([a, randomElements(rand, true)]);
    expect(a).toEqual(copy);
  });
});
