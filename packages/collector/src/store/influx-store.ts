import { READING_KINDS, type Reading, type ReadingKind } from '@gongbang/shared';
import { HttpError, InfluxDB, setLogger, type Transport } from '@influxdata/influxdb-client';
import { MAX_CURSOR_OFFSET, MAX_TIME_MS } from './cursor.js';
import { asciiLines } from './influx/ascii-lines.js';
import { measurementOf, readingsToLines, rowToReading } from './influx/codec.js';
import { type InfluxQlResponse, InfluxQlValueError, ident, int, literal, rowsOf } from './influx/influxql.js';
import { MAX_QUERY_LIMIT, pageRange } from './influx/paging.js';
import { V1LineWriter } from './influx/v1-write.js';
import {
  type AggregateBucket,
  type AggregateQuery,
  type RangePage,
  type RangeQuery,
  type StoredReading,
  StoreRejectedError,
  StoreUnavailableError,
  type TimeSeriesStore,
  type WriteResult,
} from './types.js';

/** A kind known to the wire contract; anything else must not name a measurement. */
function kindOf(kind: string): ReadingKind {
  if (!(READING_KINDS as readonly string[]).includes(kind)) {
    throw new InfluxQlValueError('kind', kind, `one of ${READING_KINDS.join(', ')}`);
  }
  return kind as ReadingKind;
}

/** The little a store logs with (pino and Fastify loggers fit). */
export interface StoreLogger {
  debug(obj: object, msg?: string): void;
}

/** Options of the InfluxDB store (see docs/influxdb-schema.md for what is written). */
export interface InfluxStoreOptions {
  /** Base URL, e.g. `http://127.0.0.1:8086`. */
  url: string;
  /** `v2`: /api/v2/write through the client's WriteApi; `v1`: /write?db= for InfluxDB 1.0–1.7. */
  api: 'v1' | 'v2';
  /** v2: organisation and bucket. */
  org?: string;
  bucket?: string;
  /** v1: database and retention policy; also the database InfluxQL reads name (v2: the bucket). */
  database?: string;
  retentionPolicy?: string;
  /** v2 token (`Authorization: Token …`). */
  token?: string;
  /** v1 credentials (basic auth). */
  username?: string;
  password?: string;
  /** Per-request timeout, ms. Default 10,000. */
  timeoutMs?: number;
  /** Where the client's own failure messages go (debug level). */
  logger?: StoreLogger;
}

/** Stores readings in InfluxDB; reads them back with InfluxQL over /query. */
export class InfluxStore implements TimeSeriesStore {
  readonly name = 'influxdb';
  private readonly client: InfluxDB;
  private readonly transport: Transport;
  private readonly db: string;
  private readonly authHeaders: Record<string, string>;
  /** v1 writes go out as bytes through this; v2 writes through the client's WriteApi. */
  private readonly v1: V1LineWriter | undefined;

  constructor(private readonly options: InfluxStoreOptions) {
    if (options.api === 'v2' && !options.bucket) throw new Error('InfluxStore: api v2 needs a bucket');
    if (options.api === 'v1' && !options.database) throw new Error('InfluxStore: api v1 needs a database');
    this.client = new InfluxDB({ url: options.url, token: options.token, timeout: options.timeoutMs ?? 10_000 });
    this.transport = this.client.transport;
    this.db = options.database ?? options.bucket!;
    this.authHeaders =
      options.username !== undefined
        ? {
            authorization: `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`,
          }
        : {};
    this.v1 =
      options.api === 'v1'
        ? new V1LineWriter({
            url: options.url,
            database: options.database!,
            retentionPolicy: options.retentionPolicy,
            headers: this.authHeaders,
            timeoutMs: options.timeoutMs ?? 10_000,
          })
        : undefined;
  }

  async start(): Promise<void> {
    const log = this.options.logger;
    // The client logs failed writes itself; route that through pino (we report errors to callers anyway).
    setLogger({ error: (m, e) => log?.debug({ err: e }, m), warn: (m, e) => log?.debug({ err: e }, m) });
  }

  async stop(): Promise<void> {
    this.v1?.close();
  }

  async ping(): Promise<void> {
    await this.call(() => this.transport.request('/ping', '', { method: 'GET', headers: this.authHeaders }));
  }

  async write(workshopId: string, agentId: string, readings: readonly Reading[]): Promise<WriteResult> {
    if (readings.length > 0) {
      const body = asciiLines(workshopId, agentId, readings) ?? readingsToLines(workshopId, agentId, readings);
      await this.call(() => this.writeBody(body, readings.length));
    }
    // InfluxDB overwrites an identical point silently, so a replay cannot be told from a first write.
    return { stored: readings.map((r) => r.seq), duplicates: [] };
  }

  /** Writes line protocol as it is (ns precision); fails as `write` does. */
  async writeLines(lines: string[]): Promise<void> {
    await this.call(() => this.writeBody(lines.join('\n'), lines.length));
  }

