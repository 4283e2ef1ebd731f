/** How hard a commit waits for the disk. Never `OFF`. */
export type SpoolSynchronous = 'FULL' | 'NORMAL';

/** Spool settings (from the `spool` section of agent.yaml). */
export interface SpoolOptions {
  /** Path of the SQLite file. */
  file: string;
  /** Cap on committed reading bytes; past it the oldest readings are dropped and reported as a gap. */
  maxBytes: number;
  /** Readings older than this (by append time), in days, are dropped and reported as a gap. */
  maxAgeDays: number;
  /**
   * `FULL` (default): every commit is on disk before it returns — a power cut loses nothing committed.
   * `NORMAL`: in WAL mode a power cut (not a process crash) may lose the last commits before a checkpoint.
   */
  synchronous: SpoolSynchronous;
  /**
   * Group commit. `0` (default): a commit starts as soon as the previous one finished, so a reading
   * is on disk within about one fsync and a kill loses only readings not yet handed over. Above 0:
   * buffered readings wait up to this many ms (fewer fsyncs on a slow disk; a kill or power cut
   * loses what waited).
   */
  flushIntervalMs: number;
  /**
   * With `flushIntervalMs: 0`: least time from the end of one commit to the start of the next, ms.
   * A commit starts at once when the previous one ended at least this long ago, else this long
   * after it ended, so a busy spool commits at most about 1,000 / `commitGapMs` times a second.
   * 0: no gap (every commit starts as soon as the previous one finished).
   */
  commitGapMs: number;
  /** Commit early once this many readings are buffered. */
  flushMaxReadings: number;
  /** While the disk is full, keep at most this many readings in memory; older ones are dropped as a `disk_full` gap. */
  maxBufferReadings: number;
  /**
   * Bytes kept in `<file>.reserve` while the disk has room, released when the disk is full so
   * delivered readings can still be deleted (and the spool shrink). 0: none.
   */
  reserveBytes: number;
  /** SQLite page cache, KiB: bounds the memory the queue holds, whatever the backlog. */
  cacheKiB: number;
}

export const DEFAULT_SPOOL_OPTIONS: Omit<SpoolOptions, 'file'> = {
  maxBytes: 2 * 1024 ** 3,
  maxAgeDays: 60,
  synchronous: 'FULL',
  flushIntervalMs: 0,
  commitGapMs: 20,
  flushMaxReadings: 5_000,
  maxBufferReadings: 200_000,
  reserveBytes: 8 * 1024 ** 2,
  cacheKiB: 2_000,
};

/** Fraction of `maxBytes` the spool shrinks to when the cap is hit, so it does not drop on every commit. */
export const CAP_LOW_WATER = 0.9;
