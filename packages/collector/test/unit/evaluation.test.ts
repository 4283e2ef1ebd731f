import { describe, expect, it } from 'vitest';
import {
  aggregate,
  attGt,
  buildPanel,
  chiSquareSurvival,
  ESTIMATOR_VERSION,
  evaluate,
  mulberry32,
  multiplierDraws,
  normalQuantile,
  type PanelColumns,
  PanelError,
} from '../../src/evaluation/index.js';
import { mpdtaPanel } from '../support/mpdta.js';

/** A long panel from per-unit rows: [unit, cohort, outcomes by period 1…T (null = missing)]. */
function panelOf(units: [string, number, (number | null)[]][], cluster?: (u: string) => string): PanelColumns {
  const cols = { unit: [] as string[], time: [] as number[], cohort: [] as number[], outcome: [] as (number | null)[] };
  const clusters: string[] = [];
  for (const [u, g, ys] of units) {
    ys.forEach((y, k) => {
      cols.unit.push(u);
      cols.time.push(k + 1);
      cols.cohort.push(g);
      cols.outcome.push(y);
      if (cluster) clusters.push(cluster(u));
    });
  }
  return cluster ? { ...cols, cluster: clusters } : cols;
}

describe('the 2×2 case', () => {
  // Treated A: 1 → 4 (Δ3), B: 2 → 7 (Δ5); never treated C: 1 → 2 (Δ1), D: 3 → 6 (Δ3).
  // ATT = 4 − 2 = 2. ψ = 4/2·(Δ − 4) for A, B = −2, 2; −4/2·(Δ − 2) for C, D = 2, −2; se = √16 / 4 = 1.
  const panel = buildPanel(
    panelOf([
      ['A', 2, [1, 4]],
      ['B', 2, [2, 7]],
      ['C', 0, [1, 2]],
      ['D', 0, [3, 6]],
    ]),
  );

  it('is the difference of mean changes with its influence function and analytic SE', () => {
    const r = attGt(panel, { control: 'never' });
    expect(r.cells).toHaveLength(1);
    const c = r.cells[0]!;
    expect(c).toMatchObject({
      group: 2,
      time: 2,
      baseTime: 1,
      att: 2,
      nTreated: 2,
      nControl: 2,
      estimable: true,
      post: true,
    });
    expect(c.se).toBeCloseTo(1, 12);
    expect([...r.influence[0]!]).toEqual([-2, 2, 2, -2]);
    expect(r.estimatorVersion).toBe(ESTIMATOR_VERSION);
    expect(r.settings).toEqual({ control: 'never', base: 'varying', anticipation: 0, minUnits: 2 });
  });

  it('aggregates to the same single effect every way', () => {
    const r = attGt(panel);
    for (const type of ['simple', 'dynamic', 'group', 'calendar'] as const) {
      const a = aggregate(r, type);
      expect(a.overall.att).toBe(2);
      expect(a.overall.se).toBeCloseTo(1, 12);
      expect(a.overall.weights).toEqual([{ group: 2, time: 2, weight: 1 }]);
    }
  });
});

