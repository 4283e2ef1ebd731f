import { TIME_ZONE } from '../shared/format';

/** An agent counts as online when its last heartbeat is this recent (it beats every minute by default). */
export const ONLINE_WITHIN_MS = 3 * 60_000;

/** Online from the last heartbeat: a missing or old one is offline, never guessed. */
export function isOnline(lastSeenAt: string | null, nowMs: number): boolean {
  if (!lastSeenAt) return false;
  return nowMs - Date.parse(lastSeenAt) <= ONLINE_WITHIN_MS;
}

/** Date and time in Seoul, in the reader's locale. */
export function formatDateTime(locale: string, ms: number | string): string {
  const t = typeof ms === 'string' ? Date.parse(ms) : ms;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium', timeZone: TIME_ZONE }).format(t);
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** How long ago, in words of the reader's language ("3분 전", "3 minutes ago"). */
export function formatAgo(locale: string, thenMs: number, nowMs: number): string {
  const diff = thenMs - nowMs;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'second') return rtf.format(Math.trunc(diff / ms), unit);
  }
  return rtf.format(0, 'second');
}

/** A length of time in its two largest units ("1일 3시간", "2 min 5 s"), for ages and uptimes. */
export function formatDuration(locale: string, ms: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(ms));
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || (parts.length === 0 && unit === 'second')) {
      parts.push(new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(n));
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/** A signed clock offset in ms or s ("+350 ms", "−2.5 s"). */
export function formatOffset(locale: string, ms: number): string {
  const abs = Math.abs(ms);
  const sign = ms > 0 ? '+' : ms < 0 ? '−' : '';
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return abs < 1000 ? `${sign}${n.format(abs)} ms` : `${sign}${n.format(abs / 1000)} s`;
}
