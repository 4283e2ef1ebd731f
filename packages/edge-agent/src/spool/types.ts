import type { GapReading, Reading } from '@gongbang/shared';
import type { ReadingDraft } from '../inputs/types.js';

/** A reading waiting in the spool: its seq, capture time and the JSON text sent on the wire. */
export interface SpooledReading {
  seq: number;
  /** Capture time, UTC ms. */
  ts: number;
  /** The reading (with `seq`) as compact JSON; the forwarder splices it into a batch unparsed. */
  json: string;
}

/** A reading the collector refused for good; kept and shown, never retried, never dropped. */
export interface DeadLetter extends SpooledReading {
  /** Why: the collector's error or reject code, e.g. `invalid_batch`, `ts_in_future`. */
  code: string;
  message: string;
  /** When it was parked, UTC ms. */
  at: number;
}

/** Which dead letters to resend; no field means all of them. */
export interface DeadLetterFilter {
  /** Only these seqs. */
  seqs?: readonly number[];
  /** Only those parked with this code, e.g. `not_found`. */
  code?: string;
}

/** What the spool looks like now, for status, health readings and the forwarder. */
export interface SpoolStats {
  /** Readings waiting for an ack (committed + still buffered). */
  depth: number;
  /** Bytes of reading JSON committed in the spool. */
  bytes: number;
  /** Capture time of the oldest waiting reading, UTC ms; null when empty. */
  oldestTs: number | null;
  /** Readings parked as dead letters. */
  deadLetters: number;
  /** The next seq the spool will hand out. */
  nextSeq: number;
  /** Readings dropped since the spool file was created, by reason (each drop was reported as a gap). */
  dropped: Record<string, number>;
  /** Last operational problem (e.g. `disk_full`), null when healthy. */
  problem: { code: string; message: string; at: number } | null;
}

/** Which readings the forwarder wants next. */
export interface TakeOptions {
  /** At most this many readings. */
  maxReadings: number;
  /** At most about this many bytes of reading JSON (at least one reading is always returned). */
  maxBytes: number;
}

/**
 * The durable local queue. `append` is synchronous and never blocks on disk: readings are
 * buffered and group-committed; a seq is assigned at once and is never reused, even across
 * restarts. A reading leaves the spool only through `ack` (the collector stored it),
 * `deadLetter` (the collector refused it) or a cap (reported as a gap reading).
 */
export interface Spool {
  start(): Promise<void>;
  /** Commits what is buffered and closes the file. */
  stop(): Promise<void>;
  /** Buffers a reading, assigns its seq and returns it. */
  append(draft: ReadingDraft): number;
  /** Commits the buffer now (one transaction). */
  flush(): void;
  /**
   * Resolves once every reading appended so far is committed (at once when none waits). Rejects
   * with a `SpoolError` when they never will be: dropped while the disk was full (`disk_full`) or
   * the spool closed first (`spool_closed`). An MQTT input acknowledges a QoS 1/2 publish only
   * then, so the device keeps what the agent has not.
   */
  committed(): Promise<void>;
  /** The oldest committed readings, in seq order. */
  takeOldest(opts: TakeOptions): SpooledReading[];
  /** The newest committed readings with seq > `afterSeq`, in seq order (fresh data during a long drain). */
  takeNewest(afterSeq: number, opts: TakeOptions): SpooledReading[];
  /** Deletes acknowledged readings; returns how many were deleted. */
  ack(seqs: readonly number[]): number;
  /** Moves readings to the dead-letter table. */
  deadLetter(seqs: readonly number[], code: string, message: string): void;
  deadLetters(limit?: number): DeadLetter[];
  /**
   * Moves dead letters back into the queue, keeping their seq (the collector stores a reading
   * once per agent and seq, so a resend never duplicates); tells the commit listeners so the
   * forwarder sends them at once. Returns how many were moved.
   */
  resendDeadLetters(filter?: DeadLetterFilter): number;
  /** Enforces the byte and age caps (dropping the oldest, reported as gaps) and tidies the file. */
  compact(): void;
  stats(): SpoolStats;
  /** Capture time of the last committed reading of a source, so a device with memory can resume after it. */
  lastTs(source: string): number | undefined;
  /** A derived-signal number committed earlier (see DeriveStateStore). */
  getState(key: string): number | undefined;
  /** Sets a derived-signal number; written in the next commit, with the readings before it. */
  setState(key: string, value: number): void;
  /** Called after each commit that added readings (the forwarder wakes on it). */
  onCommit(listener: () => void): void;
}

export type GapDraft = Omit<GapReading, 'seq'>;
export type { Reading, ReadingDraft };
