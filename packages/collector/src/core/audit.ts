import type { FastifyBaseLogger } from 'fastify';

/** How an audited action ended. */
export type AuditOutcome = 'success' | 'failure' | 'refused';

/**
 * One audit log line (issue #10, item 10). Every line carries `audit: true` and a stable
 * `event` name, so an operator can route them with one filter (`jq 'select(.audit)'`).
 * Never put a password, token or code here: only who, what, on what, and how it ended.
 */
export interface AuditEvent {
  /** Stable dotted name, e.g. `auth.login`, `user.password_reset`, `workshop.delete`. */
  event: string;
  /** Who acted: a username, `agent:<id>` or null when unknown (a failed login). */
  actor: string | null;
  /** What the action was on: `{ userId }`, `{ username }`, `{ workshopId }`, `{ agentId }`… */
  target?: Record<string, string | null | undefined>;
  outcome: AuditOutcome;
  /** Why a failure or refusal happened, as a code (`wrong_password`, `rate_limited`). */
  reason?: string;
  /** Client address. */
  ip?: string;
}

/** Writes an audit line at `info` (audit lines must survive the usual production level). */
export function audit(log: FastifyBaseLogger, e: AuditEvent): void {
  log.info({ audit: true, ...e }, `audit ${e.event} ${e.outcome}`);
}
