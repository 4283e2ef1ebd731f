import type { Logger } from 'pino';

/**
 * Logs a kind of problem at most once per interval, with how many were suppressed since,
 * so a device spamming malformed payloads cannot flood the log.
 */
export class RateLimitedLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly logger: Logger,
    /** Minimum time between two lines of the same kind, ms. */
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {}

  /** `detail` holds untrusted data; it is nested under `detail`, never spread into the line. */
  warn(kind: string, msg: string, detail: Record<string, unknown> = {}): void {
    const t = this.now();
    const prev = this.last.get(kind);
    if (prev && t - prev.at < this.intervalMs) {
      prev.suppressed++;
      return;
    }
    this.last.set(kind, { at: t, suppressed: 0 });
    this.logger.warn({ kind, suppressedSinceLast: prev?.suppressed ?? 0, detail }, msg);
  }
}

/** A short, safe preview of untrusted bytes for a log line. */
export function preview(bytes: Buffer, max = 64): { hex: string; length: number } {
  return { hex: bytes.subarray(0, max).toString('hex'), length: bytes.length };
}
