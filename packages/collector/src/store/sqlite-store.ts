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
CREATE INDEX IF NOT EXISTS readings_workshop_kind_ts ON readings (workshop, kind, ts);
`;

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
  body: string;
}

/** The embedded default store: one SQLite file in WAL mode. */
export class SqliteStore implements TimeSeriesStore {
  readonly name = 'sqlite';
  private db: Database.Database | null = null;
  private insert: Database.Statement | null = null;
  private writeMany: ((ws: string, agent: string, rs: readonly Reading[]) => WriteResult) | null = null;

  constructor(private readonly options: SqliteStoreOptions) {}

  async start(): Promise<void> {
    mkdirSync(path.dirname(path.resolve(this.options.file)), { recursive: true });
    const db = new Database(this.options.file);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${this.options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO readings (agent, seq, workshop, ts, kind, source, num, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insert = this.insert;
    this.writeMany = db.transaction((ws: string, agent: string, rs: readonly Reading[]) => {
      const result: WriteResult = { stored: [], duplicates: [] };
      for (const r of rs) {
        const info = insert.run(agent, r.seq, ws, r.ts, r.kind, r.source, numericOf(r), JSON.stringify(r));
        (info.changes === 1 ? result.stored : result.duplicates).push(r.seq);
      }
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
    const sql = `SELECT agent, seq, workshop, ts, body FROM readings WHERE ${where.join(' AND ')} ORDER BY ts, agent, seq LIMIT @limit`;
    const rows = db.prepare(sql).all(params) as Row[];
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      readings: page.map((r) => ({ workshopId: r.workshop, agentId: r.agent, reading: JSON.parse(r.body) as Reading })),
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
