import { studentTQuantile } from './student-t.js';

/** An estimate with its standard error and a confidence interval. */
export interface TrendInterval {
  estimate: number;
  se: number;
  lower: number;
  upper: number;
}

/**
 * One workshop's before/after with a trend break: descriptive, never causal. It says how the
 * workshop's own series moved at the stage start; it cannot say what would have happened
 * without the stage (seasonality, the market and the programme's other effects are all in it).
 */
export interface TrendBreak {
  kind: 'descriptive';
  estimable: boolean;
  /** Why not, when not estimable. */
  reason?: string;
  /** Observations (periods with a value) before and from the break. */
  nBefore: number;
  nAfter: number;
  /** Plain means before and after, and their relative change (after − before) / before. */
  meanBefore: number | null;
  meanAfter: number | null;
  relativeChange: number | null;
  /** Segmented regression y = b0 + b1·(t − t0) + b2·D + b3·(t − t0)·D, D = 1 from the break on. */
  slopeBefore?: TrendInterval;
  /** b2: the jump of the fitted line at the break. */
  levelChange?: TrendInterval;
  /** b3: the change of slope per period. */
  slopeChange?: TrendInterval;
  residualSe?: number;
  df?: number;
  /** Confidence level of the intervals. */
  level: number;
}

function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Solves A x = b (A square) by Gaussian elimination with partial pivoting; null when singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs((m[r] as number[])[col] as number) > Math.abs((m[pivot] as number[])[col] as number)) pivot = r;
    if (Math.abs((m[pivot] as number[])[col] as number) < 1e-12) return null;
    [m[col], m[pivot]] = [m[pivot] as number[], m[col] as number[]];
    const p = m[col] as number[];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = m[r] as number[];
      const f = (row[col] as number) / (p[col] as number);
      for (let c = col; c <= n; c++) row[c] = (row[c] as number) - f * (p[c] as number);
    }
  }
  return m.map((row, i) => (row[n] as number) / (row[i] as number));
}

/**
 * Fits the segmented regression of one series around `breakAt` by ordinary least squares, with
 * t intervals at `level` (default 0.95). Missing values (null) are left out, never taken as 0.
 * Needs at least 2 observations on each side and 1 residual degree of freedom. Pure.
 */
export function trendBreak(
  times: readonly number[],
  values: readonly (number | null)[],
  breakAt: number,
  level = 0.95,
): TrendBreak {
  const pts: [number, number][] = [];
  times.forEach((t, i) => {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) pts.push([t, v]);
  });
  const before = pts.filter(([t]) => t < breakAt).map(([, v]) => v);
  const after = pts.filter(([t]) => t >= breakAt).map(([, v]) => v);
  const meanBefore = mean(before);
  const meanAfter = mean(after);
  const base = {
    kind: 'descriptive' as const,
    nBefore: before.length,
    nAfter: after.length,
    meanBefore,
    meanAfter,
    relativeChange:
      meanBefore !== null && meanAfter !== null && meanBefore !== 0 ? (meanAfter - meanBefore) / meanBefore : null,
    level,
  };
  if (before.length < 2 || after.length < 2 || pts.length < 5) {
    return { ...base, estimable: false, reason: 'needs at least 2 periods on each side of the break and 5 in all' };
  }
  const rows = pts.map(([t]) => {
    const d = t >= breakAt ? 1 : 0;
    const x = t - breakAt;
    return [1, x, d, x * d];
  });
  const y = pts.map(([, v]) => v);
  const k = 4;
  const xtx = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => rows.reduce((s, r) => s + (r[i] as number) * (r[j] as number), 0)),
  );
  const xty = Array.from({ length: k }, (_, i) => rows.reduce((s, r, n) => s + (r[i] as number) * (y[n] as number), 0));
  const beta = solve(xtx, xty);
  if (!beta)
    return {
      ...base,
      estimable: false,
      reason: 'the periods on one side all fall on one time: no slope can be fitted',
    };
  const df = pts.length - k;
  if (df < 1) return { ...base, estimable: false, reason: 'no residual degree of freedom' };
  const rss = rows.reduce((s, r, n) => {
    const fit = r.reduce((a, x, j) => a + x * (beta[j] as number), 0);
    return s + ((y[n] as number) - fit) ** 2;
  }, 0);
  const sigma2 = rss / df;
  const tq = studentTQuantile(1 - (1 - level) / 2, df);
  const interval = (j: number): TrendInterval => {
    const e = Array.from({ length: k }, (_, i) => (i === j ? 1 : 0));
    const col = solve(xtx, e) as number[];
    const se = Math.sqrt(Math.max(0, sigma2 * (col[j] as number)));
    const est = beta[j] as number;
    return { estimate: est, se, lower: est - tq * se, upper: est + tq * se };
  };
  return {
    ...base,
    estimable: true,
    slopeBefore: interval(1),
    levelChange: interval(2),
    slopeChange: interval(3),
    residualSe: Math.sqrt(sigma2),
    df,
  };
}
