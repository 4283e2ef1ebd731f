import type { Reading } from '@gongbang/shared';
import type Database from 'better-sqlite3';
import type { WriteResult } from '../types.js';

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

/** Inserts readings idempotently by (agent, seq) on one connection; synchronous. */
export class SqliteWriter {
  readonly write: (workshopId: string, agentId: string, readings: readonly Reading[]) => WriteResult;
  private readonly retention: Database.Statement;

  constructor(db: Database.Database) {
    const existing = db.prepare('SELECT seq FROM readings WHERE agent = ? AND seq BETWEEN ? AND ?').pluck();
    const insertRows = (n: number) =>
      db.prepare(`${INSERT} ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`);
    const full = insertRows(ROWS_PER_INSERT);
    const one = insertRows(1);
    this.retention = db.prepare('DELETE FROM readings WHERE ts < ?');
    this.write = db.transaction((ws: string, agent: string, rs: readonly Reading[]) => {
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
  }

  /** Deletes readings captured before `cutoffMs`; returns how many. */
  applyRetention(cutoffMs: number): number {
    return this.retention.run(cutoffMs).changes;
  }
}
