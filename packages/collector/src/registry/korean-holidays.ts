import { HttpError } from '../core/index.js';
import { KOREAN_LUNAR_LAST_YEAR, koreanLunarToSolar } from './korean-lunar.js';

/** A Korean public holiday (공휴일) or substitute holiday (대체공휴일) on one day. */
export interface PublicHoliday {
  /** `YYYY-MM-DD`. */
  date: string;
  /** Korean name, e.g. `추석`, `추석 연휴`, `광복절 (대체공휴일)`. */
  name: string;
  /** English name, e.g. `Chuseok`, `Chuseok holidays`, `Liberation Day (substitute holiday)`. */
  nameEn: string;
}

/**
 * First year computed: the set of public holidays is the present one since 2008, when 제헌절
 * stopped being one (관공서의 공휴일에 관한 규정, amended 2006-09). Earlier years had 식목일 and
 * 제헌절, which the table does not carry.
 */
export const KOREAN_HOLIDAYS_FIRST_YEAR = 2008;
/** Last year computed: the end of the Korean lunar table (see `KOREAN_LUNAR_LAST_YEAR`). */
export const KOREAN_HOLIDAYS_LAST_YEAR = KOREAN_LUNAR_LAST_YEAR;

interface HolidayRule {
  ko: string;
  en: string;
  /** `[month, day]` of the solar or of the Korean lunar calendar. */
  solar?: readonly [number, number];
  lunar?: readonly [number, number];
  /** A three-day break: the eve, the day and the day after (설날, 추석). */
  threeDays?: boolean;
  /** First year the day is a public holiday, when later than the table's first year. */
  since?: number;
  /** Substitute days: from which year, and whether a Saturday is an overlap (it is not for the breaks). */
  substitute?: { since: number; saturday: boolean };
}

// 관공서의 공휴일에 관한 규정 제2조 (the days) and 제3조 (substitute days), with 공휴일에 관한 법률
// 제2조·제3조 since 2021. Substitute days came in three steps:
// - 2014 (규정 amended 2013-11-05): 설날 and 추석 breaks when a day of the break is a Sunday or
//   another holiday; 어린이날 also when it is a Saturday. First one: 2014-09-10 after 추석.
// - 2021 (공휴일에 관한 법률, 2021-07-07): the national days that are holidays, 3·1절, 광복절,
//   개천절 and 한글날, on a Saturday, a Sunday or another holiday. First one: 2021-08-16.
// - 2023 (규정 amended 2023-05-04): 부처님오신날 and 기독탄신일. First one: 2023-05-29.
// 제헌절 is a holiday again from 2026 (공휴일에 관한 법률 amended 2026, all national days are
// holidays) and, as a national day, has substitute days from then on.
const RULES: readonly HolidayRule[] = [
  { ko: '신정', en: "New Year's Day", solar: [1, 1] },
  { ko: '설날', en: 'Seollal', lunar: [1, 1], threeDays: true, substitute: { since: 2014, saturday: false } },
  { ko: '3·1절', en: 'Independence Movement Day', solar: [3, 1], substitute: { since: 2021, saturday: true } },
  { ko: '어린이날', en: "Children's Day", solar: [5, 5], substitute: { since: 2014, saturday: true } },
  // Named 석가탄신일 until the 2017-10 amendment of the 규정.
  { ko: '부처님오신날', en: "Buddha's Birthday", lunar: [4, 8], substitute: { since: 2023, saturday: true } },
  { ko: '현충일', en: 'Memorial Day', solar: [6, 6] },
  { ko: '제헌절', en: 'Constitution Day', solar: [7, 17], since: 2026, substitute: { since: 2026, saturday: true } },
  { ko: '광복절', en: 'Liberation Day', solar: [8, 15], substitute: { since: 2021, saturday: true } },
  { ko: '추석', en: 'Chuseok', lunar: [8, 15], threeDays: true, substitute: { since: 2014, saturday: false } },
  { ko: '개천절', en: 'National Foundation Day', solar: [10, 3], substitute: { since: 2021, saturday: true } },
  // A holiday again from 2013 (규정 amended 2012-12-28), after 1991–2012 without.
  { ko: '한글날', en: 'Hangeul Day', solar: [10, 9], since: 2013, substitute: { since: 2021, saturday: true } },
  { ko: '기독탄신일', en: 'Christmas Day', solar: [12, 25], substitute: { since: 2023, saturday: true } },
];

const DAY_MS = 86_400_000;
const pad = (n: number): string => String(n).padStart(2, '0');
const addDays = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
const SUNDAY = 0;
const SATURDAY = 6;

