import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { koreanPublicHolidays } from '../../src/registry/calendar.js';

// What the calendar computed with date-holidays 3.37.0, pinned before the package was replaced
// (`MM-DD name` per year, 2015–2050).
const PINNED = JSON.parse(
  readFileSync(new URL('../fixtures/kr-holidays-date-holidays-3.37.json', import.meta.url), 'utf8'),
) as { years: Record<string, string[]> };

interface Difference {
  year: number;
  gone: string[];
  added: string[];
}

// The official name is 부처님오신날 since the 2017-10 amendment of the 규정; date-holidays still
// says 석가탄신일. Same day, so the pinned names are brought up to date before comparing.
const RENAMED = '석가탄신일';
const pinned = (year: number): string[] => (PINNED.years[year] ?? []).map((x) => x.replace(RENAMED, '부처님오신날'));

function differences(): Difference[] {
  const out: Difference[] = [];
  for (let year = 2015; year <= 2050; year++) {
    const before = pinned(year);
    const now = koreanPublicHolidays(year).map((h) => `${h.date.slice(5)} ${h.name}`);
    const gone = before.filter((x) => !now.includes(x));
    const added = now.filter((x) => !before.includes(x));
    if (gone.length > 0 || added.length > 0) out.push({ year, gone, added });
  }
  return out;
}

// The only differences allowed, each with its reason.
const EXPLAINED: Difference[] = [
  // date-holidays computes the lunar calendar from astronomy and puts the leap month of 2033
  // after the 7th month; KASI's Korean calendar has it after the 11th (윤11월, 2033-12-22), so
  // 추석 is lunar 8/15 = 2033-09-08, a month earlier.
  {
    year: 2033,
    gone: ['10-06 추석 연휴', '10-07 추석', '10-08 추석 연휴'],
    added: ['09-07 추석 연휴', '09-08 추석', '09-09 추석 연휴'],
  },
  // 부처님오신날 on Saturday 05-03 and 어린이날 on Monday 05-05: date-holidays' "next Monday"
  // lands on 어린이날 and the substitute day is lost; the law's "first following day that is
  // no holiday" is Tuesday 05-06.
  { year: 2036, gone: ['05-05 부처님오신날 (대체공휴일)'], added: ['05-06 부처님오신날 (대체공휴일)'] },
  // 추석 01–03 October holds Sunday 10-02 and 개천절 10-03: two substitute days, 10-04 and 10-05,
  // in both. date-holidays names 개천절's one 10-05, the law gives the first day after 10-03
  // that is no holiday, 10-04. Same days off, other label.
  { year: 2039, gone: ['10-05 개천절 (대체공휴일)'], added: ['10-04 개천절 (대체공휴일)'] },
];

describe('Korean public holidays against date-holidays 3.37 (2015–2050)', () => {
  it('differ only where the law or the Korean lunar calendar says otherwise', () => {
    expect(differences()).toEqual(EXPLAINED);
  });

  it('calls lunar 4/8 부처님오신날 in every year where date-holidays said 석가탄신일', () => {
    for (let year = 2015; year <= 2050; year++) {
      const before = (PINNED.years[year] ?? []).filter((x) => x.includes(RENAMED)).length;
      const now = koreanPublicHolidays(year).filter((h) => h.name.startsWith('부처님오신날')).length;
      expect(now, `${year}`).toBe(before);
    }
  });

  it('gives the same days off in every year but 2033 and 2036', () => {
    const daysOff = (list: readonly string[]) => [...new Set(list.map((x) => x.slice(0, 5)))].sort();
    const changed: number[] = [];
    for (let year = 2015; year <= 2050; year++) {
      const now = daysOff(koreanPublicHolidays(year).map((h) => h.date.slice(5)));
      if (JSON.stringify(now) !== JSON.stringify(daysOff(pinned(year)))) changed.push(year);
    }
    expect(changed).toEqual([2033, 2036]);
  });
});
