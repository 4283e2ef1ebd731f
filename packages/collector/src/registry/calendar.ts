import Holidays from 'date-holidays';
import type { RegistryDb } from './db.js';
import { notFound } from './errors.js';
import { type Calendar, CalendarInputSchema, type WeeklyHours } from './schemas.js';
import { parseOrThrow } from './validate.js';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** A public holiday in Korea, from the maintained date-holidays package. */
export interface PublicHoliday {
  date: string;
  name: string;
}

const holidayCache = new Map<number, PublicHoliday[]>();
const DAY_MS = 86_400_000;
const addDays = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

// The main days of 설날 (lunar 1/1) and 추석 (lunar 8/15), through date-holidays' own Korean
// lunar calendar. Its KR data spans 설날 from 1/1 to 1/3 rather than from the eve, so the
// three-day breaks and their substitute days are derived here, from the main days.
const LUNAR_BREAKS = [
  { rule: 'korean 01-0-01', key: 'gb-seollal', name: '설날' },
  { rule: 'korean 08-0-15', key: 'gb-chuseok', name: '추석' },
] as const;

/**
 * Korean public holidays of a year, type `public`, with 설날 and 추석 as three-day breaks (the
 * eve, the day, the day after) and their substitute days: when a day of the break is a Sunday
 * or another public holiday, the first following weekday that is no holiday is one
 * (관공서의 공휴일에 관한 규정 제3조 ①; one per overlapping day; Saturdays are passed over).
 * Substitute days of the other holidays come from date-holidays.
 */
export function koreanPublicHolidays(year: number): PublicHoliday[] {
  let list = holidayCache.get(year);
  if (list) return list;
  const hd = new Holidays('KR');
  for (const b of LUNAR_BREAKS) hd.setHoliday(b.rule, { name: { en: b.key }, type: 'observance' });
  const all = hd.getHolidays(year, 'ko');
  const day = (h: { date: string }) => h.date.slice(0, 10);
  const otherHolidays = all.filter((h) => h.type === 'public' && !/설날|추석/.test(h.name));
  const others = otherHolidays.map((h) => ({ date: day(h), name: h.name }));
  // A holiday that falls in a break (개천절 in 추석) has its own substitute day, and it is the
  // same day as the break's: one overlap gives one extra day off. So substitute days of other
  // holidays do not push the break's substitute further.
  const taken = new Set(otherHolidays.filter((h) => !h.substitute).map(day));
  const breaks: PublicHoliday[] = [];
  const lastDays: Array<{ last: string; name: string; overlaps: number }> = [];
  for (const b of LUNAR_BREAKS) {
    const main = all.find((h) => h.name === b.key);
    if (!main) continue;
    const days = [-1, 0, 1].map((d) => addDays(day(main), d));
    const overlaps = days.filter((d) => weekdayOf(d) === 0 || taken.has(d)).length;
    for (const [i, d] of days.entries()) breaks.push({ date: d, name: i === 1 ? b.name : `${b.name} 연휴` });
    lastDays.push({ last: days[2]!, name: b.name, overlaps });
  }
  for (const h of breaks) taken.add(h.date);
  const substitutes: PublicHoliday[] = [];
  for (const { last, name, overlaps } of lastDays) {
    let d = last;
    for (let n = 0; n < overlaps; n++) {
      do d = addDays(d, 1);
      while (weekdayOf(d) === 0 || weekdayOf(d) === 6 || taken.has(d));
      taken.add(d);
      substitutes.push({ date: d, name: `${name} (대체공휴일)` });
    }
  }
  // Two holidays on one day (e.g. 어린이날 and 부처님오신날) stay two entries, as the law names both.
  list = [...others, ...breaks, ...substitutes].sort((a, b) => a.date.localeCompare(b.date));
  holidayCache.set(year, list);
  return list;
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** What the calendar plans for one day: working or not, why, and the planned minutes (hours minus breaks). */
export interface PlannedDay {
  date: string;
  working: boolean;
  reason: 'weekly' | 'public_holiday' | 'day_off' | null;
  holidayName?: string;
  plannedMinutes: number;
}

/** Pure: the plan for `date` (YYYY-MM-DD, KST) under a calendar. */
export function planDay(calendar: Calendar, date: string): PlannedDay {
  const own = calendar.daysOff.find((d) => d.date === date);
  if (own) return { date, working: false, reason: 'day_off', plannedMinutes: 0 };
  if (calendar.publicHolidaysOff) {
    const h = koreanPublicHolidays(Number(date.slice(0, 4))).find((x) => x.date === date);
    if (h) return { date, working: false, reason: 'public_holiday', holidayName: h.name, plannedMinutes: 0 };
  }
  const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] as keyof WeeklyHours;
  const hours = calendar.weekly[weekday];
  if (!hours) return { date, working: false, reason: 'weekly', plannedMinutes: 0 };
  const breaks = hours.breaks.reduce((sum, b) => sum + minutes(b.end) - minutes(b.start), 0);
  return {
    date,
    working: true,
    reason: null,
    plannedMinutes: Math.max(0, minutes(hours.end) - minutes(hours.start) - breaks),
  };
}

