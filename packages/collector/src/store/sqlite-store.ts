import type { Reading } from '@gongbang/shared';
import type Database from 'better-sqlite3';
import { decodeCursorFor, encodeCursor } from './cursor.js';
import { openReadingsDb } from './sqlite/db.js';
import { SqliteWriter } from './sqlite/writer.js';
import { SqliteWriterThread } from './sqlite/writer-thread.js';
import {
  type AggregateBucket,
  type AggregateQuery,
  type RangePage,
  type RangeQuery,
  StoreUnavailableError,
  type TimeSeriesStore,
  type WriteResult,
} from './types.js';

/** Options of the embedded store. */
export interface SqliteStoreOptions {
  /** The database file, e.g. `./data/readings.db`; its folder is created. */
  file: string;
  /** `full` (default) survives a power loss in WAL mode, as an acknowledged batch must; `normal` only a process crash. */
  synchronous?: 'normal' | 'full';
  /**
   * Write on a worker thread (default true), so inserts run beside the event loop that parses
   * and validates the next batches; reads use their own connection (WAL readers never block).
   */
  writerThread?: boolean;
}

interface Row {
  agent: string;
  seq: number;
  workshop: string;
  ts: number;
  kind: string;
  source: string;
  body: string;
}

function readingOf(r: Row): Reading {
  const { timeSource, ...rest } = JSON.parse(r.body) as { timeSource: string };
  // Keys in the wire order: seq, ts, timeSource, source, kind, then the kind's own fields.
  return { seq: r.seq, ts: r.ts, timeSource, source: r.source, kind: r.kind, ...rest } as Reading;
}

/** The embedded default store: one SQLite file in WAL mode. */
export class SqliteStore implements TimeSeriesStore {
  readonly name = 'sqlite';
  private db: Database.Database | null = null;
  private writer: SqliteWriter | SqliteWriterThread | null = null;

  constructor(private readonly options: SqliteStoreOptions) {}

  async start(): Promise<void> {
    const db = openReadingsDb(this.options.file, this.options.synchronous);
    if (this.options.writerThread === false) {
      this.writer = new SqliteWriter(db);
    } else {
      const thread = new SqliteWriterThread(this.options.file, this.options.synchronous ?? 'full');
      try {
        await thread.start();
      } catch (err) {
        db.close();
        throw err;
      }
      this.writer = thread;
    }
    this.db = db;
  }

  async stop(): Promise<void> {
    const w = this.writer;
    this.writer = null;
    if (w instanceof SqliteWriterThread) await w.stop();
    this.db?.close();
    this.db = null;
  }

  private open(): Database.Database {
    if (!this.db) throw new StoreUnavailableError('the SQLite store is not open');
    return this.db;
  }

  async ping(): Promise<void> {
    this.open().prepare('SELECT 1').get();
    if (this.writer instanceof SqliteWriterThread && !this.writer.running) {
      throw new StoreUnavailableError('the SQLite writer thread stopped');
    }
  }

  private writerOrThrow(): SqliteWriter | SqliteWriterThread {
    if (!this.writer) throw new StoreUnavailableError('the SQLite store is not open');
    return this.writer;
  }

  async write(workshopId: string, agentId: string, readings: readonly Reading[]): Promise<WriteResult> {
    const w = this.writerOrThrow();
    // A writer thread that died (out of memory, a native crash) is started again on the next write.
    if (w instanceof SqliteWriterThread && !w.running) await w.start();
    try {
      return await w.write(workshopId, agentId, readings);
    } catch (err) {
      if (err instanceof StoreUnavailableError) throw err;
      // Busy, full disk or I/O errors may pass; the agent keeps the batch and retries.
      throw new StoreUnavailableError(`SQLite write failed: ${(err as Error).message}`, { cause: err });
    }
  }

  async query(q: RangeQuery): Promise<RangePage> {
    const db = this.open();
    const where = ['workshop = @ws', 'ts >= @from', 'ts < @to'];
    const params: Record<string, unknown> = { ws: q.workshopId, from: q.fromMs, to: q.toMs, limit: q.limit + 1 };
    if (q.kind) {
      where.push('kind = @kind');
      params.kind = q.kind;
    }
    if (q.source) {
      where.push('source = @source');
      params.source = q.source;
    }
    const after = decodeCursorFor(q);
    if (after) {
      where.push('(ts, agent, seq) > (@cts, @cagent, @cseq)');
      Object.assign(params, { cts: after.ts, cagent: after.agent, cseq: after.seq });
    }
    const sql = `SELECT agent, seq, workshop, ts, kind, source, body FROM readings WHERE ${where.join(' AND ')} ORDER BY ts, agent, seq LIMIT @limit`;
    const rows = db.prepare(sql).all(params) as Row[];
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      readings: page.map((r) => ({ workshopId: r.workshop, agentId: r.agent, reading: readingOf(r) })),
      next: rows.length > q.limit && last ? encodeCursor({ ts: last.ts, agent: last.agent, seq: last.seq }) : undefined,
    };
  }

  async aggregate(q: AggregateQuery): Promise<AggregateBucket[]> {
    const db = this.open();
    const src = q.source ? 'AND source = @source' : '';
    const rows = db
      .prepare(
        `SELECT (ts - (ts % @bucket)) AS startMs, count(*) AS count, sum(num) AS sum, min(num) AS min, max(num) AS max
         FROM readings WHERE workshop = @ws AND kind = @kind AND ts >= @from AND ts < @to ${src}
         GROUP BY startMs ORDER BY startMs`,
      )
      .all({
        bucket: q.bucketMs,
        ws: q.workshopId,
        kind: q.kind,
        from: q.fromMs,
        to: q.toMs,
        source: q.source ?? null,
      });
    return rows as AggregateBucket[];
  }

  async applyRetention(cutoffMs: number): Promise<number> {
    return await this.writerOrThrow().applyRetention(cutoffMs);
  }
}
