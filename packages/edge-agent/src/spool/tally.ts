import type { GapReading } from '@gongbang/shared';
import type { ReadingDraft } from '../inputs/types.js';
import type { GapDraft } from './types.js';

/** A reading in the commit buffer. */
export interface Buffered {
  seq: number;
  ts: number;
  /** Append time, UTC ms (the age cap uses it, not the device's clock). */
  at: number;
  source: string;
  json: string;
  bytes: number;
  /** A gap reading: never dropped by the caps. */
  gap: boolean;
}

export function toBuffered(seq: number, draft: ReadingDraft, at: number): Buffered {
  const json = JSON.stringify({ seq, ...draft });
  return {
    seq,
    ts: draft.ts,
    at,
    source: draft.source,
    json,
    bytes: Buffer.byteLength(json),
    gap: draft.kind === 'gap',
  };
}

/** What a gap reports about dropped readings. */
export interface DropSummary {
  count: number;
  fromSeq?: number;
  toSeq?: number;
  fromTs?: number;
  toTs?: number;
}

export function gapDraft(d: DropSummary, reason: GapReading['reason'], now: number): GapDraft {
  return {
    ts: now,
    timeSource: 'agent',
    source: 'agent',
    kind: 'gap',
    dropped: d.count,
    reason,
    ...(d.fromSeq !== undefined ? { fromSeq: d.fromSeq } : {}),
    ...(d.toSeq !== undefined ? { toSeq: d.toSeq } : {}),
    ...(d.fromTs !== undefined ? { fromTs: d.fromTs } : {}),
    ...(d.toTs !== undefined ? { toTs: d.toTs } : {}),
  };
}

/** Adds up readings dropped from memory until the gap can be written. */
export class DropTally {
  private d: DropSummary | undefined;

  add(rows: readonly Buffered[]): void {
    for (const r of rows) {
      const d = this.d ?? { count: 0, fromSeq: r.seq, fromTs: r.ts };
      d.count++;
      d.toSeq = r.seq;
      d.fromTs = Math.min(d.fromTs ?? r.ts, r.ts);
      d.toTs = Math.max(d.toTs ?? r.ts, r.ts);
      this.d = d;
    }
  }

  take(): DropSummary | undefined {
    const d = this.d;
    this.d = undefined;
    return d;
  }

  pendingAsRecord(): Record<string, number> {
    return this.d ? { disk_full_pending: this.d.count } : {};
  }
}
