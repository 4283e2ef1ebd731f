import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Reading } from '@gongbang/shared';
import Database from 'better-sqlite3';
import { decodeCursor, encodeCursor } from './cursor.js';
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
  /** `normal` (default) survives a process crash in WAL mode; `full` also a power loss. */
  synchronous?: 'normal' | 'full';
}

// WITHOUT ROWID keyed by (agent, seq): the primary key is the idempotency key, and each
// secondary index entry carries it, so (workshop, ts) also orders by (ts, agent, seq).
// One secondary index only: every index costs ingest throughput, and kind/source filters
// are applied on the workshop's time range. `body` is the reading's JSON without the
// columns stored beside it (seq, ts, kind, source).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS readings (
  agent TEXT NOT NULL,
  seq INTEGER NOT NULL,
  workshop TEXT NOT NULL,
  ts INTEGER NOT NULL,
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  num REAL,
  body TEXT NOT NULL,
  PRIMARY KEY (agent, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS readings_workshop_ts ON readings (workshop, ts);
`;

const INSERT = 'INSERT OR IGNORE INTO readings (agent, seq, workshop, ts, kind, source, num, body) VALUES';
const ROWS_PER_INSERT = 50;

function rowParams(ws: string, agent: string, rs: readonly Reading[], from: number, n: number): unknown[] {
  const out: unknown[] = new Array(n * 8);
  for (let j = 0; j < n; j++) {
    const r = rs[from + j]!;
    const o = j * 8;
    out[o] = agent;
    out[o + 1] = r.seq;
    out[o + 2] = ws;
    out[o + 3] = r.ts;
    out[o + 4] = r.kind;
    out[o + 5] = r.source;
    out[o + 6] = numericOf(r);
    out[o + 7] = bodyOf(r);
  }
  return out;
}

/** The reading's JSON without the fields kept in their own columns. */
function bodyOf(r: Reading): string {
  const { seq: _seq, ts: _ts, kind: _kind, source: _source, ...rest } = r;
  return JSON.stringify(rest);
}

/** The numeric value aggregates work on: measurement value, count delta. */
function numericOf(r: Reading): number | null {
  if (r.kind === 'measurement') return r.value;
  if (r.kind === 'count') return r.delta;
  return null;
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
  private writeMany: ((ws: string, agent: string, rs: readonly Reading[]) => WriteResult) | null = null;

  constructor(private readonly options: SqliteStoreOptions) {}

  async start(): Promise<void> {
    mkdirSync(path.dirname(path.resolve(this.options.file)), { recursive: true });
    const db = new Database(this.options.file);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${this.options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -32768'); // 32 MiB: the index pages of recent data stay in memory
    // Checkpoint every ~40 MB of WAL rather than 4 MB: fewer, larger copies into the database.
    db.pragma('wal_autocheckpoint = 10000');
    db.exec(SCHEMA);
    const existing = db.prepare('SELECT seq FROM readings WHERE agent = ? AND seq BETWEEN ? AND ?').pluck();
    const insertRows = (n: number) =>
      db.prepare(`${INSERT} ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`);
    const full = insertRows(ROWS_PER_INSERT);
    const one = insertRows(1);
    this.writeMany = db.transaction((ws: string, agent: string, rs: readonly Reading[]) => {
      // Which seqs are stored already (a replay): one range scan of the primary key.
      let lo = Number.POSITIVE_INFINITY;
      let hi = 0;
      for (const r of rs) {
        if (r.seq < lo) lo = r.seq;
        if (r.seq > hi) hi = r.seq;
      }
      const have = new Set(existing.all(agent, lo, hi) as number[]);
      const result: WriteResult = { stored: [], duplicates: [] };
      const fresh: Reading[] = [];
      for (const r of rs) {
        if (have.has(r.seq)) result.duplicates.push(r.seq);
        else {
          fresh.push(r);
          result.stored.push(r.seq);
          have.add(r.seq);
        }
      }
      // Many rows per statement: the per-statement overhead dominates single-row inserts.
      let i = 0;
      for (; i + ROWS_PER_INSERT <= fresh.length; i += ROWS_PER_INSERT) {
        full.run(rowParams(ws, agent, fresh, i, ROWS_PER_INSERT));
      }
      for (; i < fresh.length; i++) one.run(rowParams(ws, agent, fresh, i, 1));
      return result;
    });
    this.db = db;
  }

  async stop(): Promise<void> {
    this.db?.close();
    this.db = null;
  }

  private open(): Database.Database {
    if (!this.db) throw new StoreUnavailableError('the SQLite store is not open');
    return this.db;
  }

  async ping(): Promise<void> {
    this.open().prepare('SELECT 1').get();
  }

  async write(workshopId: string, agentId: string, readings: readonly Reading[]): Promise<WriteResult> {
    this.open();
    try {
      return this.writeMany!(workshopId, agentId, readings);
    } catch (err) {
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
    const after = decodeCursor(q.cursor);
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
    const info = this.open().prepare('DELETE FROM readings WHERE ts < ?').run(cutoffMs);
    return info.changes;
  }
}