/** Planned working minutes per week from the weekly hours alone (no holidays). */
export function weeklyPlannedMinutes(weekly: WeeklyHours): number {
  let total = 0;
  for (const d of Object.values(weekly)) {
    if (!d) continue;
    total += minutes(d.end) - minutes(d.start) - d.breaks.reduce((s, b) => s + minutes(b.end) - minutes(b.start), 0);
  }
  return total;
}

/** The shift calendar of each workshop: weekly hours with breaks, public holidays, own days off. */
export class CalendarRepository {
  constructor(private readonly db: RegistryDb) {}

  async set(workshopId: string, input: unknown): Promise<Calendar> {
    const c = parseOrThrow(CalendarInputSchema, input);
    const w = await this.db.selectFrom('workshops').select('id').where('id', '=', workshopId).executeTakeFirst();
    if (!w) throw notFound(`workshop "${workshopId}"`);
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('workshop_calendars')
        .values({
          workshop_id: workshopId,
          weekly: JSON.stringify(c.weekly),
          public_holidays_off: c.publicHolidaysOff ? 1 : 0,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.column('workshop_id').doUpdateSet({
            weekly: JSON.stringify(c.weekly),
            public_holidays_off: c.publicHolidaysOff ? 1 : 0,
            updated_at: now,
          }),
        )
        .execute();
      await tx.deleteFrom('workshop_days_off').where('workshop_id', '=', workshopId).execute();
      const unique = new Map(c.daysOff.map((d) => [d.date, d]));
      if (unique.size > 0) {
        await tx
          .insertInto('workshop_days_off')
          .values([...unique.values()].map((d) => ({ workshop_id: workshopId, day: d.date, reason: d.reason })))
          .execute();
      }
    });
    return c;
  }

  async get(workshopId: string): Promise<Calendar | undefined> {
    const row = await this.db
      .selectFrom('workshop_calendars')
      .selectAll()
      .where('workshop_id', '=', workshopId)
      .executeTakeFirst();
    if (!row) return undefined;
    const days = await this.db
      .selectFrom('workshop_days_off')
      .selectAll()
      .where('workshop_id', '=', workshopId)
      .orderBy('day')
      .execute();
    return {
      weekly: JSON.parse(row.weekly) as WeeklyHours,
      publicHolidaysOff: row.public_holidays_off === 1,
      daysOff: days.map((d) => ({ date: d.day, reason: d.reason })),
    };
  }

  /** The plan for each day from `from` to `to` inclusive (YYYY-MM-DD). */
  async plan(workshopId: string, from: string, to: string): Promise<PlannedDay[]> {
    const c = await this.get(workshopId);
    if (!c) throw notFound(`calendar of workshop "${workshopId}"`);
    const out: PlannedDay[] = [];
    for (
      let t = Date.parse(`${from}T00:00:00Z`);
      t <= Date.parse(`${to}T00:00:00Z`) && out.length < 1000;
      t += 86_400_000
    ) {
      out.push(planDay(c, new Date(t).toISOString().slice(0, 10)));
    }
    return out;
  }
}
