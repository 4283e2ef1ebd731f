import { kstDayOf, kstDayStartMs } from '@gongbang/collector';

const DAY_MS = 86_400_000;

/**
 * A `kstDayOf` that remembers the last day it named: the simulator asks for the day of every
 * unit and stop in time order, and formatting a date each time was more than half of a
 * programme's simulation time (a printing workshop makes ~1.7 million units in 5 months). KST has
 * no daylight saving, so a day is a fixed 24 h range. Same answers as `kstDayOf`, in any order.
 */
export function dayOfCache(): (ms: number) => string {
  let startMs = Number.NaN;
  let day = '';
  return (ms) => {
    if (ms >= startMs && ms < startMs + DAY_MS) return day;
    day = kstDayOf(ms);
    startMs = kstDayStartMs(day);
    return day;
  };
}
