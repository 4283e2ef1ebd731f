import { describe, expect, it } from 'vitest';
import { Buckets } from '../../src/metrics/buckets.js';
import {
  addDuration,
  type DurationHistogram,
  DurationHistogramSchema,
  HISTOGRAM_BIN_RATIO,
  HISTOGRAM_BINS,
  HISTOGRAM_MAX_S,
  HISTOGRAM_MIN_S,
  histogramBin,
  histogramBinMiddle,
  histogramCount,
  histogramOf,
  histogramQuantile,
  mergeHistograms,
} from '../../src/metrics/index.js';
import { seeded } from '../support/metrics-readings.js';

/** Durations spread evenly on a log scale over the whole range the bins cover. */
const logUniform = (rand: () => number, n: number) =>
  Array.from({ length: n }, () => HISTOGRAM_MIN_S * (HISTOGRAM_MAX_S / HISTOGRAM_MIN_S) ** rand());

/** Cycle times around 30 s with a long right tail (log-normal through Box–Muller). */
const cycleTimes = (rand: () => number, n: number) =>
  Array.from({ length: n }, () => {
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    return 30 * Math.exp(0.4 * z);
  });

/** The exact nearest-rank quantile of raw values, the definition the histogram reads. */
function nearestRank(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

const QS = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1];

describe('duration histogram bins', () => {
  it('spans 0.01 s to 10^7 s in bins 1 % wide', () => {
    expect(histogramBin(HISTOGRAM_MIN_S)).toBe(0);
    expect(HISTOGRAM_MIN_S * HISTOGRAM_BIN_RATIO ** HISTOGRAM_BINS).toBeGreaterThanOrEqual(HISTOGRAM_MAX_S);
    expect(HISTOGRAM_MIN_S * HISTOGRAM_BIN_RATIO ** (HISTOGRAM_BINS - 1)).toBeLessThan(HISTOGRAM_MAX_S);
    expect(histogramBinMiddle(101) / histogramBinMiddle(100)).toBeCloseTo(1.01, 12);
  });

  it('puts every value of the range in a bin whose middle is within 0.5 % of it', () => {
    const rand = seeded(7);
    for (const v of logUniform(rand, 5000)) {
      const middle = histogramBinMiddle(histogramBin(v)!);
      expect(Math.abs(middle / v - 1)).toBeLessThanOrEqual(0.005);
    }
  });

  it('counts positive durations outside the range in the edge bins', () => {
    expect(histogramBin(1e-6)).toBe(0);
    expect(histogramBin(1e9)).toBe(HISTOGRAM_BINS - 1);
    expect(histogramBin(Number.MAX_VALUE)).toBe(HISTOGRAM_BINS - 1);
  });
});

describe('addDuration and histogramOf', () => {
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'refuses %s and leaves the histogram as it was',
    (bad) => {
      const h: DurationHistogram = { '10': 2 };
      expect(addDuration(h, bad)).toBe(false);
      expect(h).toEqual({ '10': 2 });
    },
  );

  it('counts a duration into its bin and says so', () => {
    const h: DurationHistogram = {};
    expect(addDuration(h, 30)).toBe(true);
    expect(addDuration(h, 30)).toBe(true);
    expect(h).toEqual({ [String(histogramBin(30))]: 2 });
  });

  it('reports how many durations of a list it refused', () => {
    const { hist, refused } = histogramOf([1, 0, 2, Number.NaN, -3, 4]);
    expect(refused).toBe(3);
    expect(histogramCount(hist)).toBe(3);
  });

  it('counts n units of one duration into every row a rollup addition names, as n single additions would', () => {
    const b = new Buckets();
    const t = { period: '2026-01-05T09', machine: 'press-1', product: 'P-1', worker: 'w-1' };
    b.addHistogram(t, 'cycle_hist', 42, 3);
    b.addHistogram(t, 'cycle_hist', 42);
    b.addHistogram({ period: '2026-01-05T09' }, 'lead_hist', 0, 5); // refused, as addDuration refuses 0
    const expected = histogramOf([42, 42, 42, 42]).hist;
    const rows = b.list();
    expect(rows.map((r) => r.dim).sort()).toEqual(['machine', 'product', 'worker', 'workshop']);
    for (const r of rows) {
      expect(r.elements.cycle_hist).toEqual(expected);
      expect(r.elements.lead_hist).toEqual({});
    }
  });
});