describe('a staggered panel with a known effect and no noise', () => {
  // Yᵢₜ = αᵢ + t² + effect, effect = 2 + (t − g) from t = g on: every ATT(g,t) is known exactly.
  const alpha: Record<string, number> = { a: 1, b: 5, c: -2, d: 3, e: 10, f: 0, g: 7 };
  const cohorts: Record<string, number> = { a: 3, b: 3, c: 5, d: 5, e: 0, f: 0, g: 0 };
  const y = (u: string, t: number) =>
    alpha[u]! + t * t + (cohorts[u]! > 0 && t >= cohorts[u]! ? 2 + t - cohorts[u]! : 0);
  const T = 6;
  const units = Object.keys(alpha).map((u): [string, number, (number | null)[]] => [
    u,
    cohorts[u]!,
    Array.from({ length: T }, (_, k) => y(u, k + 1)),
  ]);
  const panel = buildPanel(panelOf(units));

  for (const control of ['never', 'not-yet'] as const) {
    for (const base of ['varying', 'universal'] as const) {
      it(`recovers every ATT(g,t) exactly (${control}, ${base})`, () => {
        const r = attGt(panel, { control, base });
        expect(r.groups).toEqual([3, 5]);
        for (const c of r.cells) {
          const truth = c.time >= c.group ? 2 + c.time - c.group : 0;
          expect(c.att, `${c.group},${c.time}`).toBeCloseTo(truth, 10);
          expect(c.se).toBeNull(); // no noise: zero variance is reported as null, as did does
        }
        const dyn = aggregate(r, 'dynamic');
        for (const t of dyn.terms) expect(t.att).toBeCloseTo(t.key! >= 0 ? 2 + t.key! : 0, 10);
        // overall = mean over e = 0…3 of (2 + e)
        expect(dyn.overall.att).toBeCloseTo((2 + 3 + 4 + 5) / 4, 10);
      });
    }
  }

  it('uses the base periods did uses', () => {
    const varying = attGt(panel, { control: 'never' });
    const base = (g: number, t: number, r = varying) => r.cells.find((c) => c.group === g && c.time === t)!.baseTime;
    expect(base(5, 2)).toBe(1); // pre: the period before
    expect(base(5, 4)).toBe(3);
    expect(base(5, 6)).toBe(4); // post: g − 1
    expect(varying.cells.some((c) => c.time === 1)).toBe(false);
    const universal = attGt(panel, { control: 'never', base: 'universal' });
    expect(base(5, 1, universal)).toBe(4);
    expect(universal.cells.find((c) => c.group === 5 && c.time === 4)).toMatchObject({ reference: true, att: 0 });
    const anticipating = attGt(panel, { control: 'never', anticipation: 1 });
    expect(base(5, 6, anticipating)).toBe(3); // g − 1 − anticipation
  });

  it('weights the simple and calendar aggregations by cohort size and states the weights', () => {
    const r = attGt(panel);
    const simple = aggregate(r, 'simple');
    // Post cells: cohort 3 at t = 3…6 (effects 2…5), cohort 5 at t = 5, 6 (2, 3); equal cohort sizes.
    expect(simple.overall.att).toBeCloseTo((2 + 3 + 4 + 5 + 2 + 3) / 6, 10);
    expect(simple.overall.weights).toHaveLength(6);
    for (const w of simple.overall.weights) expect(w.weight).toBeCloseTo(1 / 6, 12);
    const cal = aggregate(r, 'calendar');
    // t = 5: cohort 3 (4) and cohort 5 (2); t = 6: 5 and 3.
    const expected = [
      [3, 2],
      [4, 3],
      [5, 3],
      [6, 4],
    ];
    expect(cal.terms.map((t) => t.key)).toEqual(expected.map((e) => e[0]));
    cal.terms.forEach((t, k) => {
      expect(t.att).toBeCloseTo(expected[k]![1]!, 10);
    });
    const group = aggregate(r, 'group');
    expect(group.terms.map((t) => t.key)).toEqual([3, 5]);
    expect(group.terms[0]!.att).toBeCloseTo(3.5, 10);
    expect(group.terms[1]!.att).toBeCloseTo(2.5, 10);
    expect(group.overall.att).toBeCloseTo(3, 12);
    expect(group.overall.termWeights).toEqual([
      { key: 3, weight: 0.5 },
      { key: 5, weight: 0.5 },
    ]);
  });

  it('compares with not-yet-treated cohorts only before they start', () => {
    const r = attGt(panel, { control: 'not-yet' });
    const cell = (g: number, t: number) => r.cells.find((c) => c.group === g && c.time === t)!;
    expect(cell(3, 4).nControl).toBe(5); // 3 never + cohort 5 (starts after 4)
    expect(cell(3, 5).nControl).toBe(3); // cohort 5 has started
    expect(cell(5, 2).nControl).toBe(5); // pre cell 1 → 2: cohort 3 starts after max(2, 1)
    expect(cell(5, 3).nControl).toBe(3); // pre cell 2 → 3: cohort 3 has started at 3
  });
});

