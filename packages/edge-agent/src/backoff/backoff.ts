/**
 * Exponential backoff settings (the forwarder's `forwarder.backoff` section has these names).
 */
export interface BackoffOptions {
  /** First retry delay, ms. Default 500. */
  initialMs: number;
  /** Longest delay, ms. Default 60,000. */
  maxMs: number;
  /** Growth per failure. Default 2. */
  multiplier: number;
  /**
   * `equal` (default): half of each step fixed, half random, so hundreds of agents coming back
   * after a collector outage do not retry in lockstep. `none`: the step itself, for retries
   * against a device on this machine's own cable, where nobody else competes.
   */
  jitter?: 'equal' | 'none';
}

/**
 * The inputs' `reconnect`/`retry` sections: doubling from `minMs` to `maxMs`, without jitter
 * (a serial port, a Modbus unit or the broker on this agent's LAN has one client: this one).
 */
export interface BackoffRange {
  minMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 60_000, multiplier: 2 };

// Past this many failures the step is at maxMs for any multiplier ≥ 1.01 and any sane delay;
// the clamp keeps `multiplier ** n` finite.
const MAX_EXPONENT = 1_000;

/**
 * Delay before retry number `failures` (1-based): `initialMs · multiplier^(failures−1)`,
 * capped at `maxMs`, with the jitter of `opts.jitter`. A Retry-After from the collector is a
 * floor, with a little jitter on top.
 */
export function backoffDelayMs(
  failures: number,
  opts: BackoffOptions,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs + Math.floor(random() * Math.min(1_000, retryAfterMs * 0.1 + 50));
  const exponent = Math.min(MAX_EXPONENT, Math.max(0, failures - 1));
  const step = Math.min(opts.maxMs, opts.initialMs * opts.multiplier ** exponent);
  if (opts.jitter === 'none') return step;
  return Math.floor(step / 2 + random() * (step / 2));
}

/** Counts failures and gives the next delay; `reset()` after a success. */
export class Backoff {
  private readonly opts: BackoffOptions;
  private attempt = 0;

  constructor(
    opts: BackoffOptions | BackoffRange,
    private readonly random: () => number = Math.random,
  ) {
    this.opts =
      'minMs' in opts ? { initialMs: opts.minMs, maxMs: opts.maxMs, multiplier: 2, jitter: 'none' } : { ...opts };
    // A max below the initial delay is allowed (every step is then maxMs), as the configs allow it.
    if (!(this.opts.initialMs > 0 && this.opts.maxMs > 0 && this.opts.multiplier >= 1))
      throw new RangeError(`backoff needs positive delays and a multiplier ≥ 1, got ${JSON.stringify(opts)}`);
  }

  /** The delay before the next attempt, ms; counts one more failure. */
  next(retryAfterMs?: number): number {
    this.attempt++;
    return backoffDelayMs(this.attempt, this.opts, this.random, retryAfterMs);
  }

  /** Failures since the last success. */
  get failures(): number {
    return this.attempt;
  }

  reset(): void {
    this.attempt = 0;
  }
}
