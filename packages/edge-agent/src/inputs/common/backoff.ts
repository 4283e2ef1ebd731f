import type { BackoffConfig } from '../../config/inputs.js';

/** Doubling delay from minMs to maxMs; `reset()` after a success. */
export class Backoff {
  private attempt = 0;
  constructor(private readonly cfg: BackoffConfig) {}

  next(): number {
    const d = Math.min(this.cfg.maxMs, this.cfg.minMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return d;
  }

  get failures(): number {
    return this.attempt;
  }

  reset(): void {
    this.attempt = 0;
  }
}
