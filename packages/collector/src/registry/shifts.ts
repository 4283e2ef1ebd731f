/**
 * Pure shift arithmetic on one scale: minutes from the KST midnight of the day a shift starts
 * on. A shift that crosses midnight ends past 1440; a break after midnight in such a shift
 * lies past 1440 too. The schemas validate with it, planDay and plannedWindows plan with it.
 */

/** Minutes in a day. */
export const DAY_MINUTES = 1440;

/** Weekday keys of a calendar, in `Date.getUTCDay()` order (Sunday first). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A wall-clock span, `HH:MM` each end (KST). */
export interface ClockSpan {
  start: string;
  end: string;
}

/** A shift as the calendar holds it: start and end on the wall clock, breaks inside it. */
export interface ShiftLike extends ClockSpan {
  breaks?: readonly ClockSpan[];
}

/** A span in minutes from the midnight of the shift's start day; start inclusive, end exclusive. */
export interface MinuteSpan {
  startMin: number;
  endMin: number;
}

/** `HH:MM` → minutes after midnight. */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The weekday key of a `YYYY-MM-DD` date (the date is a calendar date, so UTC arithmetic is exact). */
export const weekdayOf = (date: string): Weekday => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] as Weekday;

/** The shifts of one weekday: none for a day off, the single span of the original format as one shift. */
export function shiftsOf<S extends ShiftLike>(day: S | readonly S[] | null | undefined): readonly S[] {
  if (!day) return [];
  return Array.isArray(day) ? (day as readonly S[]) : [day as S];
}

/** The shift's span; an end at or before the start is on the next day (22:00–06:00 is 8 h). */
export function shiftSpan(shift: ClockSpan): MinuteSpan {
  const startMin = minutesOf(shift.start);
  let endMin = minutesOf(shift.end);
  if (endMin <= startMin) endMin += DAY_MINUTES;
  return { startMin, endMin };
}

/**
 * A break's span on its shift's scale, or undefined when it does not lie inside the shift.
 * A break clock time before the shift's start is read as the next day (02:00 in 22:00–06:00).
 */
export function breakSpan(shift: MinuteSpan, brk: ClockSpan): MinuteSpan | undefined {
  let startMin = minutesOf(brk.start);
  if (startMin < shift.startMin) startMin += DAY_MINUTES;
  let endMin = minutesOf(brk.end);
  while (endMin <= startMin) endMin += DAY_MINUTES;
  return endMin <= shift.endMin ? { startMin, endMin } : undefined;
}

/**
 * The working parts of a shift: its span with the breaks cut out, in order. Overlapping
 * breaks are cut out once (their union), and breaks outside the shift are ignored: the
 * schema refuses both, but a calendar stored before that rule still plans.
 */
export function workSpans(shift: ShiftLike): MinuteSpan[] {
  const span = shiftSpan(shift);
  const cuts = (shift.breaks ?? [])
    .map((b) => breakSpan(span, b))
    .filter((b): b is MinuteSpan => b !== undefined)
    .sort((a, b) => a.startMin - b.startMin);
  const out: MinuteSpan[] = [];
  let at = span.startMin;
  for (const cut of cuts) {
    if (cut.startMin > at) out.push({ startMin: at, endMin: cut.startMin });
    at = Math.max(at, cut.endMin);
  }
  if (span.endMin > at) out.push({ startMin: at, endMin: span.endMin });
  return out;
}

/** Minutes of work in a shift (its span minus its breaks). */
export const workMinutes = (shift: ShiftLike): number =>
  workSpans(shift).reduce((sum, s) => sum + s.endMin - s.startMin, 0);
