import { describe, expect, it } from 'vitest';
import {
  buildPanel,
  DEFAULT_INDUSTRIES,
  evaluate,
  naiveBeforeAfter,
  runStudy,
  simulateProgramme,
  trueEffects,
} from '../../src/evaluation/index.js';

// Small programmes (60 workshops × 40 weeks) so that the whole file runs in a few seconds.
const SMALL = { workshops: 60, weeks: 40 } as const;

describe('simulation study: the truth', () => {
  it('equals the estimate on a noise-free programme with common seasonality and trends', () => {
    // Levels and effects still differ per workshop and 5 % of weeks are missing; only what DiD
    // assumes away (differing trends, noise) is switched off, so estimate and truth must agree.
    const common = DEFAULT_INDUSTRIES.map((p) => ({
      ...p,
      trend: 0.03,
      amplitude: 0.06,
      peakWeek: 20,
      holidayDip: 0.2,
    }));
    const p = simulateProgramme({ ...SMALL, industries: common, trendSd: 0, noise: { sd: 0, ar: 0 } }, 11);
    const truth = trueEffects(p);
    const ev = evaluate(buildPanel(p.columns));
    expect(truth.simple).toBeGreaterThan(0.03);
    expect(ev.aggregates.simple!.overall.att).toBeCloseTo(truth.simple, 9);
    for (const term of ev.aggregates.dynamic!.terms) {
      expect(truth.dynamic.has(term.key!)).toBe(true);
      expect(Math.abs(term.att! - truth.dynamic.get(term.key!)!)).toBeLessThan(1e-9);
    }
    expect(ev.aggregates.dynamic!.terms).toHaveLength(truth.dynamic.size);
    expect(ev.aggregates.dynamic!.overall.att).toBeCloseTo(truth.dynamicOverall, 9);
    for (const c of truth.cells) {
      const cell = ev.attgt.find((x) => x.group === c.group && x.time === c.time)!;
      expect(Math.abs(cell.att! - c.att)).toBeLessThan(1e-9);
      expect([cell.nTreated, cell.nControl]).toEqual([c.nTreated, c.nControl]);
    }
  });

  it('is the same for the same seed and differs for another', () => {
    const a = simulateProgramme(SMALL, 5);
    const b = simulateProgramme(SMALL, 5);
    const c = simulateProgramme(SMALL, 6);
    expect(b.columns).toEqual(a.columns);
    expect(b.effect).toEqual(a.effect);
    expect(c.columns.outcome).not.toEqual(a.columns.outcome);
    const run = () => runStudy({ ...SMALL, programmes: 3, seed: 9 });
    const { ms: _a, ...r1 } = run();
    const { ms: _b, ...r2 } = run();
    expect(r2).toEqual(r1);
  });

  it('keeps missing weeks missing: null in the panel columns, NaN in the grid, never 0', () => {
    const p = simulateProgramme({ ...SMALL, missingShare: 0.1 }, 21);
    const y = p.columns.outcome;
    const missing = y.filter((v) => v === null).length;
    expect(missing / y.length).toBeGreaterThan(0.08);
    expect(missing / y.length).toBeLessThan(0.12);
    expect(y.some((v) => v === 0)).toBe(false);
    const panel = buildPanel(p.columns);
    const W = SMALL.weeks;
    for (let r = 0; r < y.length; r++) {
      const cell = panel.unitIds.indexOf(p.columns.unit[r]!) * W + p.columns.time[r]! - 1;
      expect(Number.isNaN(panel.y[cell]!)).toBe(y[r] === null);
    }
    // The truth counts only workshops observed in the base week and in t, as the estimator does.
    const ev = evaluate(panel);
    for (const c of trueEffects(p).cells) {
      const cell = ev.attgt.find((x) => x.group === c.group && x.time === c.time)!;
      expect(cell.nTreated).toBe(c.nTreated);
      expect(cell.nTreated).toBeLessThan(p.cohort.filter((g) => g === c.group).length + 1);
    }
  });
});

describe('simulation study: naive before/after vs DiD', () => {
  it('the naive estimate is biased where seasonality and trends differ between cohorts; DiD is not', () => {
    // The programme starts in late May (week of the year 20): the cohorts start between July and
    // January, so the late-year peaks of jewelry, printing and shoes and the 추석 dip fall unevenly
    // before and after each cohort's start, on top of the industries' trends (mean +2.4 %/year).
    // 20 programmes, seeded.
    const r = runStudy({ ...SMALL, programmes: 20, seed: 3, firstWeekOfYear: 20 });
    expect(r.truthMismatches).toBe(0);
    expect(r.overall.n).toBe(20);
    // DiD: within 3 Monte Carlo standard errors of the truth (and so within 20 % of the effect).
    expect(Math.abs(r.overall.bias)).toBeLessThan(3 * r.overall.biasMcSe);
    expect(Math.abs(r.overall.biasPct!)).toBeLessThan(20);
    // Naive: off by many Monte Carlo standard errors and by a large share of the effect.
    expect(r.naive.bias).toBeGreaterThan(8 * r.naive.biasMcSe);
    expect(r.naive.biasPct!).toBeGreaterThan(30);
  });

  it('the naive estimate is unbiased when nothing but the effect changes over time', () => {
    const flat = DEFAULT_INDUSTRIES.map((p) => ({ ...p, trend: 0, amplitude: 0, holidayDip: 0 }));
    const p = simulateProgramme({ ...SMALL, industries: flat, trendSd: 0, noise: { sd: 0, ar: 0 } }, 4);
    const nv = naiveBeforeAfter(p);
    expect(nv.units).toBeGreaterThan(30);
    expect(nv.estimate).toBeCloseTo(nv.truth, 9);
  });
});
