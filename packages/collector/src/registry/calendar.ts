import { notFound, parseOrThrow, type RegistryDb } from '../core/index.js';
import { koreanPublicHolidays } from './korean-holidays.js';
import { type Calendar, CalendarInputSchema, type WeeklyHours } from './schemas.js';
import { shiftsOf, weekdayOf, workMinutes } from './shifts.js';

export {
  KOREAN_HOLIDAYS_FIRST_YEAR,
  KOREAN_HOLIDAYS_LAST_YEAR,
  koreanPublicHolidays,
  type PublicHoliday,
} from './korean-holidays.js';

/**
 * What the calendar plans for one day: working or not, why, and the planned minutes (every
 * shift that starts that day, minus its breaks; a night shift counts fully for its start day).
 */
export interface PlannedDay {
  date: string;
  working: boolean;
  reason: 'weekly' | 'public_holiday' | 'day_off' | null;
  /** Korean name of the public holiday, when `reason` is `public_holiday`. */
  holidayName?: string;
  /** English name of the public holiday, when `reason` is `public_holiday`. */
  holidayNameEn?: string;
  plannedMinutes: number;
}

/**
 * Pure: the plan for `date` (YYYY-MM-DD, KST) under a calendar. A shift is off when the day it
 * starts on is a holiday or day off: the night shift that starts the evening before a holiday runs.
 *
 * @throws HttpError `invalid` when public holidays are days off and the year is outside
 *   the years whose holidays are known (`KOREAN_HOLIDAYS_FIRST_YEAR`–`KOREAN_HOLIDAYS_LAST_YEAR`).
 */
export function planDay(calendar: Calendar, date: string): PlannedDay {
  const own = calendar.daysOff.find((d) => d.date === date);
  if (own) return { date, working: false, reason: 'day_off', plannedMinutes: 0 };
  if (calendar.publicHolidaysOff) {
    const h = koreanPublicHolidays(Number(date.slice(0, 4))).find((x) => x.date === date);
    if (h) {
      return {
        date,
        working: false,
        reason: 'public_holiday',
        holidayName: h.name,
        holidayNameEn: h.nameEn,
        plannedMinutes: 0,
      };
    }
  }
  const shifts = shiftsOf(calendar.weekly[weekdayOf(date)]);
  if (shifts.length === 0) return { date, working: false, reason: 'weekly', plannedMinutes: 0 };
  return {
    date,
    working: true,
    reason: null,
    plannedMinutes: shifts.reduce((sum, s) => sum + workMinutes(s), 0),
  };
}

/** The shift calendar of each workshop: weekly shifts with breaks, public holidays, own days off. */
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
