import { describe, expect, it } from 'vitest';
import { koreanPublicHolidays, planDay } from '../../src/registry/calendar.js';

const list = (year: number) => koreanPublicHolidays(year).map((h) => `${h.date.slice(5)} ${h.name}`);
const on = (date: string) => koreanPublicHolidays(Number(date.slice(0, 4))).filter((h) => h.date === date);

describe('Korean public holidays as announced', () => {
  // The government's announcements (인사혁신처 월력요항) for 2024–2027, and for 2028 what the
  // rules give (not announced yet). One-off days off are left out on purpose: they are in no
  // rule (2024-04-10 and 2028-04-12 general elections, 2024-10-01 국군의 날, 2025-01-27,
  // 2025-06-03 presidential election, 2026-06-03 local elections); workshops add them as own days off.
  it.each([
    [
      2024,
      '01-01 신정, 02-09 설날 연휴, 02-10 설날, 02-11 설날 연휴, 02-12 설날 (대체공휴일), 03-01 3·1절, ' +
        '05-05 어린이날, 05-06 어린이날 (대체공휴일), 05-15 부처님오신날, 06-06 현충일, 08-15 광복절, ' +
        '09-16 추석 연휴, 09-17 추석, 09-18 추석 연휴, 10-03 개천절, 10-09 한글날, 12-25 기독탄신일',
    ],
    [
      2025,
      '01-01 신정, 01-28 설날 연휴, 01-29 설날, 01-30 설날 연휴, 03-01 3·1절, 03-03 3·1절 (대체공휴일), ' +
        '05-05 어린이날, 05-05 부처님오신날, 05-06 어린이날 (대체공휴일), 05-06 부처님오신날 (대체공휴일), ' +
        '06-06 현충일, 08-15 광복절, 10-03 개천절, 10-05 추석 연휴, 10-06 추석, 10-07 추석 연휴, ' +
        '10-08 추석 (대체공휴일), 10-09 한글날, 12-25 기독탄신일',
    ],
    [
      2026,
      '01-01 신정, 02-16 설날 연휴, 02-17 설날, 02-18 설날 연휴, 03-01 3·1절, 03-02 3·1절 (대체공휴일), ' +
        '05-05 어린이날, 05-24 부처님오신날, 05-25 부처님오신날 (대체공휴일), 06-06 현충일, 07-17 제헌절, ' +
        '08-15 광복절, 08-17 광복절 (대체공휴일), 09-24 추석 연휴, 09-25 추석, 09-26 추석 연휴, 10-03 개천절, ' +
        '10-05 개천절 (대체공휴일), 10-09 한글날, 12-25 기독탄신일',
    ],
    [
      2027,
      '01-01 신정, 02-06 설날 연휴, 02-07 설날, 02-08 설날 연휴, 02-09 설날 (대체공휴일), 03-01 3·1절, ' +
        '05-05 어린이날, 05-13 부처님오신날, 06-06 현충일, 07-17 제헌절, 07-19 제헌절 (대체공휴일), ' +
        '08-15 광복절, 08-16 광복절 (대체공휴일), 09-14 추석 연휴, 09-15 추석, 09-16 추석 연휴, 10-03 개천절, ' +
        '10-04 개천절 (대체공휴일), 10-09 한글날, 10-11 한글날 (대체공휴일), 12-25 기독탄신일, ' +
        '12-27 기독탄신일 (대체공휴일)',
    ],
    [
      2028,
      '01-01 신정, 01-26 설날 연휴, 01-27 설날, 01-28 설날 연휴, 03-01 3·1절, 05-02 부처님오신날, ' +
        '05-05 어린이날, 06-06 현충일, 07-17 제헌절, 08-15 광복절, 10-02 추석 연휴, 10-03 개천절, 10-03 추석, ' +
        '10-04 추석 연휴, 10-05 개천절 (대체공휴일), 10-05 추석 (대체공휴일), 10-09 한글날, 12-25 기독탄신일',
    ],
  ])('lists every holiday of %i with its substitute days', (year, expected) => {
    expect(list(year).join(', ')).toBe(expected);
  });

  it('names every holiday in English too', () => {
    expect(on('2025-10-06')).toEqual([{ date: '2025-10-06', name: '추석', nameEn: 'Chuseok' }]);
    expect(on('2025-10-07')[0]?.nameEn).toBe('Chuseok holidays');
    expect(on('2026-08-17')[0]?.nameEn).toBe('Liberation Day (substitute holiday)');
    for (let year = 2008; year <= 2050; year++) {
      for (const h of koreanPublicHolidays(year)) expect(h.nameEn, `${h.date} ${h.name}`).toMatch(/^[A-Za-z' ()]+$/);
    }
  });
});

describe('Korean lunar holidays', () => {
  // Korea reckons the lunar calendar at UTC+9, China at UTC+8: a new moon just before midnight
  // in Beijing starts the month a day later in Seoul. A Chinese calendar gives the second dates.
  it.each([
    ['2023-05-27', '부처님오신날', '2023-05-26'],
    ['2027-02-07', '설날', '2027-02-06'],
    ['2028-01-27', '설날', '2028-01-26'],
    ['2040-09-21', '추석', '2040-09-20'],
  ])('puts %s %s on the Korean date, not the Chinese %s', (date, name, chinese) => {
    expect(on(date).map((h) => h.name)).toContain(name);
    expect(on(chinese).map((h) => h.name)).not.toContain(name);
  });

  it('follows KASI in 2033, whose leap month is the 11th: 추석 on 09-08', () => {
    expect(on('2033-09-08').map((h) => h.name)).toEqual(['추석']);
    expect(on('2033-10-07')).toEqual([]);
  });

  it('computes 설날 of the last year of the lunar table, 2050', () => {
    expect(list(2050).filter((h) => h.includes('설날'))).toEqual([
      '01-22 설날 연휴',
      '01-23 설날',
      '01-24 설날 연휴',
      '01-25 설날 (대체공휴일)',
    ]);
  });
});

describe('Korean substitute days by year of the law', () => {
  const substitutes = (year: number) => list(year).filter((h) => h.includes('대체공휴일'));

  it('starts them for the breaks and 어린이날 in 2014, not before', () => {
    // 2013: 추석 eve is no Sunday, but 어린이날 is one; no substitute day yet.
    expect(on('2013-05-05').map((h) => h.name)).toEqual(['어린이날']);
    expect(substitutes(2013)).toEqual([]);
    expect(substitutes(2014)).toEqual(['09-10 추석 (대체공휴일)']);
  });

  it('adds the national days in 2021: 광복절, 개천절 and 한글날 on a weekend', () => {
    // 2020-08-15 was a Saturday; 2020-08-17 was a one-off temporary holiday, not a substitute day.
    expect(substitutes(2020)).toEqual(['01-27 설날 (대체공휴일)']);
    expect(substitutes(2021)).toEqual([
      '08-16 광복절 (대체공휴일)',
      '10-04 개천절 (대체공휴일)',
      '10-11 한글날 (대체공휴일)',
    ]);
  });

  it('adds 부처님오신날 and 기독탄신일 in 2023, and 제헌절 with its return in 2026', () => {
    expect(on('2022-05-08').map((h) => h.name)).toEqual(['부처님오신날']); // a Sunday, no substitute
    expect(on('2022-12-25').map((h) => h.name)).toEqual(['기독탄신일']); // a Sunday, no substitute
    expect(substitutes(2022)).toEqual(['09-12 추석 (대체공휴일)', '10-10 한글날 (대체공휴일)']);
    expect(substitutes(2023)).toContain('05-29 부처님오신날 (대체공휴일)');
    expect(list(2025).some((h) => h.includes('제헌절'))).toBe(false);
    expect(substitutes(2027)).toContain('07-19 제헌절 (대체공휴일)');
  });

  it('does not count a Saturday in a break, but counts it for a single holiday', () => {
    // 2024 설날 Fri–Sun: the Sunday alone earns one day. 2026 광복절 on a Saturday earns one.
    expect(substitutes(2024).filter((h) => h.includes('설날'))).toEqual(['02-12 설날 (대체공휴일)']);
    expect(substitutes(2026)).toContain('08-17 광복절 (대체공휴일)');
  });

  it('gives a break two days for two overlaps, and passes over a holiday for the next free day', () => {
    // 2036 추석 Fri 10-03 (개천절) to Sun 10-05: two days, 10-06 and 10-07.
    expect(substitutes(2036).filter((h) => h.includes('추석'))).toEqual([
      '10-06 추석 (대체공휴일)',
      '10-07 추석 (대체공휴일)',
    ]);
    // 2036 부처님오신날 on Saturday 05-03; Monday 05-05 is 어린이날, so Tuesday 05-06.
    expect(substitutes(2036)).toContain('05-06 부처님오신날 (대체공휴일)');
  });
});

describe('years outside the known range', () => {
  it.each([2007, 2051, 1900, 9999, 2026.5])('refuses %s with a clear error', (year) => {
    expect(() => koreanPublicHolidays(year)).toThrow(
      expect.objectContaining({ code: 'invalid', statusCode: 400, message: expect.stringContaining(`${year}`) }),
    );
    expect(() => koreanPublicHolidays(year)).toThrow(/2008–2050/);
  });

  it('makes planDay refuse them only when public holidays are days off', () => {
    const hours = { start: '09:00', end: '18:00', breaks: [] };
    const cal = {
      weekly: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: null, sun: null },
      publicHolidaysOff: true,
      daysOff: [],
    };
    expect(() => planDay(cal, '2051-02-01')).toThrow(expect.objectContaining({ code: 'invalid' }));
    expect(planDay({ ...cal, publicHolidaysOff: false }, '2051-02-01')).toMatchObject({
      working: true,
      plannedMinutes: 540,
    });
    expect(planDay(cal, '2050-01-24')).toMatchObject({
      reason: 'public_holiday',
      holidayName: '설날 연휴',
      holidayNameEn: 'Seollal holidays',
    });
  });
});
