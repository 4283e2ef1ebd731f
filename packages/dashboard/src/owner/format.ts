import { TIME_ZONE } from '../shared/format';

/** A time of day in Seoul as hours and minutes, in the reader's locale. */
export function formatClock(locale: string, ms: number): string {
  return new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: TIME_ZONE,
  }).format(ms);
}

/** A duration in the largest unit that keeps it readable: seconds, minutes, or hours with a decimal. */
export function formatDuration(locale: string, seconds: number): string {
  const unit = (u: 'second' | 'minute' | 'hour', v: number, digits = 0) =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: u,
      unitDisplay: 'short',
      maximumFractionDigits: digits,
    }).format(v);
  if (seconds < 90) return unit('second', seconds, seconds < 10 ? 1 : 0);
  if (seconds < 5400) return unit('minute', seconds / 60);
  return unit('hour', seconds / 3600, 1);
}

/** A number with at most `digits` decimals in the reader's locale. */
export function formatNumber(locale: string, n: number, digits = 1): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
}

/** The Monday of the ISO week `weeks` weeks before the one holding `day` (YYYY-MM-DD). */
export function mondayWeeksBefore(day: string, weeks: number): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  const dow = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - (dow + 7 * weeks) * 86_400_000).toISOString().slice(0, 10);
}
