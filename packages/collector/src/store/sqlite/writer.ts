import type { Reading } from '@gongbang/shared';
import type Database from 'better-sqlite3';
import type { WriteResult } from '../types.js';

const INSERT = 'INSERT OR IGNORE INTO readings (agent, seq, workshop, ts, kind, source, num, body) VALUES';
const ROWS_PER_INSERT = 50;
/** Columns per row in a {@link RowBatch}, in INSERT order. */
export const COLUMNS = 8;

/**
 * One agent's readings as flat insert parameters, COLUMNS per reading, as the statement of
 * {@link prepareRowInsert} takes them. The writer thread gets them packed ({@link PackedRows}).
 */
export interface RowBatch {
  params: unknown[];
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

/** Flat rows of readings: COLUMNS parameters per reading, in INSERT order. */
export function toRows(ws: string, agent: string, rs: readonly Reading[]): RowBatch {
  const params: unknown[] = new Array(rs.length * COLUMNS);
  for (let j = 0; j < rs.length; j++) {
    const r = rs[j]!;
    const o = j * COLUMNS;
    params[o] = agent;
    params[o + 1] = r.seq;
    params[o + 2] = ws;
    params[o + 3] = r.ts;
    params[o + 4] = r.kind;
    params[o + 5] = r.source;
    params[o + 6] = numericOf(r);
    params[o + 7] = bodyOf(r);
  }
  return { params };
}

/**
 * One agent's rows packed for the hop to the writer thread (issue #11): a structured clone
 * costs per value, and the flat rows hold eight values a reading. Packed, a batch is one
 * transferred buffer, one string and a handful of names, whatever its size.
 */
export interface PackedRows {
  agent: string;
  workshop: string;
  /** Per reading: seq, ts, the numeric column (NaN for null), then the kind's and the source's index in `names`. */
  numbers: Float64Array;
  /** The kinds and sources the batch names, each once. */
  names: string[];
  /** The bodies joined by newlines: JSON text never holds a raw newline. */
  bodies: string;
}

const NUMBERS = 5;

/** Packs readings for the writer thread; {@link unpackRows} gives the same rows as {@link toRows}. */
export function packRows(ws: string, agent: string, rs: readonly Reading[]): PackedRows {
  const numbers = new Float64Array(rs.length * NUMBERS);
  const index = new Map<string, number>();
  const names: string[] = [];
  const nameOf = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = names.push(s) - 1;
      index.set(s, i);
    }
    return i;
  };
  let bodies = '';
  for (let j = 0; j < rs.length; j++) {
    const r = rs[j]!;
    const o = j * NUMBERS;
    numbers[o] = r.seq;
    numbers[o + 1] = r.ts;
    numbers[o + 2] = numericOf(r) ?? Number.NaN;
    numbers[o + 3] = nameOf(r.kind);
    numbers[o + 4] = nameOf(r.source);
    bodies += j === 0 ? bodyOf(r) : `\n${bodyOf(r)}`;
  }
  return { agent, workshop: ws, numbers, names, bodies };
}

/** The flat rows of a packed batch (on the writer thread). */
export function unpackRows(p: PackedRows): RowBatch {
  const n = p.numbers.length / NUMBERS;
  const params: unknown[] = new Array(n * COLUMNS);
  if (n === 0) return { params };
  const bodies = p.bodies.split('\n');
  if (bodies.length !== n) throw new Error(`packed rows: ${n} readings but ${bodies.length} bodies`);
  const { agent, workshop, numbers, names } = p;
  for (let j = 0; j < n; j++) {
    const o = j * COLUMNS;
    const q = j * NUMBERS;
    const num = numbers[q + 2]!;
    params[o] = agent;
    params[o + 1] = numbers[q];
    params[o + 2] = workshop;
    params[o + 3] = numbers[q + 1];
    params[o + 4] = names[numbers[q + 3]!];
    params[o + 5] = names[numbers[q + 4]!];
    // SQLite stores a NaN bound as a double as NULL too; null keeps the column's meaning plain.
    params[o + 6] = Number.isNaN(num) ? null : num;
    params[o + 7] = bodies[j];
  }
  return { params };
}

