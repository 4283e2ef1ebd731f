import { IdSchema } from '@gongbang/shared';
import { z } from 'zod';

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

const SpanSchema = z
  .strictObject({ start: TimeOfDaySchema, end: TimeOfDaySchema })
  .refine((s) => s.start < s.end, { message: 'start must be before end' });
export const DayHoursSchema = z.strictObject({
  start: TimeOfDaySchema,
  end: TimeOfDaySchema,
  breaks: z.array(SpanSchema).default([]),
});
const day = DayHoursSchema.nullable().default(null);
/** Working hours per weekday (KST); `null` is a day off. */
export const WeeklyHoursSchema = z.strictObject({
  mon: day,
  tue: day,
  wed: day,
  thu: day,
  fri: day,
  sat: day,
  sun: day,
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

export interface Workshop {
  id: string;
  nameKo: string;
  nameEn: string;
  industry: Industry;
  cluster: string | null;
  headcount: number | null;
  createdAt: string;
}
