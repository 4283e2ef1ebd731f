import type { Reading, ReadingKind } from '@gongbang/shared';

/** A reading as stored: the reading itself and who delivered it. */
export interface StoredReading {
  workshopId: string;
  agentId: string;
  reading: Reading;
}

/** What a write did, by sequence number. */
export interface WriteResult {
  /** Sequences stored by this write. */
  stored: number[];
  /**
   * Sequences that were already stored (a replay). Stores that cannot tell cheaply
   * (InfluxDB overwrites identical points) report every sequence as `stored`.
   */
  duplicates: number[];
  /**
   * How many batches (this one included) shared the commit that stored this one, for stores
   * that group commits (SQLite); absent where the store does not say. Reported on /metrics.
   */
  commitBatches?: number;
}

/** A raw range query; `from` inclusive, `to` exclusive, UTC ms. */
export interface RangeQuery {
  workshopId: string;
  fromMs: number;
  toMs: number;
  source?: string;
  kind?: ReadingKind;
  /** Most readings to return. */
  limit: number;
  /** Opaque position from a previous page's `next`. */
  cursor?: string;
}

export interface RangePage {
  readings: StoredReading[];
  /** Cursor for the next page; undefined on the last page. */
  next?: string;
}

/** Per-bucket aggregate of one kind: counts, and for measurements `value`, for counts `delta`. */
export interface AggregateQuery {
  workshopId: string;
  fromMs: number;
  toMs: number;
  kind: ReadingKind;
  source?: string;
  /** Bucket width, ms (buckets start at multiples of it since the epoch). */
  bucketMs: number;
}

export interface AggregateBucket {
  /** Bucket start, UTC ms. */
  startMs: number;
  count: number;
  /** Sum/min/max of the numeric field (measurement `value`, count `delta`); null for other kinds. */
  sum: number | null;
  min: number | null;
  max: number | null;
}

/**
 * Where readings live. Writes are idempotent by (agentId, seq): writing the same reading
 * twice changes nothing. Implementations throw {@link StoreUnavailableError} when the
 * backend cannot be reached, so callers can answer 503 instead of acknowledging.
 */
export interface TimeSeriesStore {
  /** Short name for logs and metrics: `sqlite`, `influxdb`. */
  readonly name: string;
  /** Opens files or connections and creates the schema. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Throws StoreUnavailableError when the backend cannot answer. */
  ping(): Promise<void>;
  write(workshopId: string, agentId: string, readings: readonly Reading[]): Promise<WriteResult>;
  query(q: RangeQuery): Promise<RangePage>;
  aggregate(q: AggregateQuery): Promise<AggregateBucket[]>;
  /** Deletes readings captured before `cutoffMs`; returns how many when the backend says. */
  applyRetention(cutoffMs: number): Promise<number | null>;
}

/** The store cannot be reached or refused the write for a reason that a retry may fix. */
export class StoreUnavailableError extends Error {
  readonly code = 'GB_STORE_UNAVAILABLE';
  readonly retryable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** The store refused the data itself (a retry will not help), e.g. an InfluxDB field type conflict. */
export class StoreRejectedError extends Error {
  readonly code = 'GB_STORE_REJECTED';
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreRejectedError';
  }
}
