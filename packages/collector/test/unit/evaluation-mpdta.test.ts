import { describe, expect, it } from 'vitest';
import { aggregate, attGt, evaluate, type GroupTimeEffect } from '../../src/evaluation/index.js';
import { mpdtaPanel } from '../support/mpdta.js';

/**
 * Our estimator against the results the did package (R, Callaway & Sant'Anna, version 2.5.1,
 * pkgdown site built 2026-07-30, sources at https://github.com/bcallaway11/did commit 71ba8a5)
 * publishes for its own example data mpdta, unconditional (xformla = ~1 or NULL), never-treated
 * comparison group, varying base period, no anticipation. Without covariates did's "dr" and "reg"
 * estimators are the same 2×2 DiD, so both pages apply.
 *
 * ATTs are pinned to the 4 digits published. Every standard error did prints there comes from its
 * multiplier bootstrap (bstrap = TRUE is the default; 1,000 draws, its own random seed), so those are
 * compared with our bootstrap within a Monte-Carlo tolerance. did publishes no analytic standard
 * error for this data set; its Wald pre-test p-value, 0.16812, is computed from the analytic
 * covariance matrix (R/att_gt.R: W = n·b′V⁻¹b, V = ψ′ψ/n), so it pins our analytic covariance.
 */

const GETTING_STARTED = 'https://bcallaway11.github.io/did/articles/did-basics.html'; // docs/articles/did-basics.md
const AGGTE_REF = 'https://bcallaway11.github.io/did/reference/aggte.html'; // docs/reference/aggte.md
const ATT_GT_REF = 'https://bcallaway11.github.io/did/reference/att_gt.html'; // docs/reference/att_gt.md
const HOME = 'https://bcallaway11.github.io/did/'; // docs/index.md (est_method = "reg")

/** [group, time, ATT, bootstrap SE] as printed by summary(mw.attgt) at GETTING_STARTED. */
const ATTGT_GETTING_STARTED: [number, number, number, number][] = [
  [2004, 2004, -0.0105, 0.0243],
  [2004, 2005, -0.0704, 0.0331],
  [2004, 2006, -0.1373, 0.0412],
  [2004, 2007, -0.1008, 0.0358],
  [2006, 2004, 0.0065, 0.023],
  [2006, 2005, -0.0028, 0.021],
  [2006, 2006, -0.0046, 0.0175],
  [2006, 2007, -0.0412, 0.0196],
  [2007, 2004, 0.0305, 0.0147],
  [2007, 2005, -0.0027, 0.0156],
  [2007, 2006, -0.0311, 0.0179],
  [2007, 2007, -0.0261, 0.0175],
];
/** Bootstrap SEs of the same table printed by `out1` at ATT_GT_REF and by `out` (reg) at HOME. */
const ATTGT_SE_OTHER_RUNS: Record<string, number[]> = {
  [ATT_GT_REF]: [0.0258, 0.0341, 0.0384, 0.0354, 0.0235, 0.0192, 0.0184, 0.0207, 0.0161, 0.0157, 0.0184, 0.0176],
  [HOME]: [0.0246, 0.0332, 0.0397, 0.0357, 0.0229, 0.0197, 0.0179, 0.0192, 0.0154, 0.0164, 0.0184, 0.017],
};

/** aggte(mw.attgt, type = "dynamic") at GETTING_STARTED: [e, ATT, bootstrap SE]; overall −0.0772 (0.0203). */
const DYNAMIC: [number, number, number][] = [
  [-3, 0.0305, 0.0157],
  [-2, -0.0006, 0.0136],
  [-1, -0.0245, 0.0144],
  [0, -0.0199, 0.0124],
  [1, -0.051, 0.0163],
  [2, -0.1373, 0.0402],
  [3, -0.1008, 0.0354],
];

/** Monte-Carlo tolerance between two bootstrap SEs of 999–1,000 draws each (IQR-based): ±15 %. */
const BOOT_TOL = 0.15;

const cellOf = (cells: readonly GroupTimeEffect[], g: number, t: number) => {
  const c = cells.find((x) => x.group === g && x.time === t);
  if (!c) throw new Error(`no cell ${g},${t}`);
  return c;
};

