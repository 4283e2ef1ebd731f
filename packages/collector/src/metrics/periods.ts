/**
 * Periods in Asia/Seoul. KST is UTC+9 all year (no daylight saving since 1988), so an hour, a
 * day, an ISO week and a month are fixed offsets from UTC and need no time-zone database.
 */

/** KST is UTC+9 all year: Korea has had no daylight saving time since 1988. */
export const KST_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export const GRANULARITIES = ['hour', 'shift', 'day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

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

/** The KST date (YYYY-MM-DD) of a UTC instant. */
export function kstDayOf(ms: number): string {
  return new Date(ms + KST_OFFSET_MS).toISOString().slice(0, 10);
}

/** `day` plus `n` days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to` inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The KST hour label `YYYY-MM-DDTHH` of a UTC instant. */
export function kstHourOf(ms: number): string {
  return new Date(ms + KST_OFFSET_MS).toISOString().slice(0, 13);
}

/** UTC ms of the start of the hour containing `ms`. Whole-hour offsets make KST hours UTC hours. */
export function hourStartMs(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/** ISO 8601 week label `GGGG-Www` of a KST date (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(d.getTime() + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday (KST date) of the ISO week containing `day`. */
export function isoWeekMonday(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** Month label `YYYY-MM` of a KST date. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** The label of the period of `granularity` that holds KST `day` (hours and shifts: not by day). */
export function periodOfDay(granularity: 'day' | 'week' | 'month', day: string): string {
  if (granularity === 'day') return day;
  if (granularity === 'week') return isoWeekOf(day);
  return monthOf(day);
}

/** UTC ms where a period label starts: hour `YYYY-MM-DDTHH`, day, week `GGGG-Www`, month `YYYY-MM`, shift `YYYY-MM-DD#n`. */
export function periodStartMs(granularity: Granularity, period: string): number {
  switch (granularity) {
    case 'hour':
      return Date.parse(`${period}:00:00Z`) - KST_OFFSET_MS;
    case 'shift':
    case 'day':
      return kstDayStartMs(period.slice(0, 10));
    case 'week': {
      const year = Number(period.slice(0, 4));
      const week = Number(period.slice(6));
      const jan4 = `${year}-01-04`;
      return kstDayStartMs(addDays(isoWeekMonday(jan4), (week - 1) * 7));
    }
    case 'month':
      return kstDayStartMs(`${period}-01`);
  }
}

/** The first day of the month after `month` (YYYY-MM). */
export function nextMonthStart(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}
