/**
 * Descriptive statistics for the programme view (the spread of a KPI across workshops): the
 * median and quartiles of plain arrays, always with the N they were computed from.
 *
 * Quantiles are Hyndman & Fan's type 7 ("Sample quantiles in statistical packages", The
 * American Statistician 50(4), 1996), the default of R's `quantile()` and of NumPy's
 * `percentile()`: with the n sorted values x₁ … xₙ and h = (n − 1)·p + 1, the p-quantile is
 * x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋), a linear interpolation between order statistics. The
 * median is the same as every other definition's (the mean of the middle two for even n).
 */

/** A statistic and how many values it was computed from; `value` is null when N = 0. */
export interface Statistic {
  value: number | null;
  n: number;
}

/** The three quartiles (type 7) and N; all null when N = 0. */
export interface Quartiles {
  q1: number | null;
  median: number | null;
  q3: number | null;
  n: number;
}

/** The values that count, sorted ascending: null, undefined and non-finite values (NaN, ±∞) are left out. */
function present(values: readonly (number | null | undefined)[]): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
}

/** Type 7 quantile of already sorted, non-empty values. */
function type7(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const x = sorted[lo]!;
  // At p = 1 (or n = 1) there is no upper neighbour, and none is needed.
  const next = sorted[lo + 1];
  return next === undefined ? x : x + (h - lo) * (next - x);
}

/**
 * The p-quantile (Hyndman & Fan type 7, R's default) of the values, ignoring null and
 * non-finite ones.
 * @param p in [0, 1]; anything else is a programmer error and throws.
 */
export function quantile(values: readonly (number | null | undefined)[], p: number): Statistic {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${p}`);
  const sorted = present(values);
  return { value: sorted.length === 0 ? null : type7(sorted, p), n: sorted.length };
}

/** The median of the values, ignoring null and non-finite ones. */
export function median(values: readonly (number | null | undefined)[]): Statistic {
  return quantile(values, 0.5);
}

/**
 * The first quartile, median and third quartile (type 7, as R's `quantile(x)` prints them
 * at 25 %, 50 % and 75 %), ignoring null and non-finite values.
 */
export function quartiles(values: readonly (number | null | undefined)[]): Quartiles {
  const sorted = present(values);
  if (sorted.length === 0) return { q1: null, median: null, q3: null, n: 0 };
  return { q1: type7(sorted, 0.25), median: type7(sorted, 0.5), q3: type7(sorted, 0.75), n: sorted.length };
}
