import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from '../../src/evaluation/student-t.js';
import { trendBreak } from '../../src/evaluation/trend-break.js';
import { seeded } from '../support/metrics-readings.js';

describe("Student's t", () => {
  // R: qt(p, df) and pt(q, df), the values printed in every t table.
  it.each([
    [0.975, 1, 12.706205],
    [0.975, 5, 2.570582],
    [0.975, 10, 2.228139],
    [0.975, 30, 2.042272],
    [0.95, 2, 2.919986],
    [0.995, 3, 5.840909],
    [0.025, 10, -2.228139],
  ])('qt(%f, %i) = %f', (p, df, q) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(q, 5);
  });

  it('agrees with the normal distribution for large degrees of freedom and inverts its own CDF', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959966, 4);
    expect(studentTCdf(2, 5)).toBeCloseTo(0.9490303, 6);
    for (const df of [1, 3, 7.5, 40])
      for (const p of [0.6, 0.9, 0.99]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 10);
  });
});

/** Least squares line through points, by the closed form. */
function line(pts: [number, number][]) {
  const n = pts.length;
  const mx = pts.reduce((s, [x]) => s + x, 0) / n;
  const my = pts.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = pts.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = pts.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const slope = sxy / sxx;
  return { slope, at: (x: number) => my + slope * (x - mx) };
}

describe('the descriptive trend break', () => {
  it('recovers a known level and slope change exactly from a series without noise', () => {
    const times = Array.from({ length: 20 }, (_, i) => i);
    const values = times.map((t) => (t < 10 ? 100 + 2 * t : 100 + 2 * t + 15 + 1 * (t - 10)));
    const r = trendBreak(times, values, 10);
    expect(r).toMatchObject({ kind: 'descriptive', estimable: true, nBefore: 10, nAfter: 10, df: 16 });
    expect(r.levelChange?.estimate).toBeCloseTo(15, 9);
    expect(r.slopeChange?.estimate).toBeCloseTo(1, 9);
    expect(r.slopeBefore?.estimate).toBeCloseTo(2, 9);
    expect(r.levelChange?.se).toBeCloseTo(0, 9);
  });

  it('equals two separate least-squares lines on noisy data, with intervals that widen as noise grows', () => {
    const rnd = seeded(3);
    const times = Array.from({ length: 30 }, (_, i) => i);
    const values = times.map((t) => 50 + 0.5 * t + (t >= 14 ? 6 : 0) + (rnd() - 0.5) * 4);
    const r = trendBreak(times, values, 14);
    const pre = line(times.filter((t) => t < 14).map((t) => [t, values[t] as number]));
    const post = line(times.filter((t) => t >= 14).map((t) => [t, values[t] as number]));
    expect(r.levelChange?.estimate).toBeCloseTo(post.at(14) - pre.at(14), 9);
    expect(r.slopeChange?.estimate).toBeCloseTo(post.slope - pre.slope, 9);
    const lc = r.levelChange as NonNullable<typeof r.levelChange>;
    expect(lc.lower).toBeLessThan(lc.estimate);
    expect(lc.upper - lc.estimate).toBeCloseTo(lc.se * studentTQuantile(0.975, 26), 9);
    const noisier = trendBreak(
      times,
      values.map((v, i) => v + (i % 2 ? 5 : -5)),
      14,
    );
    expect(noisier.levelChange?.se).toBeGreaterThan(lc.se);
  });

  it('leaves missing periods out instead of reading them as zero, and says when it cannot fit', () => {
    const times = [0, 1, 2, 3, 4, 5, 6, 7];
    const full = trendBreak(times, [10, 11, 12, 13, 20, 21, 22, 23], 4);
    const holes = trendBreak(times, [10, null, 12, 13, 20, null, 22, 23], 4);
    expect(holes.estimable).toBe(true);
    expect(holes.levelChange?.estimate).toBeCloseTo(full.levelChange?.estimate as number, 9);
    expect(holes.meanBefore).toBeCloseTo(35 / 3, 9);
    const short = trendBreak(times, [10, null, null, null, 20, 21, 22, 23], 4);
    expect(short).toMatchObject({ estimable: false, nBefore: 1 });
    expect(short.reason).toMatch(/at least 2 periods on each side/);
  });
});
