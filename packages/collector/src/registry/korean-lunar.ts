import KoreanLunarCalendarModule from 'korean-lunar-calendar';

// Node and Vite load the package's ES build, whose default export is the converter class. Its
// types are read as CommonJS under NodeNext (the package has no "type": "module"), where the
// class sits one `.default` deeper: the cast only says what the runtime already holds.
const KoreanLunarCalendar = KoreanLunarCalendarModule as unknown as typeof KoreanLunarCalendarModule.default;

/**
 * Last year whose lunar holidays are known: the package carries KASI's (한국천문연구원) table of
 * the Korean lunar calendar up to lunar 2050-11-18, so 설날 2051 is beyond it.
 */
export const KOREAN_LUNAR_LAST_YEAR = 2050;

const pad = (n: number): string => String(n).padStart(2, '0');

// The converter is stateful (set a date, read the other calendar); one instance is enough in a
// single-threaded process because each call sets and reads without awaiting in between.
let converter: InstanceType<typeof KoreanLunarCalendar> | undefined;

/**
 * The solar date (`YYYY-MM-DD`) of a day of the Korean lunar calendar, or `undefined` when the
 * date is outside KASI's table (lunar 1000-01-01 to 2050-11-18) or does not exist.
 *
 * The Korean calendar is computed for UTC+9 and the Chinese one for UTC+8, so a new moon close
 * to midnight puts a month one day apart: 설날 2027 is 02-07 in Korea and 02-06 in China.
 */
export function koreanLunarToSolar(year: number, month: number, day: number, leapMonth = false): string | undefined {
  converter ??= new KoreanLunarCalendar();
  if (!converter.setLunarDate(year, month, day, leapMonth)) return undefined;
  const s = converter.getSolarCalendar();
  return `${s.year}-${pad(s.month)}-${pad(s.day)}`;
}
