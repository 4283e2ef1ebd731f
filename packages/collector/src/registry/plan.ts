import type { PlannedWindow } from '../metrics/inputs.js';
import { kstDayOf, kstDayStartMs } from '../metrics/periods.js';
import { planDay } from './calendar.js';
import type { Calendar } from './schemas.js';
import { shiftsOf, weekdayOf, workSpans } from './shifts.js';

export { KST_OFFSET_MS, kstDayOf, kstDayStartMs } from '../metrics/periods.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * Pure: every planned window of the shifts that start on the KST days `fromDay`..`toDay`
 * inclusive, breaks cut out (a shift with one break gives two windows with the same
 * `shiftDay` and `shift`), in UTC ms, sorted by start. A night shift belongs to its start day,
 * so its windows may end after `toDay`; it is off when its start day is a holiday or day off.
 *
 * @throws HttpError `invalid` when public holidays are days off and a year's holidays are unknown (see planDay).
 */
export function plannedWindows(calendar: Calendar, fromDay: string, toDay: string): PlannedWindow[] {
  const out: PlannedWindow[] = [];
  const last = kstDayStartMs(toDay);
  for (let dayStart = kstDayStartMs(fromDay); dayStart <= last; dayStart += DAY_MS) {
    const day = kstDayOf(dayStart);
    if (!planDay(calendar, day).working) continue;
    shiftsOf(calendar.weekly[weekdayOf(day)]).forEach((shift, index) => {
      for (const w of workSpans(shift)) {
        out.push({
          shiftDay: day,
          shift: index,
          startMs: dayStart + w.startMin * MINUTE_MS,
          endMs: dayStart + w.endMin * MINUTE_MS,
        });
      }
    });
  }
  // Shifts of a day may be listed in any order; the engine walks windows in time.
  return out.sort((a, b) => a.startMs - b.startMs);
}