describe('missing weeks', () => {
  const rows: [string, number, (number | null)[]][] = [
    ['t1', 3, [1, 2, 6, 7]],
    ['t2', 3, [2, null, 8, 9]],
    ['t3', 3, [0, 1, 4, null]],
    ['c1', 0, [1, 2, 3, 4]],
    ['c2', 0, [5, 5, 6, null]],
    ['c3', 0, [2, 4, 5, 5]],
  ];
  const r = attGt(buildPanel(panelOf(rows)), { control: 'never' });
  const cell = (t: number) => r.cells.find((c) => c.time === t)!;

  it('lets a unit into a cell only when it is observed in both the base period and t', () => {
    // Base for cohort 3 after treatment: period 2. t2 is missing there, so it enters no post cell.
    // t = 3: treated t1 (6 − 2 = 4), t3 (4 − 1 = 3): mean 3.5; controls c1 (1), c2 (1), c3 (1): 1 → 2.5.
    expect(cell(3)).toMatchObject({ nTreated: 2, nControl: 3, att: 2.5 });
    // t = 4: treated t1 (5); controls c1 (2), c3 (1): mean 1.5 → 3.5.
    expect(cell(4)).toMatchObject({ nTreated: 1, nControl: 2, estimable: false, reason: 'too-few-treated' });
    const loose = attGt(buildPanel(panelOf(rows)), { control: 'never', minUnits: 1 });
    expect(loose.cells.find((c) => c.time === 4)).toMatchObject({ nTreated: 1, nControl: 2, att: 3.5 });
    // The pre cell t = 2 (base 1): t1 (1), t3 (1) vs c1 (1), c2 (0), c3 (2) → 0.
    expect(cell(2)).toMatchObject({ nTreated: 2, nControl: 3, att: 0 });
  });

  it('keeps every unit in N and in the influence functions', () => {
    expect(r.n).toBe(6);
    for (const inf of r.influence) if (inf) expect(inf).toHaveLength(6);
  });
});

describe('cells that cannot be estimated', () => {
  // One unit in cohort 3: every one of its cells has too few treated units.
  const rows: [string, number, (number | null)[]][] = [
    ['s', 3, [1, 2, 5]],
    ['a', 2, [1, 3, 4]],
    ['b', 2, [2, 5, 6]],
    ['c', 0, [1, 2, 3]],
    ['d', 0, [2, 2, 4]],
  ];
  const r = attGt(buildPanel(panelOf(rows)), { control: 'never' });

  it('are returned with the reason and without an estimate', () => {
    const lone = r.cells.filter((c) => c.group === 3);
    expect(lone.length).toBeGreaterThan(0);
    for (const c of lone)
      expect(c).toMatchObject({ estimable: false, att: null, se: null, reason: 'too-few-treated', nTreated: 1 });
    expect(r.influence[r.cells.indexOf(lone[0]!)]).toBeNull();
  });

  it('are left out of the aggregations', () => {
    const g = aggregate(r, 'group');
    expect(g.terms.map((t) => t.key)).toEqual([2]);
    expect(aggregate(r, 'simple').overall.weights.every((w) => w.group === 2)).toBe(true);
  });

  it('include cells with too few comparison units', () => {
    const noControls = attGt(buildPanel(panelOf(rows.slice(0, 3).concat([['c', 0, [1, 2, 3]]]))), { control: 'never' });
    expect(noControls.cells.every((c) => c.reason === 'too-few-controls' || c.reason === 'too-few-treated')).toBe(true);
  });
});

describe('data preparation as did does it', () => {
  it('treats cohorts after the last period as never treated and drops units treated from the first period', () => {
    const r = attGt(
      buildPanel(
        panelOf([
          ['x', 1, [1, 2, 3]],
          ['a', 2, [1, 3, 4]],
          ['b', 2, [2, 5, 6]],
          ['c', 9, [1, 2, 3]],
          ['d', 0, [2, 2, 4]],
        ]),
      ),
      { control: 'never' },
    );
    expect(r.n).toBe(4);
    expect(r.notes.map((n) => [n.code, n.count])).toEqual([
      ['cohort-after-last-period', 1],
      ['treated-in-first-period', 1],
    ]);
    expect(r.cells.every((c) => c.nControl === 2)).toBe(true);
  });

  it('without never-treated units uses the last cohort only as a comparison (not-yet)', () => {
    const r = attGt(
      buildPanel(
        panelOf([
          ['a', 2, [1, 3, 4, 5]],
          ['b', 2, [2, 5, 6, 6]],
          ['c', 4, [1, 2, 3, 9]],
          ['d', 4, [2, 2, 4, 9]],
        ]),
      ),
    );
    expect(r.groups).toEqual([2]);
    expect(r.times).toEqual([1, 2, 3]);
    expect(r.notes[0]).toMatchObject({ code: 'no-never-treated', count: 2 });
    expect(r.cells.find((c) => c.time === 3)).toMatchObject({ nControl: 2, att: (3 + 4) / 2 - (2 + 2) / 2 });
  });
});

