import { type IngestAck, type Reading, ReadingSchema, type ValidationIssue, validationIssues } from '@gongbang/shared';
import { fastReading } from './fast-check.js';
import type { IngestBody } from './schema.js';

/** Limits a reading's capture time must respect, UTC ms. */
export interface TimeWindow {
  /** Readings before this are older than the retention. */
  notBeforeMs: number;
  /** Readings after this are "far in the future". */
  notAfterMs: number;
}

export type Rejection = IngestAck['rejected'][number];

/** The batch split into what can be stored and what is refused, or problems that refuse the whole batch. */
export type CheckResult =
  | { ok: true; accepted: Reading[]; rejected: Rejection[] }
  | { ok: false; issues: ValidationIssue[] };

const clip = (s: string) => (s.length > 500 ? `${s.slice(0, 497)}...` : s);

/**
 * Checks each reading on its own. A reading without a usable, unique `seq` inside the batch
 * range refuses the whole batch (it could not be acknowledged); a reading that is invalid in
 * any other way, or outside the time window, is rejected with a reason and the rest is kept.
 */
export function checkReadings(body: IngestBody, window: TimeWindow): CheckResult {
  const issues: ValidationIssue[] = [];
  if (body.firstSeq > body.lastSeq) issues.push({ path: 'lastSeq', message: 'lastSeq must be >= firstSeq' });
  // Agents send ascending seqs; a Set is only built for a batch that is not (to find repeats).
  let seen: Set<number> | undefined;
  let prev = 0;
  const accepted: Reading[] = [];
  const rejected: Rejection[] = [];
  const { readings } = body;
  for (let i = 0; i < readings.length; i++) {
    const raw = readings[i];
    const s = raw !== null && typeof raw === 'object' ? (raw as { seq?: unknown }).seq : undefined;
    if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 1) {
      issues.push({ path: `readings[${i}].seq`, message: 'a positive integer seq is required' });
      continue;
    }
    if (s < body.firstSeq || s > body.lastSeq) {
      issues.push({
        path: `readings[${i}].seq`,
        message: `seq ${s} outside the batch range ${body.firstSeq}..${body.lastSeq}`,
      });
      continue;
    }
    if (s <= prev && !seen) seen = new Set(readings.slice(0, i).map((r) => (r as { seq: number }).seq));
    if (seen) {
      if (seen.has(s)) {
        issues.push({ path: `readings[${i}].seq`, message: `duplicate seq ${s} in batch` });
        continue;
      }
      seen.add(s);
    }
    prev = s;
    const fast = fastReading(raw);
    const parsed = fast ? { success: true as const, data: fast } : ReadingSchema.safeParse(raw);
    if (!parsed.success) {
      const msg = validationIssues(parsed.error)
        .map((x) => `readings[${i}].${x.path}: ${x.message}`)
        .join('; ');
      rejected.push({ seq: s, code: 'invalid', message: clip(msg) });
      continue;
    }
    const r = parsed.data;
    if (r.ts > window.notAfterMs) {
      rejected.push({
        seq: s,
        code: 'ts_in_future',
        message: `ts ${new Date(r.ts).toISOString()} is after ${new Date(window.notAfterMs).toISOString()} (collector clock + allowed skew)`,
      });
    } else if (r.ts < window.notBeforeMs) {
      rejected.push({
        seq: s,
        code: 'ts_before_retention',
        message: `ts ${new Date(r.ts).toISOString()} is older than the retention (${new Date(window.notBeforeMs).toISOString()})`,
      });
    } else {
      accepted.push(r);
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, accepted, rejected };
}