  /** Writes `count` lines of line protocol joined by newlines: text, or its UTF-8 bytes. */
  private async writeBody(body: string | Buffer, count: number): Promise<void> {
    if (this.v1) {
      await this.v1.write(typeof body === 'string' ? Buffer.from(body) : body);
      return;
    }
    const o = this.options;
    const api = this.client.getWriteApi(o.org ?? '', o.bucket!, 'ns', {
      batchSize: count + 1,
      maxBufferLines: count + 1,
      flushInterval: 0,
      maxRetries: 0,
      gzipThreshold: Number.MAX_SAFE_INTEGER,
    });
    try {
      // One record holding every line: the client writes records joined by newlines as they are.
      api.writeRecord(typeof body === 'string' ? body : body.toString('utf8'));
      await api.flush();
    } finally {
      await api.close().catch(() => {});
    }
  }

  private async influxql(q: string): Promise<InfluxQlResponse> {
    const body = new URLSearchParams({ q, db: this.db, epoch: 'ms' }).toString();
    return (await this.call(() =>
      this.transport.request('/query', body, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...this.authHeaders },
      }),
    )) as InfluxQlResponse;
  }

  /** The WHERE clause of a range: every value escaped or checked (see influx/influxql.ts). */
  private where(q: { workshopId: string; fromMs: number; toMs: number; source?: string }): string {
    const parts = [
      `"workshop" = ${literal(q.workshopId)}`,
      `time >= ${int('from', q.fromMs, 0, MAX_TIME_MS)}ms`,
      `time < ${int('to', q.toMs, 0, MAX_TIME_MS)}ms`,
    ];
    if (q.source !== undefined) parts.push(`"source" = ${literal(q.source)}`);
    return parts.join(' AND ');
  }

  /** A page of a range, in (ts, agent, seq) order (see influx/paging.ts for how it pages). */
  async query(q: RangeQuery): Promise<RangePage> {
    const kinds: readonly ReadingKind[] = q.kind ? [kindOf(q.kind)] : READING_KINDS;
    return pageRange(q, async (fromMs, toMs, take) => {
      const limit = int('limit', take, 1, MAX_CURSOR_OFFSET + MAX_QUERY_LIMIT + 1);
      const where = this.where({ ...q, fromMs, toMs });
      const statements = kinds.map(
        (k) => `SELECT * FROM ${ident(measurementOf(k))} WHERE ${where} ORDER BY time ASC LIMIT ${limit}`,
      );
      const perKind = new Map<string, StoredReading[]>(kinds.map((k) => [measurementOf(k), []]));
      for (const { measurement, row } of rowsOf(await this.influxql(statements.join('; ')))) {
        perKind.get(measurement)?.push({
          workshopId: String(row.workshop),
          agentId: String(row.agent),
          reading: rowToReading(measurement.slice(3) as ReadingKind, row),
        });
      }
      return [...perKind.values()];
    });
  }

  async aggregate(q: AggregateQuery): Promise<AggregateBucket[]> {
    const field = q.kind === 'measurement' ? 'value' : q.kind === 'count' ? 'delta' : null;
    const sel = field
      ? `count("seq") AS "count", sum(${ident(field)}) AS "sum", min(${ident(field)}) AS "min", max(${ident(field)}) AS "max"`
      : 'count("seq") AS "count"';
    const bucket = int('bucketMs', q.bucketMs, 1, MAX_TIME_MS);
    const stmt = `SELECT ${sel} FROM ${ident(measurementOf(kindOf(q.kind)))} WHERE ${this.where(q)} GROUP BY time(${bucket}ms) fill(none)`;
    return rowsOf(await this.influxql(stmt)).map(({ row }) => ({
      startMs: Number(row.time),
      count: Number(row.count),
      sum: field ? (row.sum as number) : null,
      min: field ? (row.min as number) : null,
      max: field ? (row.max as number) : null,
    }));
  }

  /** v1: deletes old points; v2 servers apply the bucket's own retention, so this does nothing there. */
  async applyRetention(cutoffMs: number): Promise<number | null> {
    if (this.options.api !== 'v1') return null;
    await this.influxql(`DELETE FROM /^gb_/ WHERE time < ${int('cutoff', cutoffMs, 0, MAX_TIME_MS)}ms`);
    return null;
  }

  /** Maps transport failures: a server that cannot be reached or answers 5xx is unavailable (retry). */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof HttpError && [400, 413, 422].includes(err.statusCode)) {
        throw new StoreRejectedError(`InfluxDB refused the request (${err.statusCode}): ${err.message}`, {
          cause: err,
        });
      }
      const what = err instanceof HttpError ? `answered ${err.statusCode}` : `unreachable (${(err as Error).message})`;
      throw new StoreUnavailableError(`InfluxDB at ${this.options.url} ${what}`, { cause: err });
    }
  }
}
