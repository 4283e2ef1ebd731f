/** Exponential backoff settings. */
export interface BackoffOptions {
  /** First retry delay, ms. Default 500. */
  initialMs: number;
  /** Longest delay, ms. Default 60,000. */
  maxMs: number;
  /** Growth per failure. Default 2. */
  multiplier: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 60_000, multiplier: 2 };

/**
 * Delay before retry number `failures` (1-based): exponential with "equal jitter" (half fixed,
 * half random) so hundreds of agents coming back after an outage do not retry in lockstep.
 * A Retry-After from the collector is a floor, with a little jitter on top.
 */
export function backoffDelayMs(
  failures: number,
  opts: BackoffOptions,
  random: () => number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs + Math.floor(random() * Math.min(1_000, retryAfterMs * 0.1 + 50));
  const cap = Math.min(opts.maxMs, opts.initialMs * opts.multiplier ** Math.max(0, failures - 1));
  return Math.floor(cap / 2 + random() * (cap / 2));
}
