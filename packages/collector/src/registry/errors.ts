/** What went wrong in the registry, as a stable code the HTTP layer maps to a status. */
export type RegistryErrorCode =
  | 'not_found'
  | 'conflict'
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'enrollment_code_unknown'
  | 'enrollment_code_expired'
  | 'enrollment_code_used'
  | 'enrollment_code_revoked'
  | 'registry_unavailable';

const STATUS: Record<RegistryErrorCode, number> = {
  not_found: 404,
  conflict: 409,
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  enrollment_code_unknown: 404,
  enrollment_code_expired: 410,
  enrollment_code_used: 409,
  enrollment_code_revoked: 410,
  registry_unavailable: 503,
};

/** An operational registry error; `status` is the HTTP answer, `retryable` whether trying again can help. */
export class RegistryError extends Error {
  readonly status: number;
  readonly retryable: boolean;
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
    readonly details?: { issues?: { path: string; message: string }[]; retryAfterS?: number },
  ) {
    super(message);
    this.name = 'RegistryError';
    this.status = STATUS[code];
    this.retryable = code === 'rate_limited' || code === 'registry_unavailable';
  }
}

export const notFound = (what: string): RegistryError => new RegistryError('not_found', `${what} not found`);

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
