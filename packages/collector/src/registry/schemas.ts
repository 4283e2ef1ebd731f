import { IdSchema } from '@gongbang/shared';
import { z } from 'zod';
import { COUNT_MEANINGS } from '../metrics/inputs.js';
import { breakSpan, DAY_MINUTES, shiftSpan, shiftsOf, WEEKDAYS, type Weekday } from './shifts.js';

/** The programme's five focus industries, plus everything else. */
export const INDUSTRIES = [
  'jewelry',
  'garment_sewing',
  'machinery_metal',
  'handmade_shoes',
  'printing',
  'other',
] as const;
export const IndustrySchema = z.enum(INDUSTRIES);
export type Industry = z.infer<typeof IndustrySchema>;

/** Programme stages: 0 manual, 1 automated (sensors, barcodes), 2 smart (data-driven), 3 robot collaboration. */
export const STAGE_NAMES = ['manual', 'automated', 'smart', 'robot'] as const;
export const StageSchema = z
  .number()
  .int()
  .min(0)
  .max(STAGE_NAMES.length - 1);

/**
 * The official smart-factory level, kept beside the programme stage:
 * ict_none (ICT 미적용), basic (기초), intermediate1 (중간1), intermediate2 (중간2), advanced (고도).
 */
export const LEVELS = ['ict_none', 'basic', 'intermediate1', 'intermediate2', 'advanced'] as const;
export const LevelSchema = z.enum(LEVELS);
export const LEVEL_LABELS_KO: Record<z.infer<typeof LevelSchema>, string> = {
  ict_none: 'ICT 미적용',
  basic: '기초',
  intermediate1: '중간1',
  intermediate2: '중간2',
  advanced: '고도',
};

/** A calendar day, `YYYY-MM-DD` (the workshop's local date, KST). */
export const DateSchema = z.iso.date();
/** A wall-clock time in KST, `HH:MM`. */
export const TimeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected HH:MM (00:00–23:59)' });

export const WorkshopInputSchema = z.strictObject({
  id: IdSchema,
  nameKo: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
  industry: IndustrySchema,
  /** Cluster or district, e.g. `Euljiro`, `Seongsu`. */
  cluster: z.string().trim().min(1).max(100).nullable().default(null),
  headcount: z.number().int().min(0).max(100_000).nullable().default(null),
});
export type WorkshopInput = z.input<typeof WorkshopInputSchema>;
export const WorkshopPatchSchema = WorkshopInputSchema.omit({ id: true }).partial();

/** One entry of the stage history: when the stage started, its official level, and when measurement started. */
export const StageEntrySchema = z.strictObject({
  stage: StageSchema,
  startedOn: DateSchema,
  level: LevelSchema,
  /** Kept apart from `startedOn`: a stage-1 workshop installs the very sensors that measure it. */
  measurementStartedOn: DateSchema.nullable().default(null),
});
export type StageEntry = z.output<typeof StageEntrySchema>;

const clock = (s: { start: string; end: string }) => `${s.start}–${s.end}`;

/** A break: wall-clock start and end inside its shift; in a night shift it may be after midnight. */
export const BreakSchema = z.strictObject({ start: TimeOfDaySchema, end: TimeOfDaySchema });

/**
 * One shift of a weekday (KST wall clock). An `end` at or before `start` crosses midnight: the
 * shift belongs to the day it starts on and ends the next day (22:00–06:00). Each break must
 * lie inside the shift.
 */
export const ShiftSchema = z
  .strictObject({
    start: TimeOfDaySchema,
    end: TimeOfDaySchema,
    breaks: z.array(BreakSchema).max(16).default([]),
    /** Optional label, e.g. `주간`, `야간`. */
    name: z.string().trim().min(1).max(50).optional(),
  })
  .superRefine((shift, ctx) => {
    const span = shiftSpan(shift);
    shift.breaks.forEach((b, i) => {
      if (!breakSpan(span, b)) {
        ctx.addIssue({
          code: 'custom',
          path: ['breaks', i],
          message:
            `break ${clock(b)} must lie inside its shift ${clock(shift)} / ` +
            `휴식 ${clock(b)}은(는) 근무 시간 ${clock(shift)} 안에 있어야 합니다`,
        });
      }
    });
  });
export type ShiftInput = z.input<typeof ShiftSchema>;
export type Shift = z.output<typeof ShiftSchema>;
/** @deprecated The original name of {@link ShiftSchema}: one working span with breaks. */
export const DayHoursSchema = ShiftSchema;

/** At most this many shifts start on one weekday. */
export const MAX_SHIFTS_PER_DAY = 4;

const overlapMessage = (later: Shift, earlier: Shift, earlierName: string) =>
  `shift ${clock(later)} overlaps ${earlierName} ${clock(earlier)} / ` +
  `근무 시간 ${clock(later)}이(가) ${earlierName} ${clock(earlier)}과(와) 겹칩니다`;

export const ShiftListSchema = z
  .array(ShiftSchema)
  .min(1, { message: 'list at least one shift (a day off is null) / 근무를 하나 이상 적으세요 (휴무일은 null)' })
  .max(MAX_SHIFTS_PER_DAY)
  .superRefine((shifts, ctx) => {
    const spans = shifts.map((s, i) => ({ i, ...shiftSpan(s) })).sort((a, b) => a.startMin - b.startMin);
    for (let k = 1; k < spans.length; k++) {
      const prev = spans[k - 1];
      const cur = spans[k];
      if (prev && cur && cur.startMin < prev.endMin) {
        const later = Math.max(prev.i, cur.i);
        const earlier = Math.min(prev.i, cur.i);
        ctx.addIssue({
          code: 'custom',
          path: [later],
          message: overlapMessage(shifts[later] as Shift, shifts[earlier] as Shift, `shift ${earlier}`),
        });
      }
    }
  });

