/**
 * Log-spaced histograms of durations (cycle times, lead times) in seconds. Bins grow by 1 %
 * each from 0.01 s to 10^7 s (about 116 days), so a bin's geometric middle is within ±0.5 %
 * of every value in it, and a quantile read from the bins is within ±0.5 % of the same
 * quantile of the raw values. Counts are added bin by bin, so merging the hours' histograms
 * gives the day's exactly, whatever the order.
 *
 * The idea is the relative-error sketch of DDSketch (Masson, Rim & Lee, VLDB 2019) with
 * fixed bounds, which keeps the bins of every histogram aligned and the stored JSON small
 * (only occupied bins are kept).
 */
import { z } from 'zod';
import type { DurationHistogram } from './elements.js';

/** Lower edge of bin 0, seconds. Shorter positive durations are counted in bin 0. */
export const HISTOGRAM_MIN_S = 0.01;
/** Upper edge the bins reach, seconds. Longer durations are counted in the last bin. */
export const HISTOGRAM_MAX_S = 1e7;
/** Ratio of a bin's upper edge to its lower edge. */
export const HISTOGRAM_BIN_RATIO = 1.01;

const LN_RATIO = Math.log(HISTOGRAM_BIN_RATIO);
/** Number of bins; indices run 0 … HISTOGRAM_BINS − 1. */
export const HISTOGRAM_BINS = Math.ceil(Math.log(HISTOGRAM_MAX_S / HISTOGRAM_MIN_S) / LN_RATIO);

/** A stored histogram: bin indices in range, whole positive counts. */
export const DurationHistogramSchema = z.record(
  z
    .string()
    .regex(/^(0|[1-9]\d*)$/)
    .refine((k) => Number(k) < HISTOGRAM_BINS, { message: `bin index past ${HISTOGRAM_BINS - 1}` }),
  z.number().int().positive(),
);

/**
 * The bin of a duration, or null when the duration cannot be a duration (≤ 0, NaN, ±∞).
 * Durations below {@link HISTOGRAM_MIN_S} fall in bin 0 and above {@link HISTOGRAM_MAX_S}
 * in the last bin: they are counted, but their quantiles lose the ±0.5 % bound.
 */
export function histogramBin(durationS: number): number | null {
  if (!Number.isFinite(durationS) || durationS <= 0) return null;
  const i = Math.floor(Math.log(durationS / HISTOGRAM_MIN_S) / LN_RATIO);
  return Math.min(HISTOGRAM_BINS - 1, Math.max(0, i));
}

/** The representative value of a bin: the geometric middle of its edges, seconds. */
export function histogramBinMiddle(bin: number): number {
  return HISTOGRAM_MIN_S * HISTOGRAM_BIN_RATIO ** (bin + 0.5);
}

/**
 * Counts one duration into `h` (in place, as a rollup does while it walks readings).
 * @returns true when counted; false when refused (≤ 0, NaN or ±∞), and `h` is unchanged.
 *   The caller counts the refusals it wants to report; {@link histogramOf} does it for a list.
 */
export function addDuration(h: DurationHistogram, durationS: number): boolean {
  const key = binKey(durationS);
  if (key === null) return false;
  addToBin(h, key, 1);
  return true;
}

/** The key of a duration's bin in a stored histogram, or null where {@link histogramBin} is null. */
export function binKey(durationS: number): string | null {
  const bin = histogramBin(durationS);
  return bin === null ? null : String(bin);
}

/**
 * Counts `count` durations into the bin `key` of {@link binKey}: a rollup adds one duration to
 * every row it names (the workshop, the machine, the product, the worker, by hour and by day),
 * and the logarithm and the key, worked out once, had taken 15 % of the KPI engine's time.
 */
export function addToBin(h: DurationHistogram, key: string, count: number): void {
  h[key] = (h[key] ?? 0) + count;
}

/** The histogram of a list of durations, and how many of them were refused (see {@link addDuration}). */
export function histogramOf(durationsS: Iterable<number>): { hist: DurationHistogram; refused: number } {
  const hist: DurationHistogram = {};
  let refused = 0;
  for (const d of durationsS) if (!addDuration(hist, d)) refused++;
  return { hist, refused };
}

/** A new histogram with the counts of `a` and `b` added bin by bin; neither input changes. */
export function mergeHistograms(a: DurationHistogram, b: DurationHistogram): DurationHistogram {
  return addHistogramInto({ ...a }, b);
}

/** Adds the counts of `b` into `into` and returns it (the accumulating form of {@link mergeHistograms}). */
export function addHistogramInto(into: DurationHistogram, b: DurationHistogram): DurationHistogram {
  for (const key in b) into[key] = (into[key] ?? 0) + (b[key] as number);
  return into;
}

/** How many durations the histogram holds. */
export function histogramCount(h: DurationHistogram): number {
  let n = 0;
  for (const c of Object.values(h)) n += c;
  return n;
}

/** ⌈x⌉, but x within 1e-9 of a whole number is that number: 0.7 × 10 is 7.000000000000001 in binary floating point. */
function ceilRank(x: number): number {
  const whole = Math.round(x);
  return Math.abs(x - whole) <= 1e-9 * Math.max(1, whole) ? whole : Math.ceil(x);
}

/**
 * The q-quantile of the durations in `h`, seconds, or null when `h` is empty.
 *
 * Definition: nearest rank on the bin counts. With N durations, the quantile is the
 * ⌈q·N⌉-th smallest (the 1st for q = 0), and the value returned is the geometric middle of
 * the bin that holds it. That is Hyndman & Fan's type 1 (the inverse of the empirical
 * distribution function) read to ±0.5 %; the median of an even count is the lower middle
 * value, not the mean of the two.
 * @param q in [0, 1]; anything else is a programmer error and throws.
 */
export function histogramQuantile(h: DurationHistogram, q: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${q}`);
  const n = histogramCount(h);
  if (n === 0) return null;
  const rank = Math.max(1, ceilRank(q * n));
  const bins = Object.keys(h)
    .map(Number)
    .sort((x, y) => x - y);
  let seen = 0;
  for (const bin of bins) {
    seen += h[String(bin)] ?? 0;
    if (seen >= rank) return histogramBinMiddle(bin);
  }
  // Unreachable while counts are non-negative: the loop ends with seen = n ≥ rank.
  return histogramBinMiddle(bins[bins.length - 1]!);
}