describe('ATT(g,t) on mpdta against did (never treated, varying base, no covariates)', () => {
  const panel = mpdtaPanel();
  const r = attGt(panel, { control: 'never' });
  const ev = evaluate(panel, { control: 'never', bootstrap: { draws: 999, seed: 20240915 } });

  it("has did's 500 units and 12 cells, each cohort against the 309 never-treated counties", () => {
    expect(r.n).toBe(500);
    expect(r.cells).toHaveLength(12);
    expect(r.groups).toEqual([2004, 2006, 2007]);
    for (const c of r.cells) expect(c.nControl).toBe(309);
    expect(cellOf(r.cells, 2004, 2004).nTreated).toBe(20);
    expect(cellOf(r.cells, 2006, 2004).nTreated).toBe(40);
    expect(cellOf(r.cells, 2007, 2004).nTreated).toBe(131);
  });

  it(`gives every published ATT(g,t) to 4 digits (${GETTING_STARTED})`, () => {
    for (const [g, t, att] of ATTGT_GETTING_STARTED) expect(cellOf(r.cells, g, t).att).toBeCloseTo(att, 4);
  });

  it(`matches did's Wald pre-test p-value 0.16812, which uses the analytic covariance (${GETTING_STARTED})`, () => {
    expect(r.preTest?.df).toBe(5);
    expect(r.preTest?.pValue.toFixed(5)).toBe('0.16812');
  });

  it("gives bootstrap SEs within Monte-Carlo tolerance of each of did's three published bootstrap runs", () => {
    const runs = { [GETTING_STARTED]: ATTGT_GETTING_STARTED.map((x) => x[3]), ...ATTGT_SE_OTHER_RUNS };
    for (const [url, ses] of Object.entries(runs)) {
      ATTGT_GETTING_STARTED.forEach(([g, t], k) => {
        const ours = ev.attgt.find((c) => c.group === g && c.time === t)!.se!;
        expect(Math.abs(ours / ses[k]! - 1), `${g},${t} vs ${url}`).toBeLessThan(BOOT_TOL);
      });
    }
  });

  it(`gives a uniform-band critical value near did's (band half-width / SE ≈ 2.67 at ${GETTING_STARTED})`, () => {
    // did prints 2004,2004: ATT −0.0105, SE 0.0243, band [−0.0753, 0.0543]: (0.0543 + 0.0105) / 0.0243.
    const published = (0.0543 + 0.0105) / 0.0243;
    expect(Math.abs(ev.attgtUniformCritical! / published - 1)).toBeLessThan(0.06);
  });
});

describe('aggregations on mpdta against did (aggte)', () => {
  const panel = mpdtaPanel();
  const r = attGt(panel, { control: 'never' });
  const ev = evaluate(panel, { control: 'never', bootstrap: { draws: 999, seed: 7 } });

  it(`simple: −0.04 (SE 0.0119) at ${AGGTE_REF}`, () => {
    const a = aggregate(r, 'simple');
    expect(a.overall.att).toBeCloseTo(-0.04, 4);
    expect(Math.abs(ev.aggregates.simple!.overall.se! / 0.0119 - 1)).toBeLessThan(BOOT_TOL);
    expect(a.overall.weights.reduce((s, w) => s + w.weight, 0)).toBeCloseTo(1, 12);
  });

  it(`dynamic: every event time and the overall −0.0772 (${GETTING_STARTED}, ${AGGTE_REF})`, () => {
    const a = aggregate(r, 'dynamic');
    expect(a.terms.map((t) => t.key)).toEqual(DYNAMIC.map((d) => d[0]));
    DYNAMIC.forEach(([e, att, se], k) => {
      expect(a.terms[k]!.att, `e=${e}`).toBeCloseTo(att, 4);
      expect(Math.abs(ev.aggregates.dynamic!.terms[k]!.se! / se - 1), `e=${e}`).toBeLessThan(BOOT_TOL);
    });
    expect(a.overall.att).toBeCloseTo(-0.0772, 4);
    // Overall SE: 0.0203 (Getting Started), 0.0208 (aggte reference), 0.0219 (home page, reg).
    for (const se of [0.0203, 0.0208, 0.0219]) {
      expect(Math.abs(ev.aggregates.dynamic!.overall.se! / se - 1)).toBeLessThan(BOOT_TOL);
    }
  });

  it(`group: 2004 −0.0797, 2006 −0.0229, 2007 −0.0261, overall −0.031 (${AGGTE_REF}, ${HOME})`, () => {
    const a = aggregate(r, 'group');
    const published: [number, number, number][] = [
      [2004, -0.0797, 0.03],
      [2006, -0.0229, 0.0163],
      [2007, -0.0261, 0.0167],
    ];
    published.forEach(([g, att, se], k) => {
      expect(a.terms[k]!.key).toBe(g);
      expect(a.terms[k]!.att).toBeCloseTo(att, 4);
      expect(Math.abs(ev.aggregates.group!.terms[k]!.se! / se - 1), `group ${g}`).toBeLessThan(BOOT_TOL);
    });
    expect(a.overall.att).toBeCloseTo(-0.031, 4);
    expect(Math.abs(ev.aggregates.group!.overall.se! / 0.0126 - 1)).toBeLessThan(BOOT_TOL);
  });

  it(`calendar: 2004 −0.0105, 2005 −0.0704, 2006 −0.0488, 2007 −0.0371, overall −0.0417 (${AGGTE_REF})`, () => {
    const a = aggregate(r, 'calendar');
    const published: [number, number, number][] = [
      [2004, -0.0105, 0.0242],
      [2005, -0.0704, 0.0319],
      [2006, -0.0488, 0.0206],
      [2007, -0.0371, 0.0133],
    ];
    published.forEach(([t, att, se], k) => {
      expect(a.terms[k]!.key).toBe(t);
      expect(a.terms[k]!.att).toBeCloseTo(att, 4);
      expect(Math.abs(ev.aggregates.calendar!.terms[k]!.se! / se - 1), `time ${t}`).toBeLessThan(BOOT_TOL);
    });
    expect(a.overall.att).toBeCloseTo(-0.0417, 4);
    expect(Math.abs(ev.aggregates.calendar!.overall.se! / 0.0175 - 1)).toBeLessThan(BOOT_TOL);
  });
});

