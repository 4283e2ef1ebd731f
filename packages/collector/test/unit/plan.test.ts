import { validationIssues } from '@gongbang/shared';
import { describe, expect, it } from 'vitest';
import { planDay } from '../../src/registry/calendar.js';
import { kstDayOf, kstDayStartMs, plannedWindows } from '../../src/registry/plan.js';
import { type Calendar, type CalendarInput, CalendarInputSchema } from '../../src/registry/schemas.js';

const calendar = (input: CalendarInput): Calendar => CalendarInputSchema.parse(input);
/** UTC ms of a KST wall-clock time: `kst('2026-03-03', '22:00')`. */
const kst = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+09:00`);
const issuesOf = (input: unknown) => {
  const r = CalendarInputSchema.safeParse(input);
  if (r.success) throw new Error(`expected a refusal, got ${JSON.stringify(r.data)}`);
  return validationIssues(r.error);
};

const DAY = { start: '09:00', end: '18:00', breaks: [{ start: '12:00', end: '13:00' }] };
const NIGHT = { start: '22:00', end: '06:00', breaks: [{ start: '02:00', end: '02:30' }] };
const WEEKDAYS = (d: unknown) => ({ mon: d, tue: d, wed: d, thu: d, fri: d }) as CalendarInput['weekly'];

describe('KST day helpers', () => {
  it('puts the KST midnight nine hours before the UTC one, with no daylight saving', () => {
    expect(kstDayStartMs('2026-01-01')).toBe(Date.UTC(2025, 11, 31, 15));
    expect(kstDayStartMs('2026-07-01')).toBe(Date.UTC(2026, 5, 30, 15));
    expect(kstDayOf(Date.UTC(2025, 11, 31, 15))).toBe('2026-01-01');
    expect(kstDayOf(Date.UTC(2025, 11, 31, 14, 59, 59, 999))).toBe('2025-12-31');
  });

  it('throws naming the value for a date that does not exist', () => {
    expect(() => kstDayStartMs('2026-02-30')).toThrow(/"2026-02-30"/);
    expect(() => kstDayStartMs('2026-3-1')).toThrow(/YYYY-MM-DD/);
  });
});

describe('plannedWindows', () => {
  it('cuts the lunch break out of a day shift', () => {
    const windows = plannedWindows(calendar({ weekly: WEEKDAYS(DAY) }), '2026-03-03', '2026-03-03');
    expect(windows).toEqual([
      { shiftDay: '2026-03-03', shift: 0, startMs: kst('2026-03-03', '09:00'), endMs: kst('2026-03-03', '12:00') },
      { shiftDay: '2026-03-03', shift: 0, startMs: kst('2026-03-03', '13:00'), endMs: kst('2026-03-03', '18:00') },
    ]);
    expect(windows[0]?.startMs).toBe(Date.UTC(2026, 2, 3, 0));
  });

  it('runs a night shift across the KST midnight, with its break after midnight on the next day', () => {
    const cal = calendar({ weekly: WEEKDAYS(NIGHT) });
    const windows = plannedWindows(cal, '2026-03-03', '2026-03-03');
    expect(windows).toEqual([
      { shiftDay: '2026-03-03', shift: 0, startMs: kst('2026-03-03', '22:00'), endMs: kst('2026-03-04', '02:00') },
      { shiftDay: '2026-03-03', shift: 0, startMs: kst('2026-03-04', '02:30'), endMs: kst('2026-03-04', '06:00') },
    ]);
    // 22:00 KST is 13:00 UTC the same day; the shift ends at 21:00 UTC, still 03-03 in UTC.
    expect(windows[0]?.startMs).toBe(Date.UTC(2026, 2, 3, 13));
    expect(windows.map((w) => [kstDayOf(w.startMs), kstDayOf(w.endMs - 1)])).toEqual([
      ['2026-03-03', '2026-03-04'],
      ['2026-03-04', '2026-03-04'],
    ]);
    // The whole night counts for the day it starts on: 8 h minus 30 min.
    expect(planDay(cal, '2026-03-03')).toMatchObject({ working: true, plannedMinutes: 450 });
  });

  it('takes a break that spans midnight inside a night shift', () => {
    const night = { start: '20:00', end: '04:00', breaks: [{ start: '23:30', end: '00:30' }] };
    const windows = plannedWindows(calendar({ weekly: { wed: night } }), '2026-03-04', '2026-03-04');
    expect(windows.map((w) => [w.startMs, w.endMs])).toEqual([
      [kst('2026-03-04', '20:00'), kst('2026-03-04', '23:30')],
      [kst('2026-03-05', '00:30'), kst('2026-03-05', '04:00')],
    ]);
  });

  it('plans nothing on 추석 2026 and runs the night shift that starts the evening before it', () => {
    // 2026-09-24 to 09-26 are the 추석 break (korean-holidays.ts); 09-23 is a Wednesday.
    const cal = calendar({ weekly: WEEKDAYS(NIGHT) });
    expect(planDay(cal, '2026-09-25')).toMatchObject({ working: false, reason: 'public_holiday', holidayName: '추석' });
    const windows = plannedWindows(cal, '2026-09-23', '2026-09-25');
    expect(windows.map((w) => w.shiftDay)).toEqual(['2026-09-23', '2026-09-23']);
    expect(windows.at(-1)?.endMs).toBe(kst('2026-09-24', '06:00'));
    // With public holidays worked, the nights of 09-24 and 09-25 come back.
    const worked = plannedWindows({ ...cal, publicHolidaysOff: false }, '2026-09-23', '2026-09-25');
    expect([...new Set(worked.map((w) => w.shiftDay))]).toEqual(['2026-09-23', '2026-09-24', '2026-09-25']);
  });

  // 2026-03-02 is the substitute day of 3·1절; the week after has no holiday.
  it("skips the shifts that start on the workshop's own day off, not the night before", () => {
    const cal = calendar({
      weekly: { mon: DAY, tue: NIGHT, wed: DAY },
      daysOff: [{ date: '2026-03-11', reason: '재고 조사' }],
    });
    const windows = plannedWindows(cal, '2026-03-09', '2026-03-11');
    expect(windows.map((w) => w.shiftDay)).toEqual(['2026-03-09', '2026-03-09', '2026-03-10', '2026-03-10']);
    expect(windows.at(-1)?.endMs).toBe(kst('2026-03-11', '06:00'));
    expect(planDay(cal, '2026-03-11')).toMatchObject({ working: false, reason: 'day_off', plannedMinutes: 0 });
  });

  it('plans two shifts of one day by start, each with its index in the list', () => {
    const cal = calendar({
      weekly: {
        mon: [
          { start: '14:00', end: '22:00', name: '오후', breaks: [{ start: '18:00', end: '18:30' }] },
          { start: '06:00', end: '14:00', name: '오전' },
        ],
      },
    });
    const windows = plannedWindows(cal, '2026-03-09', '2026-03-15');
    expect(windows.map((w) => [w.shift, w.startMs, w.endMs])).toEqual([
      [1, kst('2026-03-09', '06:00'), kst('2026-03-09', '14:00')],
      [0, kst('2026-03-09', '14:00'), kst('2026-03-09', '18:00')],
      [0, kst('2026-03-09', '18:30'), kst('2026-03-09', '22:00')],
    ]);
    expect(planDay(cal, '2026-03-09').plannedMinutes).toBe(8 * 60 + 7.5 * 60);
  });

  it('returns nothing for a range that ends before it starts', () => {
    expect(plannedWindows(calendar({ weekly: WEEKDAYS(DAY) }), '2026-03-11', '2026-03-10')).toEqual([]);
  });
});

describe('the shift calendar schema', () => {
  it('refuses shifts of one day that overlap, naming the later one', () => {
    const issues = issuesOf({
      weekly: {
        mon: [
          { start: '08:00', end: '17:00' },
          { start: '16:00', end: '23:00' },
        ],
      },
    });
    expect(issues).toEqual([
      {
        path: 'weekly.mon[1]',
        message: expect.stringMatching(/16:00–23:00 overlaps shift 0 08:00–17:00 \/ .*겹칩니다/),
      },
    ]);
  });

  it('refuses a night shift that runs into the next weekday, naming that day', () => {
    const issues = issuesOf({ weekly: { mon: NIGHT, tue: [{ start: '05:00', end: '13:00' }] } });
    expect(issues).toEqual([
      { path: 'weekly.tue[0]', message: expect.stringMatching(/night shift of mon 22:00–06:00/) },
    ]);
    // Sunday night runs into Monday: the week wraps.
    expect(issuesOf({ weekly: { sun: NIGHT, mon: { start: '05:30', end: '14:00' } } })).toEqual([
      { path: 'weekly.mon', message: expect.stringMatching(/night shift of sun/) },
    ]);
    // Ending exactly when the next shift starts is no overlap.
    expect(
      CalendarInputSchema.safeParse({ weekly: { mon: NIGHT, tue: { start: '06:00', end: '14:00' } } }).success,
    ).toBe(true);
  });

  it('refuses a break outside its shift, naming the break', () => {
    expect(
      issuesOf({ weekly: { mon: { start: '09:00', end: '18:00', breaks: [{ start: '18:30', end: '19:00' }] } } }),
    ).toEqual([
      {
        path: 'weekly.mon.breaks[0]',
        message: expect.stringMatching(/break 18:30–19:00 must lie inside its shift 09:00–18:00/),
      },
    ]);
    const night = {
      ...NIGHT,
      breaks: [
        { start: '02:00', end: '02:30' },
        { start: '07:00', end: '07:30' },
      ],
    };
    expect(issuesOf({ weekly: { fri: [night] } }).map((i) => i.path)).toEqual(['weekly.fri[0].breaks[1]']);
    // A break that ends before it starts does not lie in a day shift either.
    expect(
      issuesOf({ weekly: { mon: { start: '09:00', end: '18:00', breaks: [{ start: '13:00', end: '12:00' }] } } })[0]
        ?.path,
    ).toBe('weekly.mon.breaks[0]');
  });

  it('names the wrong field inside a list of shifts, not just "invalid input"', () => {
    expect(
      issuesOf({ weekly: { mon: [{ start: '25:00', end: '06:00' }, { start: '07:00' }] } }).map((i) => i.path),
    ).toEqual(['weekly.mon[0].start', 'weekly.mon[1].end']);
    expect(issuesOf({ weekly: { mon: { start: '09:00', end: '18:00', lunch: true } } })).toEqual([
      { path: 'weekly.mon.lunch', message: 'unknown field "lunch"' },
    ]);
    expect(issuesOf({ weekly: { mon: Array.from({ length: 5 }, () => DAY) } })[0]?.path).toBe('weekly.mon');
    expect(issuesOf({ weekly: { mon: [] } })[0]?.message).toMatch(/null/);
  });

  it('still parses the original single-span format and keeps it as it was', () => {
    const old = {
      weekly: { mon: DAY, tue: DAY, wed: DAY, thu: DAY, fri: DAY, sat: { start: '09:00', end: '13:00' }, sun: null },
      daysOff: [],
    };
    const cal = calendar(old);
    expect(cal.weekly.mon).toEqual(DAY);
    expect(cal.weekly.sat).toEqual({ start: '09:00', end: '13:00', breaks: [] });
    expect(planDay(cal, '2026-03-09')).toMatchObject({ working: true, plannedMinutes: 480 });
    expect(planDay(cal, '2026-03-14')).toMatchObject({ working: true, plannedMinutes: 240 });
    // A calendar stored before shifts existed is read back without parsing.
    const stored = JSON.parse(JSON.stringify(cal)) as Calendar;
    expect(plannedWindows(stored, '2026-03-14', '2026-03-15')).toEqual([
      { shiftDay: '2026-03-14', shift: 0, startMs: kst('2026-03-14', '09:00'), endMs: kst('2026-03-14', '13:00') },
    ]);
  });
});
