import { addDays, kstDayStartMs } from './periods.js';

/**
 * Told after a manual entry or a stop reason was written: the KPI inputs of `workshopId` in
 * the UTC range [fromMs, toMs) changed, so rollups over it are stale. Called after the write
 * committed and awaited; it should only note the range (the recomputation runs elsewhere). If
 * it throws, the write stays stored and the caller gets the error.
 */
export type MetricsInputListener = (workshopId: string, fromMs: number, toMs: number) => void | Promise<void>;

/** A listener that does nothing: the default until the rollups are wired in. */
export const ignoreMetricsInputChange: MetricsInputListener = () => {};

/** The KST day `YYYY-MM-DD` as UTC ms: [00:00 KST, next 00:00 KST). */
export function kstDayRangeMs(day: string): { fromMs: number; toMs: number } {
  return { fromMs: kstDayStartMs(day), toMs: kstDayStartMs(addDays(day, 1)) };
}

/**
 * KST days as few UTC ranges: consecutive days merge into one range, so a month of imported
 * entries is one change, and a gap between two days is not reported as changed.
 */
export function kstDayRuns(days: Iterable<string>): { fromMs: number; toMs: number }[] {
  const ranges = [...new Set(days)].sort().map(kstDayRangeMs);
  const out: { fromMs: number; toMs: number }[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && last.toMs === r.fromMs) last.toMs = r.toMs;
    else out.push({ ...r });
  }
  return out;
}
