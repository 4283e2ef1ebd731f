import { z } from 'zod';
import { cronProblem } from './cron.js';

/** The durable spool (docs/agent.md explains FULL vs NORMAL). */
export const SpoolSectionSchema = z.strictObject({
  /** SQLite file. Default `<dataDir>/spool.db`. */
  file: z.string().min(1).optional(),
  /** Cap on spooled reading bytes; past it the oldest are dropped and reported as a gap. Default 2 GiB (months at ~5 MB/day). */
  maxBytes: z
    .number()
    .int()
    .min(4_096)
    .default(2 * 1024 ** 3),
  /** Readings older than this many days are dropped and reported as a gap. Default 60. */
  maxAgeDays: z.number().positive().max(3_650).default(60),
  /** `FULL` (default): a commit is on disk when it returns. `NORMAL`: faster; a power cut may lose the last commits. Never OFF. */
  synchronous: z.enum(['FULL', 'NORMAL']).default('FULL'),
  /** Group commit. 0 (default): commit as soon as the previous commit finished. Above 0: readings wait up to this many ms. */
  flushIntervalMs: z.number().int().min(0).max(10_000).default(0),
  /**
   * With `flushIntervalMs: 0`: least time from the end of one commit to the start of the next, ms.
   * A reading after a quiet spell commits at once; under load commits are spaced by this gap
   * (at most about 1,000 / gap a second). Default 20; 0: commit as soon as the previous one finished.
   */
  commitGapMs: z.number().int().min(0).max(1_000).default(20),
  /** Commit early once this many readings are buffered. Default 5,000. */
  flushMaxReadings: z.number().int().min(1).max(100_000).default(5_000),
  /** While the disk is full, readings kept in memory at most; older ones become a `disk_full` gap. Default 200,000. */
  maxBufferReadings: z.number().int().min(1_000).default(200_000),
  /** Bytes kept free for deleting delivered readings on a full disk (`<file>.reserve`). Default 8 MiB; 0: none. */
  reserveBytes: z
    .number()
    .int()
    .min(0)
    .default(8 * 1024 ** 2),
  /**
   * SQLite page cache of the spool, KiB. Default 2,000: SQLite's own default (16 MiB) stays
   * resident after a backlog is drained, and a larger cache makes the queue no faster.
   */
  cacheKiB: z.number().int().min(64).max(1_048_576).default(2_000),
});

export const BackoffSectionSchema = z.strictObject({
  /** First retry delay, ms. Default 500. */
  initialMs: z.number().int().min(10).default(500),
  /** Longest retry delay, ms. Default 60,000. */
  maxMs: z.number().int().min(10).default(60_000),
  /** Growth per failed attempt. Default 2. */
  multiplier: z.number().min(1).max(10).default(2),
});

/** Batching and retries towards the collector. */
export const ForwarderSectionSchema = z.strictObject({
  /** Readings per batch, at most (the wire allows 10,000). Default 5,000. */
  batchMaxReadings: z.number().int().min(1).max(10_000).default(5_000),
  /** Bytes of reading JSON per batch before gzip, at most. Default 4 MiB. */
  batchMaxBytes: z
    .number()
    .int()
    .min(1_024)
    .default(4 * 1024 * 1024),
  /** Share of a batch kept for the newest readings while a backlog drains (0–0.5). Default 0.1. */
  liveShare: z.number().min(0).max(0.5).default(0.1),
  backoff: BackoffSectionSchema.prefault({}),
  /** While the collector is unreachable, check this often whether it is back, ms. Default 2,000. */
  probeIntervalMs: z.number().int().min(50).default(2_000),
  /** Per-request timeout, ms. Default 30,000. */
  requestTimeoutMs: z.number().int().min(100).default(30_000),
  /** Gzip request bodies. Default true. */
  gzip: z.boolean().default(true),
  /** Flag the agent's clock when it differs from the collector's by more than this, ms. Default 5,000. */
  clockOffsetWarnMs: z.number().int().min(0).default(5_000),
});

/** The read-only local status page for the owner. */
export const StatusPageSectionSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Interface to listen on. Default 127.0.0.1 (use 0.0.0.0 to see it from a phone on the workshop LAN). */
  host: z.string().min(1).default('127.0.0.1'),
  /** TCP port; 0 picks a free one (written to `<dataDir>/agent-status.json`). Default 8787. */
  port: z.number().int().min(0).max(65_535).default(8787),
});

export const LogSectionSchema = z.strictObject({
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

const CronSchema = z.string().superRefine((s, ctx) => {
  const problem = cronProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: `not a valid cron expression: ${problem}` });
});

/** Scheduled jobs (node-cron expressions; an optional first field is seconds). */
export const JobsSectionSchema = z.strictObject({
  /** Health reading (and remote-config pull). Default every minute. */
  heartbeat: CronSchema.default('* * * * *'),
  /** Spool caps by age, file tidy-up. Default hourly. */
  compaction: CronSchema.default('17 * * * *'),
  /** A daily summary line in the log. Default 23:55 in `timezone`. */
  dailySummary: CronSchema.default('55 23 * * *'),
  /** Time zone of the cron expressions. Default Asia/Seoul (KST, UTC+9). */
  timezone: z.string().min(1).default('Asia/Seoul'),
});
