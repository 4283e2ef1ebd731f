/** All times are shown in the workshops' zone; numbers and dates in the reader's locale. */
export const TIME_ZONE = 'Asia/Seoul';

/** Today's date in Seoul as YYYY-MM-DD (the API's KST day). */
export function seoulToday(nowMs = Date.now()): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(nowMs);
}

export function formatPercent(locale: string, ratio: number): string {
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
    ratio,
  );
}

export function formatCount(locale: string, n: number): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** A date (YYYY-MM-DD, a KST day) in the reader's locale. */
export function formatDay(locale: string, day: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(Date.parse(`${day}T00:00:00Z`));
}

/** A time of day in Seoul, in the reader's locale. */
export function formatTime(locale: string, ms: number): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'medium', timeZone: TIME_ZONE }).format(ms);
}