describe('mergeHistograms', () => {
  it('gives the histogram of the whole from the histograms of any split, in any order', () => {
    for (const seed of [1, 2, 3]) {
      const rand = seeded(seed);
      const values = [...logUniform(rand, 2000), ...cycleTimes(rand, 2000)];
      const whole = histogramOf(values).hist;
      const parts: number[][] = Array.from({ length: 7 }, () => []);
      for (const v of values) parts[Math.floor(rand() * parts.length)]!.push(v);
      const hists = parts.map((p) => histogramOf(p).hist);
      const forward = hists.reduce(mergeHistograms, {});
      const backward = [...hists].reverse().reduce(mergeHistograms, {});
      // Pairwise, as hours merge into days and days into weeks.
      const tree = mergeHistograms(
        mergeHistograms(mergeHistograms(hists[0]!, hists[1]!), mergeHistograms(hists[2]!, hists[3]!)),
        mergeHistograms(mergeHistograms(hists[4]!, hists[5]!), hists[6]!),
      );
      expect(forward).toEqual(whole);
      expect(backward).toEqual(whole);
      expect(tree).toEqual(whole);
      expect(histogramCount(whole)).toBe(values.length);
    }
  });

  it('changes neither input', () => {
    const a = { '1': 1, '2': 2 };
    const b = { '2': 3, '5': 1 };
    const merged = mergeHistograms(a, b);
    expect(merged).toEqual({ '1': 1, '2': 5, '5': 1 });
    expect(a).toEqual({ '1': 1, '2': 2 });
    expect(b).toEqual({ '2': 3, '5': 1 });
  });
});

describe('histogramQuantile', () => {
  it.each([
    ['log-uniform over the whole range', 11, logUniform],
    ['log-normal cycle times', 12, cycleTimes],
  ] as const)('reads nearest-rank quantiles of %s within 1 % of the exact ones', (_name, seed, draw) => {
    for (const n of [1, 2, 3, 10, 101, 5000]) {
      const values = draw(seeded(seed + n), n);
      const { hist } = histogramOf(values);
      for (const q of QS) {
        const exact = nearestRank(values, q);
        const read = histogramQuantile(hist, q)!;
        // The bound the module states (±0.5 %) is tighter than the 1 % asked of it.
        expect(Math.abs(read / exact - 1), `n=${n} q=${q}`).toBeLessThanOrEqual(0.005);
      }
    }
  });

  it('takes the ⌈q·N⌉-th value, with 0.07 × 100 (7.000000000000001 in floating point) read as 7', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i + 1) * 10);
    const { hist } = histogramOf(values);
    expect(histogramQuantile(hist, 0.07)! / 70).toBeCloseTo(1, 2);
    // Nearest rank: the median of an even count is the lower middle value.
    expect(histogramQuantile(hist, 0.5)! / 500).toBeCloseTo(1, 2);
    expect(histogramQuantile(hist, 0)! / 10).toBeCloseTo(1, 2);
    expect(histogramQuantile(hist, 1)! / 1000).toBeCloseTo(1, 2);
  });

  it('is null for an empty histogram', () => {
    expect(histogramQuantile({}, 0.5)).toBeNull();
    expect(histogramCount({})).toBe(0);
  });

  it('gives the one value of a single-entry histogram at every quantile', () => {
    const { hist } = histogramOf([42]);
    for (const q of QS) expect(Math.abs(histogramQuantile(hist, q)! / 42 - 1)).toBeLessThanOrEqual(0.005);
  });

  it.each([-0.1, 1.1, Number.NaN])('throws for q = %s', (q) => {
    expect(() => histogramQuantile({ '1': 1 }, q)).toThrow(RangeError);
  });
});

describe('DurationHistogramSchema', () => {
  it('accepts a histogram built here', () => {
    const { hist } = histogramOf(cycleTimes(seeded(5), 100));
    expect(DurationHistogramSchema.safeParse(hist).success).toBe(true);
  });

  it.each([
    ['a negative bin', { '-1': 1 }],
    ['a bin past the last', { [String(HISTOGRAM_BINS)]: 1 }],
    ['a fractional count', { '3': 1.5 }],
    ['a zero count', { '3': 0 }],
    ['a key that is not a number', { abc: 1 }],
  ])('refuses %s', (_what, h) => {
    expect(DurationHistogramSchema.safeParse(h).success).toBe(false);
  });
});