describe('panel validation', () => {
  const ok = panelOf([
    ['a', 2, [1, 2]],
    ['b', 0, [1, 2]],
  ]);
  const bad = (patch: Partial<PanelColumns>) => () => buildPanel({ ...ok, ...patch });

  it('refuses a unit whose cohort changes, naming the row', () => {
    expect(bad({ cohort: [2, 3, 0, 0] })).toThrow(/row 1: unit a has cohort 3 here but 2/);
    try {
      bad({ cohort: [2, 3, 0, 0] })();
    } catch (err) {
      expect(err).toBeInstanceOf(PanelError);
      expect(err).toMatchObject({ code: 'PANEL_COHORT_CHANGES', row: 1, field: 'cohort' });
    }
  });

  it('refuses duplicate (unit, time), non-integer times, negative cohorts, NaN and mismatched columns', () => {
    expect(bad({ time: [1, 1, 1, 2] })).toThrow(/unit a at time 1 appears twice/);
    expect(bad({ time: [1, 2.5, 1, 2] })).toThrow(/integer period/);
    expect(bad({ cohort: [-1, -1, 0, 0] })).toThrow(/cohort must be 0/);
    expect(bad({ outcome: [1, Number.NaN, 1, 2] })).toThrow(/finite number or missing/);
    expect(bad({ outcome: [1, 2] })).toThrow(/outcome has 2 rows, unit has 4/);
    expect(bad({ cluster: ['k', 'j', 'k', 'k'] })).toThrow(/unit a is in cluster j here but k/);
  });
});

describe('the multiplier bootstrap', () => {
  const panel = mpdtaPanel();

  it('is reproducible for a seed and changes with it', () => {
    const a = evaluate(panel, { control: 'never', bootstrap: { draws: 199, seed: 42 } });
    const b = evaluate(panel, { control: 'never', bootstrap: { draws: 199, seed: 42 } });
    const c = evaluate(panel, { control: 'never', bootstrap: { draws: 199, seed: 43 } });
    expect(a.attgt.map((x) => x.se)).toEqual(b.attgt.map((x) => x.se));
    expect(a.aggregates.dynamic!.uniformCritical).toBe(b.aggregates.dynamic!.uniformCritical);
    expect(a.attgt.map((x) => x.se)).not.toEqual(c.attgt.map((x) => x.se));
    expect(a.settings.bootstrap).toEqual({
      draws: 199,
      seed: 42,
      weights: 'rademacher',
      clusters: 500,
      clusteredBy: 'unit',
    });
  });

  it('gives SEs close to the analytic ones on mpdta and uniform bands wider than pointwise', () => {
    const ev = evaluate(panel, { control: 'never', bootstrap: { draws: 999, seed: 1 } });
    const all = [
      ...ev.attgt,
      ...(['simple', 'dynamic', 'group', 'calendar'] as const).flatMap((t) => [
        ev.aggregates[t]!.overall,
        ...ev.aggregates[t]!.terms,
      ]),
    ];
    for (const e of all) expect(Math.abs(e.se! / e.seAnalytic! - 1)).toBeLessThan(0.15);
    expect(ev.attgtUniformCritical!).toBeGreaterThan(normalQuantile(0.975));
    for (const c of ev.attgt) expect(c.uniformUpper! - c.uniformLower!).toBeGreaterThan(c.upper! - c.lower!);
  });

  it('moves the units of a cluster together', () => {
    // Two clusters: every draw is ±S₁ ± S₂, so at most 4 distinct values per estimate.
    const inf = Float64Array.from([1, 2, -1, -2]);
    const d = multiplierDraws([inf], Int32Array.from([0, 0, 1, 1]), 2, { draws: 200, rng: mulberry32(3) });
    const values = new Set(d.delta);
    expect([...values].sort()).toEqual([-1.5, 0, 1.5].filter((v) => values.has(v)));
    expect(values.size).toBeLessThanOrEqual(3);
  });
});

describe('distribution functions', () => {
  it('match well-known values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.75) - normalQuantile(0.25)).toBeCloseTo(1.3489795003921634, 12);
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(11.070497693516351, 5)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(2, 2)).toBeCloseTo(Math.exp(-1), 14);
  });

  it('mulberry32 is deterministic per seed', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    expect([a.nextUint32(), a.nextUint32()]).toEqual([b.nextUint32(), b.nextUint32()]);
    expect(mulberry32(2).next()).not.toBe(mulberry32(1).next());
  });
});
