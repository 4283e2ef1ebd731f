import { describe, expect, it } from 'vitest';
import {
  type DayRow,
  deviceDayElements,
  estimandTruth,
  manualDayElements,
  packWeekRows,
  wilson,
} from '../../../../bench/sim-coverage-panel.js';
import { outcomeOf, sumWeekly, unpackWeekRows, weekIndexOf } from '../../../collector/src/evaluation/index.js';

const total = (o: Partial<Parameters<typeof deviceDayElements>[0]> = {}) => ({
  pbtS: 28_800,
  aptS: 20_000,
  asutS: 1_000,
  adetS: 2_000,
  adotS: 5_000,
  noDataS: 800,
  pq: 400,
  sq: 6,
  rq: 4,
  pruPqS: 18_000,
  gq: 390,
  availability: 20_000 / 28_800,
  apatS: 3 * 9 * 3600,
  ...o,
});

describe("the sim-coverage benchmark's week rows", () => {
  it("gives a device day the KPIs of the simulator's accounting, missing below the coverage threshold", () => {
    const e = deviceDayElements(total(), 'counter');
    expect(outcomeOf(e, 'labour_productivity', 0.8)).toBeCloseTo(390 / 27, 10);
    expect(outcomeOf(e, 'availability', 0.8)).toBeCloseTo(20_000 / 28_800, 10);
    expect(outcomeOf(e, 'quality_ratio', 0.8)).toBeCloseTo(390 / 400, 10);
    // 20 % of planned time without data: coverage 0.8 is still enough, 0.79 is not.
    expect(outcomeOf(deviceDayElements(total({ noDataS: 5_760 }), 'scan'), 'labour_productivity', 0.8)).not.toBeNull();
    expect(outcomeOf(deviceDayElements(total({ noDataS: 6_100 }), 'scan'), 'labour_productivity', 0.8)).toBeNull();
  });

  it('books a paper-log day as hand-entered quantities and hours, whose KPIs need no device coverage', () => {
    const e = manualDayElements({ day: '2026-06-01', pq: 120, sq: 3, rq: 2, hours: 17.5 });
    expect(e.apat_s).toBe(63_000);
    expect(e.qty_sources).toEqual(['manual']);
    expect(outcomeOf(e, 'labour_productivity', 0.8)).toBeCloseTo(115 / 17.5, 10);
    expect(outcomeOf(e, 'availability', 0.8)).toBeNull();
  });

  it('sums day rows per workshop, ISO week and origin, packed as the route packs its reads', () => {
    const day = (d: string, origin: 'device' | 'manual', pq: number): DayRow => ({
      workshopId: 'w1',
      origin,
      day: d,
      elements:
        origin === 'device'
          ? deviceDayElements(total({ pq, gq: pq }), 'counter')
          : manualDayElements({ day: d, pq, sq: 0, rq: 0, hours: 8 }),
    });
    // 2026-06-07 is a Sunday, 2026-06-08 a Monday.
    const packed = packWeekRows([
      day('2026-06-05', 'manual', 10),
      day('2026-06-07', 'manual', 20),
      day('2026-06-08', 'device', 30),
      day('2026-06-08', 'manual', 5),
      day('2026-06-09', 'device', 40),
    ]);
    expect(packed.workshopId).toHaveLength(3);
    const weeks = sumWeekly(unpackWeekRows(packed), 'all').get('w1')!;
    expect(weeks.get(weekIndexOf('2026-06-05'))!.pq).toBe(30);
    expect(weeks.get(weekIndexOf('2026-06-08'))!.pq).toBe(75);
    expect(sumWeekly(unpackWeekRows(packed), 'manual').get('w1')!.get(weekIndexOf('2026-06-08'))!.pq).toBe(5);
  });
});

describe('estimandTruth', () => {
  it("weighs each cell's mean true effect over the cohort's workshops observed in its base week and its week", () => {
    const units = [
      { cohort: 10, observed: new Set([9, 10, 11]), effect: (t: number) => 0.1 * (t - 9) },
      { cohort: 10, observed: new Set([9, 11]), effect: (t: number) => 0.3 * (t - 9) },
      // Not observed in the base week 9: in no cell of cohort 10.
      { cohort: 10, observed: new Set([10, 11]), effect: () => 5 },
      { cohort: 12, observed: new Set([11, 12]), effect: () => 0.4 },
      { cohort: 0, observed: new Set([9, 10, 11, 12]), effect: () => 9 },
    ];
    const weights = [
      { group: 10, time: 10, weight: 0.25 },
      { group: 10, time: 11, weight: 0.25 },
      { group: 12, time: 12, weight: 0.5 },
    ];
    // (10, 10): only the first workshop, 0.1; (10, 11): (0.2 + 0.6) / 2 = 0.4; (12, 12): 0.4.
    expect(estimandTruth(weights, units)).toBeCloseTo(0.25 * 0.1 + 0.25 * 0.4 + 0.5 * 0.4, 12);
    expect(() => estimandTruth([{ group: 14, time: 14, weight: 1 }], units)).toThrow(/no workshop/);
  });
});

describe('wilson', () => {
  it("gives Wilson's score interval of a proportion", () => {
    // Reference values: Newcombe (1998), Table I, method 3 (81/263 and 0/10 at 95 %).
    const a = wilson(81, 263);
    expect(a.lower).toBeCloseTo(0.2553, 4);
    expect(a.upper).toBeCloseTo(0.3662, 4);
    const b = wilson(0, 10);
    expect(b.lower).toBe(0);
    expect(b.upper).toBeCloseTo(0.2775, 4);
    expect(() => wilson(3, 0)).toThrow();
  });
});