interface Occurrence {
  rule: HolidayRule;
  /** One day, or the eve, the day and the day after. */
  days: string[];
}

function occurrencesOf(year: number): Occurrence[] {
  const out: Occurrence[] = [];
  for (const rule of RULES) {
    if (rule.since !== undefined && year < rule.since) continue;
    const main = rule.solar
      ? `${year}-${pad(rule.solar[0])}-${pad(rule.solar[1])}`
      : koreanLunarToSolar(year, rule.lunar![0], rule.lunar![1]);
    // Unreachable inside the supported years; kept so a shorter table fails loudly, not silently.
    if (!main) throw new Error(`no Korean lunar date for ${rule.ko} ${year}`);
    out.push({ rule, days: rule.threeDays ? [addDays(main, -1), main, addDays(main, 1)] : [main] });
  }
  return out;
}

interface Ranked extends PublicHoliday {
  /** 1 for the days of a break and their substitutes, so a single holiday on the same day comes first. */
  rank: number;
}
const entry = (rule: HolidayRule, date: string, name: string, nameEn: string): Ranked => ({
  date,
  name,
  nameEn,
  rank: rule.threeDays ? 1 : 0,
});

function computeYear(year: number): readonly PublicHoliday[] {
  const occurrences = occurrencesOf(year);
  const holidaysOn = new Map<string, number>();
  for (const o of occurrences) for (const d of o.days) holidaysOn.set(d, (holidaysOn.get(d) ?? 0) + 1);

  const list: Ranked[] = [];
  for (const { rule, days } of occurrences) {
    for (const d of days) {
      const main = days.length === 1 || d === days[1];
      list.push(entry(rule, d, main ? rule.ko : `${rule.ko} 연휴`, main ? rule.en : `${rule.en} holidays`));
    }
  }

  for (const { rule, days } of occurrences) {
    const sub = rule.substitute;
    if (!sub || year < sub.since) continue;
    // One substitute day per day of the holiday that is a Sunday, another holiday or (where the
    // rule says so) a Saturday: 2036's 추석 break holds 개천절 and a Sunday and earns two days.
    const overlaps = days.filter((d) => {
      const wd = weekdayOf(d);
      return wd === SUNDAY || (sub.saturday && wd === SATURDAY) || (holidaysOn.get(d) ?? 0) > 1;
    }).length;
    // 제3조: "그 날 다음의 첫 번째 비공휴일" — the first following day that is no holiday. The
    // announced days are all weekdays, so Saturdays are passed over too. Each holiday's own
    // substitute days follow one another; two holidays on one day (어린이날 and 부처님오신날 in
    // 2025, 개천절 in 추석 2028) name the same first day, one day off for one overlap.
    let d = days[days.length - 1]!;
    for (let n = 0; n < overlaps; n++) {
      do d = addDays(d, 1);
      while (weekdayOf(d) === SUNDAY || weekdayOf(d) === SATURDAY || holidaysOn.has(d));
      list.push(entry(rule, d, `${rule.ko} (대체공휴일)`, `${rule.en} (substitute holiday)`));
    }
  }
  // On a day of two holidays the single one is named first (개천절 before 추석 in 2028), then the
  // order of the law's list (어린이날 before 부처님오신날); the sort is stable.
  list.sort((a, b) => a.date.localeCompare(b.date) || a.rank - b.rank);
  return Object.freeze(list.map(({ date, name, nameEn }) => Object.freeze({ date, name, nameEn })));
}

const cache = new Map<number, readonly PublicHoliday[]>();

/**
 * Korean public holidays of `year` and their substitute days, from the rules of the law and the
 * Korean lunar calendar: 설날 and 추석 as three-day breaks (`… 연휴` for the eve and the day after).
 * Two holidays on one day stay two entries, as the law names both.
 *
 * One-off days off (election days, temporary holidays the government declares) are in no rule:
 * a workshop adds them as its own days off.
 *
 * @throws HttpError `invalid` for a year outside 2008–2050.
 */
export function koreanPublicHolidays(year: number): readonly PublicHoliday[] {
  let list = cache.get(year);
  if (list) return list;
  if (!Number.isInteger(year) || year < KOREAN_HOLIDAYS_FIRST_YEAR || year > KOREAN_HOLIDAYS_LAST_YEAR) {
    throw new HttpError(
      'invalid',
      `Korean public holidays are known for ${KOREAN_HOLIDAYS_FIRST_YEAR}–${KOREAN_HOLIDAYS_LAST_YEAR} ` +
        `(the lunar table ends in ${KOREAN_LUNAR_LAST_YEAR}); got year ${year}`,
    );
  }
  list = computeYear(year);
  cache.set(year, list);
  return list;
}
