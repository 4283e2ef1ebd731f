import type { Delivery, OutgoingBatch, Uplink } from '@gongbang/edge-agent';
import type { SeqRange } from '@gongbang/shared';

/** One acknowledged request: when it was sent (UTC ms), how long until the ack (ms), readings in it. */
export interface Exchange {
  at: number;
  ms: number;
  readings: number;
}

/**
 * An uplink around the real one that times every request from send to ack (the agent's view
 * of ingest latency) and adds up what the acks say: readings stored, duplicates, rejected.
 */
export class MeasuredUplink implements Uplink {
  readonly exchanges: Exchange[] = [];
  stored = 0;
  duplicates = 0;
  rejected = 0;
  failures = 0;

  constructor(private readonly inner: Uplink) {}

  async send(batch: OutgoingBatch, signal?: AbortSignal): Promise<Delivery> {
    const at = Date.now();
    const t0 = performance.now();
    try {
      const d = await this.inner.send(batch, signal);
      this.exchanges.push({ at, ms: performance.now() - t0, readings: batch.readings.length });
      this.stored += rangeSize(d.ack.stored);
      this.duplicates += rangeSize(d.ack.duplicates);
      this.rejected += d.ack.rejected.length;
      return d;
    } catch (err) {
      this.failures++;
      throw err;
    }
  }

  probe(signal?: AbortSignal): Promise<boolean> {
    return this.inner.probe(signal);
  }
}

function rangeSize(ranges: readonly SeqRange[]): number {
  let n = 0;
  for (const [lo, hi] of ranges) n += hi - lo + 1;
  return n;
}
