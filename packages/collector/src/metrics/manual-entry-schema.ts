import { type Bilingual, both, IdSchema } from '@gongbang/shared';
import { z } from 'zod';

/** Seconds in an hour. */
const HOUR_S = 3600;
/** One worker's hours on one day: at most a whole day. */
export const MAX_WORKER_DAY_S = 24 * HOUR_S;
/** A workshop's hours on one day when no worker is named (all workers together): 100 people's whole days. */
export const MAX_WORKSHOP_DAY_S = 100 * MAX_WORKER_DAY_S;
/** Longest note kept, characters. */
export const MAX_NOTE_CHARS = 1000;
/** Earliest day accepted: the wire contract's earliest capture time. */
export const MIN_MANUAL_DAY = '2000-01-01';
const MAX_QTY = 1_000_000_000;

/** What a person is told about each bad value (Korean first; see `both`). */
export const MANUAL_ENTRY_MESSAGES = {
  day: { ko: '날짜는 YYYY-MM-DD 형식의 실제 날짜여야 합니다', en: 'day must be a real date, YYYY-MM-DD' },
  dayTooEarly: { ko: '2000-01-01 이전 날짜는 입력할 수 없습니다', en: 'day is before 2000-01-01' },
  future: { ko: '미래 날짜는 입력할 수 없습니다 (한국 시간 기준)', en: 'day is in the future (KST)' },
  shift: { ko: '교대는 0–3 사이의 정수여야 합니다', en: 'shift must be a whole number 0–3' },
  id: {
    ko: '영문, 숫자, _ . : - 로 된 64자 이하의 식별자여야 합니다',
    en: 'expected an id of letters, digits and _ . : - (at most 64, starting with a letter or digit)',
  },
  qty: { ko: '0 이상의 정수여야 합니다', en: 'expected a whole number ≥ 0' },
  pqMissing: { ko: '생산수량이 비어 있습니다', en: 'pq (produced quantity) is missing' },
  sum: { ko: '폐기와 재작업의 합이 생산수량보다 많습니다', en: 'sq + rq is more than pq' },
  hours: {
    ko: '작업시간은 0 이상이어야 합니다 (작업자 한 명은 하루 24시간, 작업장 합계는 2400시간까지)',
    en: 'hours must be ≥ 0 (at most 24 for one worker, 2400 for a whole workshop)',
  },
  note: { ko: '비고는 1000자까지입니다', en: 'note is longer than 1000 characters' },
  unknownProduct: { ko: '등록되지 않은 제품입니다', en: 'unknown product' },
} as const satisfies Record<string, Bilingual>;

const M = MANUAL_ENTRY_MESSAGES;
const err = (t: Bilingual) => ({ error: both(t) });
const Qty = z.number(err(M.qty)).int(err(M.qty)).min(0, err(M.qty)).max(MAX_QTY, err(M.qty));
const OptionalId = IdSchema.nullable().default(null);

/**
 * A manual entry as given (JSON body, or one CSV line after its cells were read). `today` is
 * the KST date now: a paper log is filled in afterwards, never ahead.
 */
export function manualEntryInputSchema(today: string) {
  return z
    .strictObject({
      day: z
        .string(err(M.day))
        .pipe(z.iso.date(err(M.day)))
        .refine((d) => d >= MIN_MANUAL_DAY, err(M.dayTooEarly))
        .refine((d) => d <= today, err(M.future)),
      shift: z
        .number(err(M.shift))
        .int(err(M.shift))
        .min(0, err(M.shift))
        .max(3, err(M.shift))
        .nullable()
        .default(null),
      machineId: OptionalId,
      productId: OptionalId,
      workerId: OptionalId,
      pq: z
        .number({ error: (i) => both(i.input === undefined ? M.pqMissing : M.qty) })
        .int(err(M.qty))
        .min(0, err(M.qty))
        .max(MAX_QTY, err(M.qty)),
      sq: Qty.default(0),
      rq: Qty.default(0),
      /** Hours worked, in seconds. */
      workS: z.number(err(M.hours)).min(0, err(M.hours)).max(MAX_WORKSHOP_DAY_S, err(M.hours)).nullable().default(null),
      note: z
        .string(err(M.note))
        .trim()
        .max(MAX_NOTE_CHARS, err(M.note))
        .nullable()
        .default(null)
        .transform((n) => (n === '' ? null : n)),
    })
    .superRefine((v, ctx) => {
      // Zod runs this even when a field failed above; compare only quantities that are valid.
      const counts = [v.pq, v.sq, v.rq];
      if (counts.every((n) => Number.isInteger(n) && n >= 0) && v.sq + v.rq > v.pq)
        ctx.addIssue({ code: 'custom', path: ['sq'], message: both(M.sum) });
      if (v.workerId !== null && v.workS !== null && v.workS > MAX_WORKER_DAY_S) {
        ctx.addIssue({ code: 'custom', path: ['workS'], message: both(M.hours) });
      }
    });
}

/** A valid manual entry input, defaults filled in. */
export type ManualEntryInput = z.output<ReturnType<typeof manualEntryInputSchema>>;
/** The fields of a manual entry input. */
export type ManualEntryField = keyof ManualEntryInput;

/** One problem of an input: the field and a message in both languages. */
export interface ManualEntryIssue {
  field: string;
  message: string;
}

const ID_FIELDS = new Set(['machineId', 'productId', 'workerId']);

/** Validates one input; every problem comes back at once, in Korean and English. */
export function validateManualEntry(
  input: unknown,
  today: string,
): { ok: true; value: ManualEntryInput } | { ok: false; issues: ManualEntryIssue[] } {
  const r = manualEntryInputSchema(today).safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  const issues = r.error.issues.flatMap((i): ManualEntryIssue[] => {
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ field: k, message: `unknown field "${k}"` }));
    const field = String(i.path[0] ?? '(root)');
    // IdSchema (shared with the wire contract) words its errors in English only.
    return [{ field, message: ID_FIELDS.has(field) ? both(M.id) : i.message }];
  });
  return { ok: false, issues };
}
