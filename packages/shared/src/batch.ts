import { z } from 'zod';
import { IdSchema, SeqSchema, TimestampMsSchema, WIRE_VERSION } from './primitives.js';
import { ReadingSchema } from './readings.js';

/** Most readings one batch may carry; agents split larger backlogs. */
export const MAX_BATCH_READINGS = 10_000;

/** What an agent POSTs to `/api/v1/ingest`. */
export const BatchSchema = z
  .strictObject({
    v: z.literal(WIRE_VERSION),
    agentId: IdSchema,
    /** Unique per attempt series; a retry of the same readings reuses the id. */
    batchId: z.string().min(1).max(64),
    /** Lowest and highest `seq` among the readings (inclusive). */
    firstSeq: SeqSchema,
    lastSeq: SeqSchema,
    /** Agent clock when the batch was sent, UTC ms; used for clock-offset estimation. */
    sentAt: TimestampMsSchema,
    readings: z.array(ReadingSchema).min(1).max(MAX_BATCH_READINGS),
  })
  .superRefine((batch, ctx) => {
    if (batch.firstSeq > batch.lastSeq) {
      ctx.addIssue({ code: 'custom', path: ['lastSeq'], message: 'lastSeq must be >= firstSeq' });
      return;
    }
    const seen = new Set<number>();
    batch.readings.forEach((r, i) => {
      if (r.seq < batch.firstSeq || r.seq > batch.lastSeq) {
        ctx.addIssue({
          code: 'custom',
          path: ['readings', i, 'seq'],
          message: `seq ${r.seq} outside the batch range ${batch.firstSeq}..${batch.lastSeq}`,
        });
      }
      if (seen.has(r.seq)) {
        ctx.addIssue({ code: 'custom', path: ['readings', i, 'seq'], message: `duplicate seq ${r.seq} in batch` });
      }
      seen.add(r.seq);
    });
  });
export type Batch = z.infer<typeof BatchSchema>;

/** An inclusive range of sequence numbers, `[from, to]`. */
export const SeqRangeSchema = z.tuple([SeqSchema, SeqSchema]);
export type SeqRange = z.infer<typeof SeqRangeSchema>;

/** Reasons the collector refuses one reading while storing the rest of its batch. */
export const ReadingRejectCodeSchema = z.enum(['ts_in_future', 'ts_before_retention', 'unknown_source', 'invalid']);

/**
 * The collector's 2xx answer: everything in `stored` and `duplicates` is safe to delete
 * from the spool; `rejected` readings will never be accepted and must not be retried.
 */
export const IngestAckSchema = z.strictObject({
  v: z.literal(WIRE_VERSION),
  batchId: z.string().min(1).max(64),
  /** Newly stored sequence ranges. */
  stored: z.array(SeqRangeSchema),
  /** Ranges that were already stored earlier (a replay); storing them again changed nothing. */
  duplicates: z.array(SeqRangeSchema),
  rejected: z.array(z.strictObject({ seq: SeqSchema, code: ReadingRejectCodeSchema, message: z.string().max(512) })),
  /** Collector clock when it answered, UTC ms. */
  serverTime: TimestampMsSchema,
});
export type IngestAck = z.infer<typeof IngestAckSchema>;

/**
 * Error codes of every collector answer, ingest and the rest of the API alike, with whether a
 * retry of the same request can help: one table, one body shape ({@link ApiErrorSchema}).
 */
export const ERROR_CODES = {
  invalid_batch: { retryable: false, status: 400 },
  invalid_request: { retryable: false, status: 400 },
  /** A registry input that parsed but breaks a rule (e.g. a stage that goes backwards). */
  invalid: { retryable: false, status: 400 },
  unsupported_version: { retryable: false, status: 400 },
  unauthorized: { retryable: false, status: 401 },
  forbidden: { retryable: false, status: 403 },
  csrf_invalid: { retryable: false, status: 403 },
  not_found: { retryable: false, status: 404 },
  enrollment_code_unknown: { retryable: false, status: 404 },
  conflict: { retryable: false, status: 409 },
  enrollment_code_used: { retryable: false, status: 409 },
  enrollment_code_expired: { retryable: false, status: 410 },
  enrollment_code_revoked: { retryable: false, status: 410 },
  timeout: { retryable: true, status: 408 },
  too_large: { retryable: false, status: 413 },
  unsupported_media_type: { retryable: false, status: 415 },
  rate_limited: { retryable: true, status: 429 },
  internal: { retryable: true, status: 500 },
  store_unavailable: { retryable: true, status: 503 },
  registry_unavailable: { retryable: true, status: 503 },
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export const ErrorCodeSchema = z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]);

/** The collector's non-2xx answer. */
export const ApiErrorSchema = z.strictObject({
  v: z.literal(WIRE_VERSION),
  error: z.strictObject({
    code: ErrorCodeSchema,
    message: z.string(),
    /** True when sending the same request later may succeed. */
    retryable: z.boolean(),
    /** Seconds to wait before retrying, when the collector knows. */
    retryAfterS: z.number().int().min(0).optional(),
    /** Per-path problems for `invalid_batch`. */
    issues: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** Builds the error body for a code, with `retryable` taken from the table. */
export function apiError(
  code: ErrorCode,
  message: string,
  extra: Partial<Omit<ApiError['error'], 'code' | 'message' | 'retryable'>> = {},
): ApiError {
  return { v: WIRE_VERSION, error: { code, message, retryable: ERROR_CODES[code].retryable, ...extra } };
}
