import { apiError, ERROR_CODES, type ErrorCode, type ValidationIssue } from '@gongbang/shared';

/** Every code an HTTP answer of the collector may carry: the wire contract's table, all of it. */
export type HttpErrorCode = ErrorCode;

const TABLE: Record<HttpErrorCode, { retryable: boolean; status: number }> = ERROR_CODES;

/** What an error may add to its answer. */
export interface HttpErrorExtra {
  /** Seconds to wait; also sent as the `Retry-After` header. */
  retryAfterS?: number;
  /** Per-path problems of a rejected input. */
  issues?: ValidationIssue[];
}

/**
 * The collector's one operational error: a stable code, its HTTP status and whether a retry
 * can help. Thrown anywhere (repositories, routes, the access plugin) and turned into the one
 * error body of the wire contract by the app's error handler (http/errors.ts).
 */
export class HttpError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly extra: HttpErrorExtra = {},
    readonly statusCode: number = TABLE[code].status,
  ) {
    super(message);
    this.name = 'HttpError';
    this.retryable = TABLE[code].retryable;
  }
}

/** The JSON body of an error answer: `{ v: 1, error: { code, message, retryable, … } }`. */
export function errorBody(err: HttpError) {
  return apiError(err.code, err.message, err.extra);
}

/** A `not_found` error: someone else's object looks exactly like one that does not exist. */
export const notFound = (what: string): HttpError => new HttpError('not_found', `${what} not found`);

/** True for a unique/primary-key violation in either dialect. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True for a foreign-key violation in either dialect. */
export function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
