import type { InputHealth } from '@gongbang/shared';

/** Connected flag, last data time, error counts by kind and why it is down, for one input. */
export class HealthTracker {
  connected = false;
  lastDataTs: number | null = null;
  /** Why the input is not connected (a code such as `port_absent`); shown only while disconnected. */
  reason: string | null = null;
  private readonly errors: Record<string, number> = {};

  constructor(readonly id: string) {}

  /** Counts one error of `kind` (an id such as `frame_too_long`). */
  count(kind: string, n = 1): void {
    this.errors[kind] = (this.errors[kind] ?? 0) + n;
  }

  data(ts: number): void {
    this.lastDataTs = ts;
  }

  snapshot(): InputHealth {
    const h: InputHealth = {
      id: this.id,
      connected: this.connected,
      lastDataTs: this.lastDataTs,
      errors: { ...this.errors },
    };
    if (!this.connected && this.reason !== null) h.reason = this.reason;
    return h;
  }
}
