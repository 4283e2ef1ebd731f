import { koreanPublicHolidays } from '@gongbang/collector';

const DAY_MS = 86_400_000;
const shift = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/**
 * The workshop's own extra days off around the 설날 and 추석 breaks (the law's three days,
 * substitute days included, come from the collector's calendar with `publicHolidaysOff`):
 * `extra` days before and after each break, within [fromDay, toDay].
 */
export function holidayBridgeDays(fromDay: string, toDay: string, extra: number): { date: string; reason: string }[] {
  if (extra <= 0) return [];
  const out = new Map<string, string>();
  for (let y = Number(fromDay.slice(0, 4)); y <= Number(toDay.slice(0, 4)); y++) {
    for (const name of ['설날', '추석']) {
      const days = koreanPublicHolidays(y)
        .filter((h) => h.name.startsWith(name))
        .map((h) => h.date)
        .sort();
      if (days.length === 0) continue;
      for (let k = 1; k <= extra; k++) {
        out.set(shift(days[0]!, -k), `${name} 앞 휴무`);
        out.set(shift(days[days.length - 1]!, k), `${name} 뒤 휴무`);
      }
    }
  }
  return [...out]
    .filter(([d]) => d >= fromDay && d <= toDay && !isHoliday(d))
    .sort()
    .map(([date, reason]) => ({ date, reason }));
}

function isHoliday(day: string): boolean {
  return koreanPublicHolidays(Number(day.slice(0, 4))).some((h) => h.date === day);
}