/**
 * A weekday's hours: one shift (the original `{ start, end, breaks }` format, kept as stored)
 * or a list of up to {@link MAX_SHIFTS_PER_DAY} shifts that do not overlap. Parsed by its
 * shape rather than as a zod union, so a bad list names the field that is wrong instead of
 * "Invalid input".
 */
export const DayShiftsSchema = z.custom<ShiftInput | ShiftInput[]>().transform((value, ctx): Shift | Shift[] => {
  const r = Array.isArray(value) ? ShiftListSchema.safeParse(value) : ShiftSchema.safeParse(value);
  if (r.success) return r.data;
  for (const issue of r.error.issues) ctx.addIssue(issue as never);
  return z.NEVER;
});
export type DayShifts = z.output<typeof DayShiftsSchema>;

const day = DayShiftsSchema.nullable().default(null);
/**
 * Working hours per weekday (KST); `null` is a day off. A night shift may not run into a
 * shift of the next weekday.
 */
export const WeeklyHoursSchema = z
  .strictObject({
    mon: day,
    tue: day,
    wed: day,
    thu: day,
    fri: day,
    sat: day,
    sun: day,
  })
  .superRefine((weekly, ctx) => {
    WEEKDAYS.forEach((today, d) => {
      const next = WEEKDAYS[(d + 1) % WEEKDAYS.length] as Weekday;
      const tonight = shiftsOf(weekly[today]);
      const tomorrow = weekly[next];
      shiftsOf(tomorrow).forEach((shift, j) => {
        const start = shiftSpan(shift).startMin + DAY_MINUTES;
        const night = tonight.find((n) => shiftSpan(n).endMin > start);
        if (night) {
          ctx.addIssue({
            code: 'custom',
            path: Array.isArray(tomorrow) ? [next, j] : [next],
            message: overlapMessage(shift, night, `the night shift of ${today}`),
          });
        }
      });
    });
  });
export type WeeklyHours = z.output<typeof WeeklyHoursSchema>;

export const DayOffSchema = z.strictObject({ date: DateSchema, reason: z.string().max(200).nullable().default(null) });
export const CalendarInputSchema = z.strictObject({
  weekly: WeeklyHoursSchema,
  /** Korean public holidays and their substitute days (see korean-holidays.ts) are days off. Default true. */
  publicHolidaysOff: z.boolean().default(true),
  /** The workshop's own days off (summer break, inventory days…). */
  daysOff: z.array(DayOffSchema).default([]),
});
export type CalendarInput = z.input<typeof CalendarInputSchema>;
export type Calendar = z.output<typeof CalendarInputSchema>;

export const OperationInputSchema = z.strictObject({
  id: IdSchema,
  name: z.string().trim().min(1).max(200),
  /** Planned run time per unit (ISO 22400 PRU), seconds. */
  pruS: z.number().positive().max(1e7),
});
export const ProductInputSchema = z.strictObject({
  id: IdSchema,
  name: z.string().trim().min(1).max(200),
  operations: z.array(OperationInputSchema).default([]),
});
export type ProductInput = z.input<typeof ProductInputSchema>;
export type Product = z.output<typeof ProductInputSchema>;

/** A count channel of a machine: the `source` and `channel` of its count readings, and what they count. */
export const MachineCountSchema = z.strictObject({
  source: IdSchema,
  channel: IdSchema,
  meaning: z.enum(COUNT_MEANINGS),
});

/**
 * A machine of a workshop and how readings map to it. Within a workshop a count channel
 * (source, channel) and a scanner source belong to one machine only; the repository refuses
 * a machine that would take one from another (409).
 */
export const MachineInputSchema = z
  .strictObject({
    id: IdSchema,
    name: z.string().trim().min(1).max(200),
    /** PRU (s per unit) when no order names a product with a known operation; must be > 0. */
    defaultPruS: z.number().positive().max(1e7).nullable().default(null),
    counts: z.array(MachineCountSchema).max(64).default([]),
    /** Scanner sources at this machine. */
    scanners: z.array(IdSchema).max(32).default([]),
  })
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.counts.forEach((c, i) => {
      const key = `${c.source}/${c.channel}`;
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['counts', i],
          message: `count channel ${c.source}/${c.channel} is listed twice / 카운트 채널 ${c.source}/${c.channel}이(가) 두 번 있습니다`,
        });
      }
      seen.add(key);
    });
    m.scanners.forEach((s, i) => {
      if (m.scanners.indexOf(s) !== i) {
        ctx.addIssue({
          code: 'custom',
          path: ['scanners', i],
          message: `scanner "${s}" is listed twice / 스캐너 "${s}"이(가) 두 번 있습니다`,
        });
      }
    });
  });
export type MachineInput = z.input<typeof MachineInputSchema>;

export interface Workshop {
  id: string;
  nameKo: string;
  nameEn: string;
  industry: Industry;
  cluster: string | null;
  headcount: number | null;
  createdAt: string;
}
