import { kstDayOf } from '@gongbang/collector';
import { describe, expect, it } from 'vitest';
import { dayOfCache } from '../../src/model/day-of.js';
import { buildProgramme } from '../../src/model/programme.js';
import { simulateWorkshop } from '../../src/model/workshop.js';
import { Random } from '../../src/random.js';
import { computeTruth, TRUTH_OUTCOMES } from '../../src/truth.js';

const OPTS = { workshops: 5, months: 1, seed: 11, toDay: '2026-06-30' };

function run(seed: number) {
  const p = buildProgramme({ ...OPTS, seed });
  return p.workshops.map((w) => [...simulateWorkshop(w, p.fromDay, p.toDay)]);
}

describe('the workshop models', () => {
  it('draws the same numbers for a seed, and other numbers for another', () => {
    const a = new Random(5);
    const b = new Random(5);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(new Random(6).next()).not.toBe(xs[0]);
    expect(new Random(5).fork('x').next()).toBe(new Random(5).fork('x').next());
  });

  it('gives the same programme, readings and paper logs for the same seed', () => {
    expect(JSON.stringify(buildProgramme(OPTS))).toBe(JSON.stringify(buildProgramme(OPTS)));
    const a = run(11);
    const b = run(11);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(run(12))).not.toBe(JSON.stringify(a));
  });

  it('books every planned second of an observed day once, and GQ = PQ − SQ − RQ', () => {
    let days = 0;
    for (const w of run(11)) {
      for (const d of w) {
        if (!d.accounting) continue;
        for (const e of [...Object.values(d.accounting.machines), d.accounting.total]) {
          expect(e.aptS + e.asutS + e.adetS + e.adotS + e.noDataS).toBeCloseTo(e.pbtS, 6);
          expect(e.gq).toBe(Math.max(0, e.pq - e.sq - e.rq));
        }
        if (d.accounting.total.pbtS > 0) days++;
      }
    }
    expect(days).toBeGreaterThan(10);
  });

  it('emits readings only from stage 1 on, in time order, and paper logs only before', () => {
    const p = buildProgramme(OPTS);
    for (const w of p.workshops) {
      const stage1 = w.stages.find((s) => s.stage === 1)?.startedOn ?? '9999-12-31';
      for (const d of simulateWorkshop(w, p.fromDay, p.toDay)) {
        if (d.day < stage1) expect(d.readings).toEqual([]);
        else expect(d.manual).toBeNull();
        for (let k = 1; k < d.readings.length; k++)
          expect(d.readings[k]!.ts).toBeGreaterThanOrEqual(d.readings[k - 1]!.ts);
      }
    }
  });

  it('states a truth whose counterfactual × (1 + effect) is the factual outcome', () => {
    const truth = computeTruth(buildProgramme({ ...OPTS, workshops: 10, months: 12 }));
    let n = 0;
    for (const w of truth.workshops) {
      for (const t of w.transitions) {
        for (const o of TRUTH_OUTCOMES) {
          const x = t.outcomes[o];
          expect(x.counterfactual * (1 + x.effect)).toBeCloseTo(x.factual, 10);
          expect(Number.isFinite(x.factual)).toBe(true);
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(0);
    // Stages speed work up and cut stops and defects: labour productivity rises at every transition.
    for (const s of Object.values(truth.summary)) expect(s.labour_productivity.meanEffect).toBeGreaterThan(0);
  });
});

describe('dayOfCache', () => {
  it('names the same KST day as kstDayOf, at midnights and in any order', () => {
    const dayOf = dayOfCache();
    // 2026-03-01 00:00 KST is 2026-02-28 15:00 UTC.
    const midnight = Date.parse('2026-02-28T15:00:00Z');
    const instants = [midnight, midnight - 1, midnight + 1, midnight + 86_399_999, midnight + 86_400_000, midnight - 1];
    const rng = new Random(3);
    for (let i = 0; i < 500; i++) instants.push(midnight + Math.round(rng.uniform(-40, 40) * 86_400_000));
    for (const ms of instants) expect(dayOf(ms), String(ms)).toBe(kstDayOf(ms));
  });
});