/**
 * did publishes not-yet-treated results for mpdta only with the covariate lpop (ATT_GT_REF, out3),
 * which this estimator does not take, and nothing with base_period = "universal". These are checked
 * for internal consistency instead: where the comparison groups coincide the numbers must too.
 */
describe('not-yet-treated and universal base on mpdta: unpublished, checked for consistency', () => {
  const panel = mpdtaPanel();
  const never = attGt(panel, { control: 'never' });
  const notYet = attGt(panel, { control: 'not-yet' });

  it('equals never-treated wherever no later cohort is still untreated (t = 2007, and the 2007 cohort from 2006 on)', () => {
    for (const c of notYet.cells) {
      const same = c.time === 2007 || (c.group === 2007 && c.time >= 2006);
      const n = cellOf(never.cells, c.group, c.time);
      if (same) {
        expect(c.att).toBe(n.att);
        expect(c.se).toBe(n.se);
        expect(c.nControl).toBe(309);
      } else {
        expect(c.nControl).toBeGreaterThan(309);
      }
    }
  });

  it('uses the not-yet-treated cohorts as comparisons until they start', () => {
    // 2004 at 2004/2005: never (309) + 2006 (40) + 2007 (131); at 2006: the 2006 cohort has started.
    expect(cellOf(notYet.cells, 2004, 2005).nControl).toBe(480);
    expect(cellOf(notYet.cells, 2004, 2006).nControl).toBe(440);
    expect(cellOf(notYet.cells, 2006, 2005).nControl).toBe(440);
  });

  it('gives, with a universal base, the same post cells and pre cells that are sums of the varying ones', () => {
    for (const control of ['never', 'not-yet'] as const) {
      const varying = attGt(panel, { control });
      const universal = attGt(panel, { control, base: 'universal' });
      for (const u of universal.cells) {
        if (u.post) expect(u.att).toBeCloseTo(cellOf(varying.cells, u.group, u.time).att!, 12);
        if (u.reference) {
          expect(u.att).toBe(0);
          expect(u.time).toBe(u.group - 1);
        }
      }
      if (control === 'never') {
        // ATT_universal(2007, 2004) = −(ATT_varying(2007, 2005) + ATT_varying(2007, 2006)).
        const sum = cellOf(varying.cells, 2007, 2005).att! + cellOf(varying.cells, 2007, 2006).att!;
        expect(cellOf(universal.cells, 2007, 2004).att).toBeCloseTo(-sum, 12);
        // Same comparison units in every pre cell: the pre-test spans the same restrictions either
        // way. (Not so for not-yet-treated, whose comparisons depend on max(t, base).)
        expect(universal.preTest!.pValue).toBeCloseTo(varying.preTest!.pValue, 8);
      }
    }
  });
});