/**
 * Prepares the insert of flat rows on `db`: many rows per statement, since the per-statement
 * overhead dominates single-row inserts. Rows whose (agent, seq) is stored already are ignored.
 * The collector's writer and the benchmark's raw-insert baseline both insert through this, so
 * the baseline follows the statement the collector runs.
 */
export function prepareRowInsert(db: Database.Database): (params: readonly unknown[]) => void {
  const insertRows = (n: number) =>
    db.prepare(`${INSERT} ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`);
  const full = insertRows(ROWS_PER_INSERT);
  const one = insertRows(1);
  const chunk = ROWS_PER_INSERT * COLUMNS;
  return (params) => {
    let i = 0;
    for (; i + chunk <= params.length; i += chunk) full.run(params.slice(i, i + chunk));
    for (; i < params.length; i += COLUMNS) one.run(params.slice(i, i + COLUMNS));
  };
}

/** Inserts readings idempotently by (agent, seq) on one connection; synchronous. */
export class SqliteWriter {
  /**
   * Writes several batches in one transaction, so one commit (one fsync at FULL) serves all
   * that arrived together. All or nothing: if the commit fails, every batch fails and is retried.
   */
  readonly writeMany: (batches: readonly RowBatch[]) => WriteResult[];
  private readonly retention: Database.Statement;

  constructor(db: Database.Database) {
    const existing = db.prepare('SELECT seq FROM readings WHERE agent = ? AND seq BETWEEN ? AND ?').pluck();
    const insert = prepareRowInsert(db);
    this.retention = db.prepare('DELETE FROM readings WHERE ts < ?');
    const writeOne = ({ params }: RowBatch): WriteResult => {
      const n = params.length / COLUMNS;
      if (n === 0) return { stored: [], duplicates: [] };
      const agent = params[0] as string;
      // Which seqs are stored already (a replay): one range scan of the primary key.
      let lo = Number.POSITIVE_INFINITY;
      let hi = 0;
      for (let j = 0; j < n; j++) {
        const seq = params[j * COLUMNS + 1] as number;
        if (seq < lo) lo = seq;
        if (seq > hi) hi = seq;
      }
      const have = new Set(existing.all(agent, lo, hi) as number[]);
      const result: WriteResult = { stored: [], duplicates: [] };
      let fresh = params;
      if (have.size > 0) {
        fresh = [];
        for (let j = 0; j < n; j++) {
          const seq = params[j * COLUMNS + 1] as number;
          if (have.has(seq)) result.duplicates.push(seq);
          else {
            for (let c = 0; c < COLUMNS; c++) fresh.push(params[j * COLUMNS + c]);
            have.add(seq);
          }
        }
      }
      const rows = fresh.length / COLUMNS;
      for (let j = 0; j < rows; j++) result.stored.push(fresh[j * COLUMNS + 1] as number);
      insert(fresh);
      return result;
    };
    this.writeMany = db.transaction((batches: readonly RowBatch[]) => batches.map(writeOne));
  }

  /**
   * writeMany for batches that arrived together, each answered on its own: when the shared
   * transaction fails, each batch is tried again in a transaction of its own, so a batch that
   * cannot be stored fails alone instead of taking the others of its group with it.
   */
  writeGroup(batches: readonly RowBatch[]): Array<WriteResult | Error> {
    try {
      return this.writeMany(batches).map((r) => ({ ...r, commitBatches: batches.length }));
    } catch (err) {
      if (batches.length === 1) return [err as Error];
      return batches.map((b) => {
        try {
          return { ...this.writeMany([b])[0]!, commitBatches: 1 };
        } catch (one) {
          return one as Error;
        }
      });
    }
  }

  write(workshopId: string, agentId: string, readings: readonly Reading[]): WriteResult {
    return { ...this.writeMany([toRows(workshopId, agentId, readings)])[0]!, commitBatches: 1 };
  }

  /** Deletes readings captured before `cutoffMs`; returns how many. */
  applyRetention(cutoffMs: number): number {
    return this.retention.run(cutoffMs).changes;
  }
}
