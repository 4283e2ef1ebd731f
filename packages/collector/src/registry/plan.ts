import type { PlannedWindow } from '../metrics/inputs.js';
import { planDay } from './calendar.js';
import type { Calendar } from './schemas.js';
import { shiftsOf, weekdayOf, workSpans } from './shifts.js';

/** KST is UTC+9 all year: Korea has had no daylight saving time since 1988. */
export const KST_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * UTC ms of the KST midnight that starts `day` (`YYYY-MM-DD`).
 *
 * @throws Error for anything but a real calendar date (a programmer error: routes validate dates).
 */
export function kstDayStartMs(day: string): number {
  const utcMidnight = /^\d{4}-\d\d-\d\d$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
  // Date.parse rolls 2026-02-30 over to March; the round trip catches it.
  if (Number.isNaN(utcMidnight) || new Date(utcMidnight).toISOString().slice(0, 10) !== day) {
    throw new Error(`kstDayStartMs: expected a YYYY-MM-DD date, got ${JSON.stringify(day)}`);
  }
  return utcMidnight - KST_OFFSET_MS;
}

/** The KST date (`YYYY-MM-DD`) of an instant in UTC ms. */
export function kstDayOf(ms: number): string {
  return new Date(ms + KST_OFFSET_MS).toISOString().slice(0, 10);
}

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
